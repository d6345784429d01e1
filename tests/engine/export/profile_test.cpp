// Export profiles: defaults, every key parsed, every mistake reported at once with its path.
#include "engine/export/profile.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace kamiflow::exporting {
namespace {

using nlohmann::json;

TEST(ExportProfile, DefaultsAreJapaneseLabelsIsoDatesUtf8BomCsvOfAcceptedAndReviewed) {
  auto p = parse_profile(json::object(), "p.lua");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->format, Format::kCsv);
  EXPECT_EQ(p->encoding, Encoding::kUtf8Bom);
  EXPECT_TRUE(p->crlf);
  EXPECT_EQ(p->header, HeaderStyle::kLabel);
  EXPECT_EQ(p->date, DateStyle::kIso);
  EXPECT_EQ(p->unencodable, Unencodable::kRefuse);
  EXPECT_EQ(p->states, (std::vector<std::string>{"accepted", "reviewed"}));
  EXPECT_EQ(p->file, "{form}.csv");
  EXPECT_FALSE(p->only_listed_forms);
}

TEST(ExportProfile, ParsesFormsColumnsMapsAndStyles) {
  json t = json::parse(R"({
    "encoding": "cp932", "line_end": "lf", "unencodable": "map", "date": "wareki", "header": "id",
    "states": ["accepted"],
    "forms": { "kokuho_shutoku": { "file": "KOKUHO.csv", "columns": [
      "name",
      { "field": "insured_sex", "header": "性別", "map": { "男": "1", "女": 2 } },
      { "field": "insured_birth_date", "date": "yyyymmdd" },
      { "value": "01", "header": "処理区分" },
      { "meta": "source_file" }
    ] } } })");
  auto p = parse_profile(t, "p.lua");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->encoding, Encoding::kCp932);
  EXPECT_FALSE(p->crlf);
  EXPECT_EQ(p->unencodable, Unencodable::kMap);
  EXPECT_EQ(p->date, DateStyle::kWareki);
  EXPECT_TRUE(p->only_listed_forms);
  const FormLayout& f = p->forms.at("kokuho_shutoku");
  EXPECT_EQ(f.file, "KOKUHO.csv");
  ASSERT_EQ(f.columns.size(), 5u);
  EXPECT_EQ(f.columns[0].name, "name");
  EXPECT_EQ(f.columns[1].map.at("男"), "1");
  EXPECT_EQ(f.columns[1].map.at("女"), "2") << "a number in a map is its decimal text";
  EXPECT_EQ(*f.columns[2].date, DateStyle::kYyyymmdd);
  EXPECT_EQ(f.columns[3].kind, Column::Kind::kConstant);
  EXPECT_EQ(f.columns[3].constant, "01");
  EXPECT_EQ(f.columns[4].kind, Column::Kind::kMeta);
}

TEST(ExportProfile, ReportsEveryMistakeWithItsPath) {
  json t = json::parse(R"({ "encodng": "cp932", "date": "jp", "states": ["done"],
    "forms": { "x": { "columns": [ { "field": "a", "meta": "page" }, { "meta": "colour" }, { "feild": "b" } ] } } })");
  auto p = parse_profile(t, "p.lua");
  ASSERT_FALSE(p.ok());
  const std::string m = p.status().message();
  EXPECT_NE(m.find("p.lua: encodng: unknown key"), std::string::npos) << m;
  EXPECT_NE(m.find("p.lua: date: unknown value 'jp' (iso, yyyymmdd, wareki, wareki_code)"), std::string::npos) << m;
  EXPECT_NE(m.find("unknown record state 'done'"), std::string::npos) << m;
  EXPECT_NE(m.find("forms.x.columns[1]: needs exactly one of field, meta or value"), std::string::npos) << m;
  EXPECT_NE(m.find("forms.x.columns[2].meta: unknown meta column 'colour'"), std::string::npos) << m;
  EXPECT_NE(m.find("forms.x.columns[3].feild: unknown key"), std::string::npos) << m;
}

TEST(ExportProfile, XlsxDefaultsToXlsxFilesAndRefusesCp932) {
  auto x = parse_profile(json{{"format", "xlsx"}}, "x.lua");
  ASSERT_TRUE(x.ok());
  EXPECT_EQ(x->file, "{form}.xlsx");
  auto bad = parse_profile(json{{"format", "xlsx"}, {"encoding", "cp932"}}, "x.lua");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("csv only"), std::string::npos);
}

TEST(ExportProfile, LoadsALuaFile) {
  testing::TempDir dir;
  testing::write_file(dir / "p.lua", "return { header = 'id', forms = { a = { columns = { 'x', { meta = 'page' } } } } }");
  auto p = load_profile((dir / "p.lua").string());
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->header, HeaderStyle::kId);
  EXPECT_EQ(p->forms.at("a").columns.size(), 2u);
  EXPECT_EQ(load_profile((dir / "missing.lua").string()).status().code(), StatusCode::kNotFound);
  testing::write_file(dir / "bad.lua", "return 42");
  EXPECT_EQ(load_profile((dir / "bad.lua").string()).status().code(), StatusCode::kInvalidInput);
}

}  // namespace
}  // namespace kamiflow::exporting
