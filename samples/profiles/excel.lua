-- Every sample form to Excel: one .xlsx per form, Japanese headers, 和暦 dates, choices as their
-- printed labels, every cell text (leading zeros and 12-digit 個人番号 survive) (docs/export.md).
--   kamiflow export --db out/records.sqlite --profile samples/profiles/excel.lua --out out/excel
return {
  format = "xlsx",
  templates = { "samples/forms/*/template.lua" },
  date = "wareki",
  choices = "label",
  separator = "・",
  states = { "accepted", "reviewed" },
}
