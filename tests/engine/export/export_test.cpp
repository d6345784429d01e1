// export_records: one file per form with fixed columns, deterministic order, held-back records,
// CP932 refusal or mapping (𠮷, 髙), and .xlsx text cells.
#include "engine/export/export.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "engine/base/messages.hpp"
#include "engine/store/cp932.hpp"
#include "engine/templates/loader.hpp"
#include "test_support.hpp"

namespace kamiflow::exporting {
namespace {

namespace fs = std::filesystem;
using engine::RecordState;
using engine::StoredRecord;

TemplatePtr kokuho() {
  TemplateLoadOptions o;
  o.require_reference_image = false;
  auto t = load_template((testing::source_dir() / "samples/forms/kokuho_shutoku/template.lua").string(), o);
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return *t;
}

StoredRecord record(long long id, const std::string& file, int page, const std::string& name,
                    RecordState state = RecordState::kAccepted) {
  StoredRecord r;
  r.id = id;
  r.form_id = "kokuho_shutoku";
  r.source_file = file;
  r.page = page;
  r.state = state;
  auto add = [&](const std::string& n, const std::string& v) {
    engine::StoredField f;
    f.name = n;
    f.value = v;
    r.fields.push_back(f);
  };
  add("name", name);
  add("postal_code", "0424097");
  add("insured_sex", "female");
  add("insured_birth_date", "1990-02-03");
  add("my_number", "012345678901");
  return r;
}

ExportProfile resident_profile() {
  auto p = parse_profile(nlohmann::json::parse(R"({
    "encoding": "cp932",
    "forms": { "kokuho_shutoku": { "file": "KOKUHO_{form}.csv", "columns": [
      { "value": "01", "header": "処理区分" }, "name", "postal_code",
      { "field": "insured_sex", "header": "性別", "map": { "男": "1", "女": "2" } },
      { "field": "insured_birth_date", "date": "wareki_code" }, "relationship" ] } } })"),
                         "resident.lua");
  EXPECT_TRUE(p.ok()) << p.status().ToString();
  return *p;
}

std::string cp932(const std::string& utf8) {
  auto cd = detail::Iconv::open("UTF-8", "CP932");
  return cd->convert(utf8, false)->bytes;
}

TEST(Export, FixedColumnsMappedCodesAndCp932) {
  set_message_language(Language::kJapanese);
  testing::TempDir dir;
  std::vector<StoredRecord> recs = {record(1, "a.png", 1, "髙橋花子")};
  auto s = export_records(recs, {resident_profile(), {kokuho()}, dir.path()});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_EQ(s->files.size(), 1u);
  EXPECT_EQ(s->files[0].path, (dir / "KOKUHO_kokuho_shutoku.csv").string());
  const std::string text = testing::read_file(s->files[0].path);
  EXPECT_EQ(text, cp932("処理区分,世帯主氏名,郵便番号,性別,生年月日,続柄\r\n01,髙橋花子,0424097,2,4020203,\r\n"))
      << "CP932 without BOM, CRLF, 髙 kept, a column for relationship although no record holds it";
}

TEST(Export, SameRecordsInAnotherOrderGiveByteIdenticalFiles) {
  testing::TempDir a, b;
  std::vector<StoredRecord> recs;
  for (int i = 0; i < 12; ++i)
    recs.push_back(record(i + 1, "scan" + std::to_string(i % 4) + ".tif", i / 4 + 1, "山田" + std::to_string(i)));
  std::vector<StoredRecord> shuffled = recs;
  std::mt19937 rng(7);
  std::shuffle(shuffled.begin(), shuffled.end(), rng);
  for (std::size_t i = 0; i < shuffled.size(); ++i) shuffled[i].id = static_cast<long long>(100 + i);  // other ids
  ExportProfile p;
  auto s1 = export_records(recs, {p, {kokuho()}, a.path()});
  auto s2 = export_records(shuffled, {p, {kokuho()}, b.path()});
  ASSERT_TRUE(s1.ok() && s2.ok());
  const std::string one = testing::read_file(a / "kokuho_shutoku.csv");
  EXPECT_EQ(one, testing::read_file(b / "kokuho_shutoku.csv"));
  EXPECT_EQ(one.rfind("\xEF\xBB\xBF届出日,フリガナ,世帯主氏名,個人番号", 0), 0u) << "BOM, Japanese labels in template order";
}

TEST(Export, NeedsReviewIsHeldBackAndListed) {
  testing::TempDir dir;
  std::vector<StoredRecord> recs = {record(1, "a.png", 1, "佐藤"), record(2, "b.png", 1, "鈴木", RecordState::kNeedsReview),
                                    record(3, "c.png", 1, "田中", RecordState::kReviewed)};
  auto s = export_records(recs, {ExportProfile{}, {kokuho()}, dir.path()});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->exported, 2u);
  ASSERT_EQ(s->held_back.size(), 1u);
  EXPECT_EQ(s->held_back[0].record_id, 2);
  EXPECT_FALSE(s->held_back[0].refused);
  EXPECT_EQ(s->refused, 0u);
  EXPECT_EQ(testing::read_file(dir / "kokuho_shutoku.csv").find("鈴木"), std::string::npos);
}

TEST(Export, Cp932RefusesARecordWithACharacterItLacks) {
  set_message_language(Language::kJapanese);
  testing::TempDir dir;
  std::vector<StoredRecord> recs = {record(1, "a.png", 1, "𠮷田太郎"), record(2, "b.png", 1, "髙田一郎")};
  auto s = export_records(recs, {resident_profile(), {kokuho()}, dir.path()});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->exported, 1u);
  EXPECT_EQ(s->refused, 1u);
  ASSERT_EQ(s->held_back.size(), 1u);
  EXPECT_EQ(s->held_back[0].record_id, 1);
  EXPECT_NE(s->held_back[0].reason.find("𠮷 (U+20BB7)"), std::string::npos) << s->held_back[0].reason;
  const std::string text = testing::read_file(dir / "KOKUHO_kokuho_shutoku.csv");
  EXPECT_NE(text.find(cp932("髙田一郎")), std::string::npos);
  EXPECT_EQ(text.find('?'), std::string::npos) << "never a silent '?'";
}

TEST(Export, Cp932MapModeWritesTheUsualSubstituteAndWarnsPerRecord) {
  testing::TempDir dir;
  ExportProfile p = resident_profile();
  p.unencodable = Unencodable::kMap;
  std::vector<StoredRecord> recs = {record(1, "a.png", 1, "𠮷田太郎"), record(2, "b.png", 1, "森鷗外😀")};
  auto s = export_records(recs, {p, {kokuho()}, dir.path()});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->exported, 2u);
  ASSERT_EQ(s->warnings.size(), 2u) << "one warning per record";
  EXPECT_NE(s->warnings[0].message.find("𠮷 (U+20BB7) → 吉"), std::string::npos) << s->warnings[0].message;
  EXPECT_NE(s->warnings[1].message.find("鷗 (U+9DD7) → 鴎"), std::string::npos) << s->warnings[1].message;
  EXPECT_NE(s->warnings[1].message.find("→ 〓"), std::string::npos) << s->warnings[1].message;
  const std::string text = testing::read_file(dir / "KOKUHO_kokuho_shutoku.csv");
  EXPECT_NE(text.find(cp932("吉田太郎")), std::string::npos);
  EXPECT_NE(text.find(cp932("森鴎外〓")), std::string::npos);
}

TEST(Export, AnUnmappedChoiceOrABadDateHoldsTheRecordBack) {
  testing::TempDir dir;
  std::vector<StoredRecord> recs = {record(1, "a.png", 1, "佐藤", RecordState::kReviewed)};
  recs[0].fields[2].value = "other_sex";
  recs.push_back(record(2, "b.png", 1, "鈴木", RecordState::kReviewed));
  recs[1].fields[3].value = "令科7年4月11H";
  auto s = export_records(recs, {resident_profile(), {kokuho()}, dir.path()});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->exported, 0u);
  EXPECT_EQ(s->refused, 2u);
}

TEST(Export, AFieldTheTemplateLacksIsAnErrorNamingIt) {
  testing::TempDir dir;
  auto p = parse_profile(nlohmann::json::parse(R"({"forms": {"kokuho_shutoku": {"columns": ["nmae"]}}})"), "p.lua");
  ASSERT_TRUE(p.ok());
  auto s = export_records({}, {*p, {kokuho()}, dir.path()});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("no field 'nmae'"), std::string::npos) << s.status().message();
}

// The .xlsx as Excel reads it: openpyxl from Debian (python3-openpyxl) opens the workbook.
TEST(Export, XlsxKeepsLeadingZerosAndJapaneseHeadersAsText) {
  if (!fs::exists("/usr/bin/python3")) GTEST_SKIP() << "/usr/bin/python3 missing (cmake/install-deps.sh test)";
  testing::TempDir dir;
  auto p = parse_profile(nlohmann::json{{"format", "xlsx"}}, "x.lua");
  ASSERT_TRUE(p.ok());
  std::vector<StoredRecord> recs = {record(1, "a.png", 1, "髙橋花子")};
  auto s = export_records(recs, {*p, {kokuho()}, dir.path()});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  const fs::path xlsx = dir / "kokuho_shutoku.xlsx";
  ASSERT_TRUE(fs::exists(xlsx));
  testing::write_file(dir / "read.py",
                      "import sys, openpyxl\n"
                      "ws = openpyxl.load_workbook(sys.argv[1]).active\n"
                      "rows = list(ws.iter_rows(values_only=True))\n"
                      "h = list(rows[0]); r = list(rows[1])\n"
                      "print(ws.title)\n"
                      "print(h.index('郵便番号'), repr(r[h.index('郵便番号')]))\n"
                      "print(repr(r[h.index('個人番号')]))\n"
                      "print(r[h.index('世帯主氏名')], r[h.index('性別')])\n");
  auto r = testing::run_process({"/usr/bin/python3", (dir / "read.py").string(), xlsx.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("国民健康保険 被保険者資格取得届\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("'0424097'"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("'012345678901'"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("髙橋花子 女"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace kamiflow::exporting
