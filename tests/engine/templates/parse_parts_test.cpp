// The `parts` key of date fields (printed era and 年/月/日, numbers written in slots): read with
// defaults from the field's box, and every mistake reported with file, field and key.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "engine/templates/loader.hpp"
#include "test_support.hpp"

namespace kamiflow {
namespace {

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

using Loaded = Result<std::shared_ptr<const ocr::FormTemplate>>;

// A one-field template whose date field has `parts` (Lua source) on the box x 140..190, y 30..39.
Loaded load_with_parts(testing::TempDir& dir, const std::string& parts, const std::string& type = "date") {
  testing::write_file(dir / "t.lua", "return { id = \"t\", fields = {\n"
                                     "  { name = \"filed_on\", type = \"" + type +
                                         "\", box = { x = 140, y = 30, w = 50, h = 9 },\n"
                                         "    parts = " + parts + " } } }");
  return load_template((dir / "t.lua").string());
}

// Every expected line is in the error report, and nothing else.
void expect_errors(const Loaded& loaded, const std::string& path, const std::vector<std::string>& expected) {
  ASSERT_EQ(loaded.status().code(), StatusCode::kInvalidInput) << loaded.status().ToString();
  const std::vector<std::string> got = lines_of(loaded.status().message());
  for (const auto& line : expected)
    EXPECT_NE(std::find(got.begin(), got.end(), path + ": " + line), got.end())
        << "missing: " << line << "\n got:\n" << loaded.status().message();
  EXPECT_EQ(got.size(), expected.size()) << loaded.status().message();
}

TEST(TemplateDateParts, SlotsTakeTheirHeightFromTheFieldsBox) {
  testing::TempDir dir;
  auto loaded = load_with_parts(dir, R"({ era = "令和", year = { x = 148, w = 9 }, month = { x = 161, w = 9 },
                                         day = { x = 174, w = 9, y = 31, h = 7 } })");
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  const ocr::PrintedParts& p = (*loaded)->fields[0].parts;
  EXPECT_EQ(p.era, "令和");
  ASSERT_EQ(p.slots.size(), 3u);
  EXPECT_EQ(p.slots[0].name, "year");
  EXPECT_EQ(p.slots[1].name, "month");
  EXPECT_EQ(p.slots[2].name, "day");
  EXPECT_EQ(p.slots[0].box.x, 148);
  EXPECT_EQ(p.slots[0].box.w, 9);
  EXPECT_EQ(p.slots[0].box.y, 30);  // defaults: the field's box
  EXPECT_EQ(p.slots[0].box.h, 9);
  EXPECT_EQ(p.slots[2].box.y, 31);  // given
  EXPECT_EQ(p.slots[2].box.h, 7);
  EXPECT_TRUE(check_template(**loaded).empty());
}

TEST(TemplateDateParts, SlotOutsideTheBoxOverlappingOrOutOfOrderIsNamed) {
  testing::TempDir dir;
  const std::string path = (dir / "t.lua").string();
  expect_errors(load_with_parts(dir, R"({ era = "令和", year = { x = 136, w = 9 }, month = { x = 160, w = 9 },
                                         day = { x = 166, w = 9 } })"),
                path,
                {"field 'filed_on': parts.year (x = 136 to 145 mm, y = 30 to 39 mm) is not inside the field's box "
                 "(x = 140 to 190 mm, y = 30 to 39 mm)",
                 "field 'filed_on': parts.day (x = 166 mm) must start right of parts.month (which ends at x = 169 mm)"});
  expect_errors(load_with_parts(dir, R"({ era = "令和", year = { x = 170, w = 9 }, month = { x = 150, w = 9 },
                                         day = { x = 180, w = 0 } })"),
                path,
                {"field 'filed_on': parts.month (x = 150 mm) must start right of parts.year (which ends at x = 179 mm)",
                 "field 'filed_on': parts.day has no area (w = 0 mm, h = 9 mm)"});
  expect_errors(load_with_parts(dir, R"({ era = "令和", year = { x = 148, w = 9 }, month = { x = 161, w = 9 },
                                         day = { x = 174, w = 9, y = 35, h = 8 } })"),
                path,
                {"field 'filed_on': parts.day (x = 174 to 183 mm, y = 35 to 43 mm) is not inside the field's box "
                 "(x = 140 to 190 mm, y = 30 to 39 mm)"});
}

TEST(TemplateDateParts, MissingMistypedAndMisspelledKeysAreNamed) {
  testing::TempDir dir;
  const std::string path = (dir / "t.lua").string();
  expect_errors(load_with_parts(dir, R"({ era = "令和", year = { x = 148, w = 9 }, mnth = { x = 161, w = 9 },
                                         day = { x = "174", w = 9, wide = 2 } })"),
                path,
                {"field 'filed_on': parts: 'month' is required",
                 "field 'filed_on': parts.day: 'x' must be a number (got string)",
                 "field 'filed_on': parts.day: unknown key 'wide' (known: x, w, y, h)",
                 "field 'filed_on': parts: unknown key 'mnth' (known: era, year, month, day)"});
  expect_errors(load_with_parts(dir, R"({ year = { x = 148, w = 9 }, month = 3, day = { w = 9 } })"), path,
                {"field 'filed_on': parts: 'era' is required",
                 "field 'filed_on': parts.month: must be a table { x = ..., w = ... } (got number)",
                 "field 'filed_on': parts.day: 'x' is required"});
  expect_errors(load_with_parts(dir, R"({ era = "令話", year = { x = 148, w = 9 }, month = { x = 161, w = 9 },
                                         day = { x = 174, w = 9 } })"),
                path, {"field 'filed_on': parts: unknown era '令話' (known: 明治, 大正, 昭和, 平成, 令和)"});
  expect_errors(load_with_parts(dir, R"("令和")"), path,
                {"field 'filed_on': 'parts' must be a table { era = ..., year = {...}, month = {...}, day = {...} } "
                 "(got string)"});
}

TEST(TemplateDateParts, OnlyDateFieldsHaveParts) {
  testing::TempDir dir;
  expect_errors(load_with_parts(dir, R"({ era = "令和" })", "text"), (dir / "t.lua").string(),
                {"field 'filed_on': key 'parts' does not apply to text fields"});

  ocr::FormTemplate t;  // a code-built template gets the same checks
  t.id = "coded";
  ocr::FieldSpec f;
  f.name = "filed_on";
  f.type = ocr::FieldType::kText;
  f.box = {140, 30, 50, 9};
  f.parts = {"令和", {{"year", {148, 30, 9, 9}}, {"month", {161, 30, 9, 9}}, {"day", {174, 30, 9, 9}}}};
  t.fields.push_back(f);
  EXPECT_EQ(check_template(t), (std::vector<std::string>{"field 'filed_on': 'parts' applies only to date fields"}));
  t.fields[0].type = ocr::FieldType::kDate;
  EXPECT_TRUE(check_template(t).empty());
  t.fields[0].parts.slots.pop_back();
  EXPECT_EQ(check_template(t), (std::vector<std::string>{"field 'filed_on': parts: needs year, month and day slots"}));
}

}  // namespace
}  // namespace kamiflow
