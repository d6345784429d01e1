-- A 住民記録・国保システム-style fixed layout for the sample 国民健康保険 被保険者資格取得届:
-- CP932, CRLF, fixed column order, codes instead of words, 和暦コード dates (docs/export.md).
-- Run from the kamiflow source tree (template paths are relative to the current directory):
--   kamiflow export --db out/records.sqlite --profile samples/profiles/kokuho_jumin.lua --out out/core
return {
  templates = { "samples/forms/kokuho_shutoku/template.lua" },
  encoding = "cp932",            -- what the core system's CSV import reads
  unencodable = "refuse",        -- a name with 𠮷 is held back for the clerk, never written as '?'
  date = "wareki_code",          -- 令和7年4月11日 → 5070411
  forms = {
    kokuho_shutoku = {
      file = "KOKUHO_SHUTOKU.csv",
      columns = {
        { value = "11", header = "処理区分" },            -- constant: 11 = 資格取得
        { field = "insured_my_number", header = "個人番号" },
        { field = "insured_name", header = "氏名" },
        { field = "insured_kana", header = "カナ氏名" },
        { field = "insured_birth_date", header = "生年月日" },
        { field = "insured_sex", header = "性別", map = { ["男"] = "1", ["女"] = "2" } },
        { field = "relationship", header = "続柄",
          map = { ["世帯主"] = "01", ["配偶者"] = "02", ["子"] = "03", ["父母"] = "04", ["その他"] = "99" } },
        { field = "name", header = "世帯主氏名" },
        { field = "postal_code", header = "郵便番号" },
        { field = "address", header = "住所" },
        { field = "acquisition_date", header = "資格取得日", date = "yyyymmdd" },
        { field = "reason", header = "取得事由",
          map = { moved_in = "1", left_employee_insurance = "2", birth = "3", welfare_ended = "4",
                  foreign_resident = "5", other = "9" } },
        { field = "notification_date", header = "届出日" },
        { meta = "source_file", header = "原本ファイル" },
        { meta = "page", header = "頁" },
      },
    },
  },
}
