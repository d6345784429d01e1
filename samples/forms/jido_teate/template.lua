-- 児童手当認定請求書 (child allowance claim): a sample form shipped with kamiflow, and with 20
-- fields the largest one (the speed targets speak of "a 20-field A4 form"). The claimant fills
-- the first block, the spouse the second, and up to two children side by side in the third;
-- the allowance is paid into the account of the last block. blank.png is rendered from this file.
-- Field names carry their meaning for the generator (see docs/samples.md): spouse_* and child1_*,
-- child2_* are other people of the claimant's household.

-- Digit-box cells 8 mm high, left to right, with a 4 mm gap after cell `gap_after` (where the
-- hyphen of 〒123-4567 is printed).
local function cells(x, y, n, w, gap_after)
  local out, cx = {}, x
  for i = 1, n do
    out[#out + 1] = { x = cx, y = y, w = w, h = 8 }
    cx = cx + w + ((gap_after and i == gap_after) and 4 or 0)
  end
  return out
end

return {
  id = "jido_teate", title = "児童手当認定請求書",
  page = { width_mm = 210, height_mm = 297 },
  reference = { image = "blank.png", dpi = 150 },
  fields = {
    { name = "claim_date", label = "請求日", type = "date", box = { x = 144, y = 26, w = 54, h = 9 },
      lang = "jpn", single_line = true, required = true,
      normalise = { "nfkc", "strip_spaces", "date_iso" }, validate = { "date" } },
    -- 1 請求者: the birth date is a tall cell beside フリガナ and 氏名
    { name = "kana", label = "フリガナ", type = "kana", box = { x = 38, y = 48, w = 80, h = 8 },
      lang = "jpn", single_line = true, required = true,
      normalise = { "nfkc", "hiragana_to_katakana", "strip_spaces" }, validate = { "katakana" },
      reading_of = "name" },
    { name = "name", label = "請求者氏名", type = "text", box = { x = 38, y = 56, w = 80, h = 12 },
      lang = "jpn", single_line = true, required = true, normalise = { "nfkc", "strip_spaces" } },
    { name = "birth_date", label = "生年月日", type = "date", box = { x = 144, y = 48, w = 54, h = 20 },
      lang = "jpn", single_line = true, required = true,
      normalise = { "nfkc", "strip_spaces", "date_iso" }, validate = { "date" } },
    { name = "my_number", label = "個人番号", type = "digit_boxes", box = { x = 38, y = 68, w = 90, h = 10 },
      lang = "eng", whitelist = "0123456789", required = true,
      normalise = { "digits_only" }, validate = { "my_number" },
      cells = cells(40, 69, 12, 7) },
    { name = "postal_code", label = "郵便番号", type = "digit_boxes", box = { x = 38, y = 78, w = 56, h = 10 },
      lang = "eng", whitelist = "0123456789", required = true,
      normalise = { "postal_code" }, validate = { "postal_code" },
      cells = cells(40, 79, 7, 6.5, 3) },
    { name = "phone", label = "電話番号", type = "digits", box = { x = 136, y = 78, w = 62, h = 10 },
      lang = "eng", whitelist = "0123456789-()", single_line = true, required = true,
      normalise = { "phone" }, validate = { "phone" } },
    { name = "address", label = "住所", type = "text", box = { x = 38, y = 88, w = 160, h = 13 },
      lang = "jpn", single_line = true, required = true, normalise = { "nfkc", "strip_spaces" } },
    { name = "pension", label = "加入年金", type = "checkbox_group", box = { x = 38, y = 101, w = 160, h = 10 },
      multiple = false, required = true,
      options = {
        { value = "employee_pension", label = "厚生年金", box = { x = 42, y = 104, w = 4, h = 4 } },
        { value = "mutual_aid", label = "共済組合", box = { x = 78, y = 104, w = 4, h = 4 } },
        { value = "national_pension", label = "国民年金", box = { x = 114, y = 104, w = 4, h = 4 } },
        { value = "other", label = "その他", box = { x = 150, y = 104, w = 4, h = 4 } },
      } },
    -- 2 配偶者 (optional: a single parent leaves it empty)
    { name = "spouse_kana", label = "フリガナ", type = "kana", box = { x = 38, y = 123, w = 92, h = 8 },
      lang = "jpn", single_line = true, required = false,
      normalise = { "nfkc", "hiragana_to_katakana", "strip_spaces" }, validate = { "katakana" },
      reading_of = "spouse_name" },
    { name = "spouse_name", label = "配偶者氏名", type = "text", box = { x = 38, y = 131, w = 92, h = 12 },
      lang = "jpn", single_line = true, required = false, normalise = { "nfkc", "strip_spaces" } },
    -- 3 児童: two columns, the second child optional
    { name = "child1_kana", label = "フリガナ", type = "kana", box = { x = 38, y = 157, w = 66, h = 8 },
      lang = "jpn", single_line = true, required = true,
      normalise = { "nfkc", "hiragana_to_katakana", "strip_spaces" }, validate = { "katakana" },
      reading_of = "child1_name" },
    { name = "child1_name", label = "児童氏名", type = "text", box = { x = 38, y = 165, w = 66, h = 12 },
      lang = "jpn", single_line = true, required = true, normalise = { "nfkc", "strip_spaces" } },
    { name = "child1_birth_date", label = "生年月日", type = "date", box = { x = 38, y = 177, w = 66, h = 10 },
      lang = "jpn", single_line = true, required = true,
      normalise = { "nfkc", "strip_spaces", "date_iso" }, validate = { "date" } },
    { name = "child2_kana", label = "フリガナ", type = "kana", box = { x = 130, y = 157, w = 68, h = 8 },
      lang = "jpn", single_line = true, required = false,
      normalise = { "nfkc", "hiragana_to_katakana", "strip_spaces" }, validate = { "katakana" },
      reading_of = "child2_name" },
    { name = "child2_name", label = "児童氏名", type = "text", box = { x = 130, y = 165, w = 68, h = 12 },
      lang = "jpn", single_line = true, required = false, normalise = { "nfkc", "strip_spaces" } },
    { name = "child2_birth_date", label = "生年月日", type = "date", box = { x = 130, y = 177, w = 68, h = 10 },
      lang = "jpn", single_line = true, required = false,
      normalise = { "nfkc", "strip_spaces", "date_iso" }, validate = { "date" } },
    { name = "relationship", label = "児童との続柄", type = "circled_choice", box = { x = 38, y = 187, w = 160, h = 10 },
      required = true,
      options = {
        { value = "father", label = "父", box = { x = 46, y = 188, w = 10, h = 8 } },
        { value = "mother", label = "母", box = { x = 66, y = 188, w = 10, h = 8 } },
        { value = "grandparent", label = "祖父母", box = { x = 86, y = 188, w = 16, h = 8 } },
        { value = "other", label = "その他", box = { x = 112, y = 188, w = 16, h = 8 } },
      } },
    -- 4 振込先口座
    { name = "account_type", label = "預金種目", type = "circled_choice", box = { x = 38, y = 219, w = 48, h = 10 },
      required = true,
      options = {
        { value = "ordinary", label = "普通", box = { x = 44, y = 220, w = 14, h = 8 } },
        { value = "current", label = "当座", box = { x = 66, y = 220, w = 14, h = 8 } },
      } },
    { name = "account_number", label = "口座番号", type = "digit_boxes", box = { x = 112, y = 219, w = 53, h = 10 },
      lang = "eng", whitelist = "0123456789", required = true,
      normalise = { "digits_only" }, validate = { "digits" },
      cells = cells(114, 220, 7, 7) },
  },
  printed = {
    -- registration marks in the four corners
    { kind = "line", x1 = 8, y1 = 10.5, x2 = 13, y2 = 10.5, stroke_mm = 5 },
    { kind = "line", x1 = 197, y1 = 10.5, x2 = 202, y2 = 10.5, stroke_mm = 5 },
    { kind = "line", x1 = 8, y1 = 286.5, x2 = 13, y2 = 286.5, stroke_mm = 5 },
    { kind = "line", x1 = 197, y1 = 286.5, x2 = 202, y2 = 286.5, stroke_mm = 5 },
    { kind = "text", x = 71, y = 13, size_mm = 7.5, text = "児童手当認定請求書", bold = true },
    { kind = "text", x = 12, y = 24, size_mm = 3.5, text = "（宛先）区市町村長" },
    { kind = "text", x = 12, y = 30, size_mm = 3, text = "下記のとおり児童手当の認定を請求します。" },
    -- 1 請求者
    { kind = "text", x = 12, y = 41.5, size_mm = 4, text = "1　請求者", bold = true },
    { kind = "rect", x = 12, y = 48, w = 186, h = 63, stroke_mm = 0.6 },
    { kind = "text", x = 133, y = 70, size_mm = 2.6, text = "※ 個人番号は本人確認書類" },
    { kind = "text", x = 133, y = 74, size_mm = 2.6, text = "　 で確認します。" },
    -- 2 配偶者
    { kind = "text", x = 12, y = 116.5, size_mm = 4, text = "2　配偶者", bold = true },
    { kind = "text", x = 42, y = 117, size_mm = 3, text = "（配偶者がいない場合は記入不要）" },
    { kind = "rect", x = 12, y = 123, w = 186, h = 20, stroke_mm = 0.6 },
    { kind = "line", x1 = 130, y1 = 123, x2 = 130, y2 = 143, stroke_mm = 0.3 },
    { kind = "text", x = 134, y = 126, size_mm = 2.8, text = "請求者と生計を同じくする配偶者" },
    { kind = "text", x = 134, y = 131, size_mm = 2.8, text = "について記入してください。" },
    { kind = "text", x = 134, y = 136, size_mm = 2.8, text = "所得の高い方が請求者です。" },
    -- 3 児童
    { kind = "text", x = 12, y = 150.5, size_mm = 4, text = "3　監護している児童", bold = true },
    { kind = "text", x = 78, y = 151, size_mm = 3, text = "（18歳到達後最初の3月31日までの児童）" },
    { kind = "rect", x = 12, y = 157, w = 186, h = 40, stroke_mm = 0.6 },
    { kind = "line", x1 = 104, y1 = 157, x2 = 104, y2 = 187, stroke_mm = 0.6 },
    -- 4 振込先口座
    { kind = "text", x = 12, y = 204.5, size_mm = 4, text = "4　振込先口座（請求者名義）", bold = true },
    { kind = "rect", x = 12, y = 211, w = 186, h = 18, stroke_mm = 0.6 },
    { kind = "line", x1 = 12, y1 = 219, x2 = 198, y2 = 219, stroke_mm = 0.3 },
    { kind = "text", x = 14, y = 213, size_mm = 3.2, text = "金融機関名" },
    { kind = "text", x = 70, y = 213, size_mm = 3.2, text = "銀行・金庫・組合" },
    { kind = "text", x = 120, y = 213, size_mm = 3.2, text = "支店名" },
    { kind = "text", x = 172, y = 213, size_mm = 3.2, text = "本店・支店" },
    { kind = "text", x = 170, y = 221, size_mm = 2.6, text = "右詰めで" },
    { kind = "text", x = 170, y = 225, size_mm = 2.6, text = "記入" },
    -- notes, example, office use
    { kind = "text", x = 12, y = 234, size_mm = 3.8, text = "記入上の注意", bold = true },
    { kind = "text", x = 12, y = 240, size_mm = 3, text = "1. 出生や転入の日の翌日から15日以内に請求してください。" },
    { kind = "text", x = 12, y = 245, size_mm = 3, text = "2. 該当する□にレ印をつけ、続柄と預金種目は該当するものを○で囲んでください。" },
    { kind = "text", x = 12, y = 250, size_mm = 3, text = "記入例　生年月日：令和3年7月14日　口座番号：0123456" },
    { kind = "text", x = 12, y = 257, size_mm = 3, text = "※ 以下は記入しないでください（市区町村使用欄）" },
    { kind = "rect", x = 12, y = 262, w = 186, h = 12, stroke_mm = 0.3 },
    { kind = "line", x1 = 58.5, y1 = 262, x2 = 58.5, y2 = 274, stroke_mm = 0.3 },
    { kind = "line", x1 = 105, y1 = 262, x2 = 105, y2 = 274, stroke_mm = 0.3 },
    { kind = "line", x1 = 151.5, y1 = 262, x2 = 151.5, y2 = 274, stroke_mm = 0.3 },
    { kind = "text", x = 14, y = 263, size_mm = 2.8, text = "受付" },
    { kind = "text", x = 60.5, y = 263, size_mm = 2.8, text = "認定" },
    { kind = "text", x = 107, y = 263, size_mm = 2.8, text = "支給開始月" },
    { kind = "text", x = 153.5, y = 263, size_mm = 2.8, text = "受給者番号" },
    { kind = "text", x = 12, y = 278, size_mm = 2.5, text = "kamiflow サンプル様式（架空の様式です）" },
  },
}
