-- The complete example of docs/templates.md; template_loader_test loads it, so the
-- documentation cannot drift from what the loader accepts.
return {
  id = "inkan_touroku",
  title = "印鑑登録申請書",
  page = { width_mm = 210, height_mm = 297 },
  reference = { image = "blank.png", dpi = 150 },
  fields = {
    { name = "name", label = "氏名", type = "text", box = { x = 30, y = 60, w = 80, h = 10 },
      required = true, normalise = { "nfkc", "strip_spaces" } },
    { name = "name_kana", label = "フリガナ", type = "kana", box = { x = 30, y = 50, w = 80, h = 8 } },
    { name = "birth_date", label = "生年月日", type = "date", box = { x = 120, y = 60, w = 70, h = 10 },
      required = true },
    { name = "phone", label = "電話番号", type = "digits", box = { x = 120, y = 75, w = 70, h = 10 },
      normalise = { "nfkc", "phone" }, validate = { "phone" }, review_threshold = 0.9 },
    { name = "postal_code", label = "郵便番号", type = "digit_boxes",
      box = { x = 30, y = 75, w = 70, h = 10 }, cells = 7,
      normalise = { "nfkc", "digits_only", "postal_code" }, validate = { "postal_code" } },
    { name = "my_number", label = "個人番号", type = "digit_boxes",
      box = { x = 30, y = 90, w = 120, h = 10 },
      cells = {
        { x = 30, y = 90, w = 10, h = 10 }, { x = 40, y = 90, w = 10, h = 10 },
        { x = 50, y = 90, w = 10, h = 10 }, { x = 60, y = 90, w = 10, h = 10 },
        { x = 70, y = 90, w = 10, h = 10 }, { x = 80, y = 90, w = 10, h = 10 },
        { x = 90, y = 90, w = 10, h = 10 }, { x = 100, y = 90, w = 10, h = 10 },
        { x = 110, y = 90, w = 10, h = 10 }, { x = 120, y = 90, w = 10, h = 10 },
        { x = 130, y = 90, w = 10, h = 10 }, { x = 140, y = 90, w = 10, h = 10 },
      },
      validate = { "my_number" } },
    { name = "sex", label = "性別", type = "checkbox_group", multiple = false, required = true,
      box = { x = 30, y = 105, w = 60, h = 8 },
      options = {
        { value = "male", label = "男", box = { x = 30, y = 105, w = 6, h = 6 } },
        { value = "female", label = "女", box = { x = 60, y = 105, w = 6, h = 6 } },
      } },
    { name = "era", label = "元号", type = "circled_choice", box = { x = 120, y = 105, w = 60, h = 8 },
      options = {
        { value = "showa", label = "昭和", box = { x = 120, y = 105, w = 15, h = 8 } },
        { value = "heisei", label = "平成", box = { x = 140, y = 105, w = 15, h = 8 } },
        { value = "reiwa", label = "令和", box = { x = 160, y = 105, w = 15, h = 8 } },
      } },
  },
  printed = {
    { kind = "text", x = 70, y = 12, size_mm = 7, text = "印鑑登録申請書", bold = true },
    { kind = "line", x1 = 20, y1 = 30, x2 = 190, y2 = 30, stroke_mm = 0.4 },
    { kind = "rect", x = 20, y = 40, w = 170, h = 80, stroke_mm = 0.3 },
    { kind = "circle_mark", x = 180, y = 60, w = 10, h = 10 },
  },
}
