#include "engine/templates/loader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "kamiflow/ocr/text.hpp"
#include "test_support.hpp"

namespace kamiflow {
namespace {

using ocr::FieldType;

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

TEST(TemplateLoader, DocumentedExampleRoundTrips) {
  testing::TempDir dir;
  std::filesystem::copy_file(testing::source_dir() / "tests/lua/templates/example_form.lua", dir / "form.lua");
  testing::write_file(dir / "blank.png", "not decoded by the loader");
  const std::string path = (dir / "form.lua").string();
  auto loaded = load_template(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  const ocr::FormTemplate& t = **loaded;

  EXPECT_EQ(t.id, "inkan_touroku");
  EXPECT_EQ(t.title, "印鑑登録申請書");
  EXPECT_EQ(t.source_path, path);
  EXPECT_EQ(t.width_mm, 210);
  EXPECT_EQ(t.height_mm, 297);
  EXPECT_EQ(t.reference_image, (dir / "blank.png").string());  // resolved next to the template
  EXPECT_EQ(t.reference_dpi, 150);
  ASSERT_EQ(t.fields.size(), 8u);

  const ocr::FieldSpec& name = t.fields[0];
  EXPECT_EQ(name.name, "name");
  EXPECT_EQ(name.label, "氏名");
  EXPECT_EQ(name.type, FieldType::kText);
  EXPECT_EQ(name.box.x, 30);
  EXPECT_EQ(name.box.w, 80);
  EXPECT_TRUE(name.required);
  EXPECT_EQ(name.read.lang, "jpn");
  EXPECT_EQ(name.normalisers, (std::vector<std::string>{"nfkc", "strip_spaces"}));
  EXPECT_EQ(name.review_threshold, 0.8);

  const ocr::FieldSpec* kana = t.find_field("name_kana");  // defaults for the type
  ASSERT_NE(kana, nullptr);
  EXPECT_EQ(kana->normalisers, (std::vector<std::string>{"nfkc", "hiragana_to_katakana", "strip_spaces"}));
  EXPECT_EQ(kana->validators, (std::vector<std::string>{"katakana"}));
  EXPECT_FALSE(kana->required);

  const ocr::FieldSpec* phone = t.find_field("phone");
  ASSERT_NE(phone, nullptr);
  EXPECT_EQ(phone->read.lang, "eng");
  EXPECT_EQ(phone->read.whitelist, "0123456789-()");
  EXPECT_EQ(phone->review_threshold, 0.9);

  const ocr::FieldSpec* postal = t.find_field("postal_code");  // cells = 7 splits the box
  ASSERT_NE(postal, nullptr);
  ASSERT_EQ(postal->cells.size(), 7u);
  EXPECT_EQ(postal->cells[0].x, 30);
  EXPECT_EQ(postal->cells[1].x, 40);
  EXPECT_EQ(postal->cells[6].x + postal->cells[6].w, 100);
  EXPECT_EQ(postal->cells[3].h, 10);
  EXPECT_EQ(postal->read.whitelist, "0123456789");

  const ocr::FieldSpec* my_number = t.find_field("my_number");  // explicit cells
  ASSERT_NE(my_number, nullptr);
  ASSERT_EQ(my_number->cells.size(), 12u);
  EXPECT_EQ(my_number->cells[11].x, 140);

  const ocr::FieldSpec* sex = t.find_field("sex");
  ASSERT_NE(sex, nullptr);
  EXPECT_EQ(sex->type, FieldType::kCheckboxGroup);
  EXPECT_FALSE(sex->multiple);
  ASSERT_EQ(sex->options.size(), 2u);
  EXPECT_EQ(sex->options[1].value, "female");
  EXPECT_EQ(sex->options[1].label, "女");
  EXPECT_EQ(sex->options[1].box.x, 60);
  EXPECT_TRUE(sex->normalisers.empty());
  EXPECT_EQ(t.find_field("era")->options.size(), 3u);

  ASSERT_EQ(t.printed.size(), 4u);
  EXPECT_EQ(t.printed[0].kind, ocr::PrintedItem::Kind::kText);
  EXPECT_EQ(t.printed[0].text, "印鑑登録申請書");
  EXPECT_TRUE(t.printed[0].bold);
  EXPECT_EQ(t.printed[0].box.h, 7);  // text: box height is the font size
  EXPECT_EQ(t.printed[1].kind, ocr::PrintedItem::Kind::kLine);  // x1,y1,x2,y2 → x,y,w,h
  EXPECT_EQ(t.printed[1].box.x, 20);
  EXPECT_EQ(t.printed[1].box.w, 170);
  EXPECT_EQ(t.printed[1].box.h, 0);
  EXPECT_EQ(t.printed[1].stroke_mm, 0.4);
  EXPECT_EQ(t.printed[2].kind, ocr::PrintedItem::Kind::kRect);
  EXPECT_EQ(t.printed[3].kind, ocr::PrintedItem::Kind::kCircleMark);

  EXPECT_TRUE(check_template(t).empty());  // what the loader built passes the checks again
}

TEST(TemplateLoader, ReportsEveryMistakeWithFileAndField) {
  testing::TempDir dir;
  const std::string path = (dir / "x.lua").string();
  testing::write_file(dir / "x.lua", R"(return {
  id = "Bad-Id",
  reference = { image = "missing.png" },
  fields = {
    { name = "name", type = "text", box = { x = 10, y = 10, w = 50, h = 10 }, requried = true },
    { name = "postal_code", type = "digit_boxes", box = { x = 150, y = 20, w = 80, h = 10 } },
    { name = "sex", type = "checkbox_group", box = { x = 10, y = 40, w = 50, h = 10 } },
    { name = "name", type = "txt", box = { x = 10, y = 60, w = 50, h = 10 } },
    { name = "kana", type = "kana", box = { x = 10, y = 80, w = 50, h = 10 }, normalise = { "nfc" },
      validate = { "katakana", "no_such_rule" }, cells = 3 },
  },
  printed = { { kind = "line", x1 = 0, y1 = 0, x2 = 300, y2 = 0 } },
})");
  auto loaded = load_template(path);
  ASSERT_EQ(loaded.status().code(), StatusCode::kInvalidInput);
  const std::vector<std::string> expected = {
      path + ": field 'name': unknown key 'requried' (did you mean 'required'?)",
      path + ": field 'postal_code': 'cells' is required",
      path + ": field 'sex': 'options' is required",
      path + ": field 'name': unknown type 'txt' (known: text, kana, digits, date, digit_boxes, checkbox_group, "
             "circled_choice)",
      path + ": field 'kana': key 'cells' does not apply to kana fields",
      path + ": id 'Bad-Id' must use only a-z, 0-9 and _",
      path + ": reference: image not found: " + (dir / "missing.png").string(),
      path + ": field 'postal_code': box extends beyond the page (x+w = 230 mm > 210 mm)",
      path + ": field 'name': duplicate name (also fields[1])",
      path + ": field 'kana': unknown normaliser 'nfc' (known: " + [] {
        std::string known;
        for (const auto& n : text::normaliser_names()) known += (known.empty() ? "" : ", ") + n;
        return known;
      }() + ")",
      path + ": printed[1]: end is off the page (x = 300 mm, page width 210 mm)",
  };
  const std::vector<std::string> got = lines_of(loaded.status().message());
  for (const auto& line : expected)
    EXPECT_NE(std::find(got.begin(), got.end(), line), got.end()) << "missing: " << line << "\n got:\n"
                                                                  << loaded.status().message();
  // The unknown validator is reported too, and nothing else: every mistake exactly once.
  EXPECT_NE(loaded.status().message().find("field 'kana': unknown validator 'no_such_rule'"), std::string::npos);
  EXPECT_EQ(got.size(), expected.size() + 1) << loaded.status().message();
}

TEST(TemplateLoader, WrongValueTypesAreNamed) {
  testing::TempDir dir;
  const std::string path = (dir / "t.lua").string();
  testing::write_file(dir / "t.lua", R"(return {
  id = "types", page = "A4",
  fields = {
    { name = "a", type = "text", box = { x = "10", y = 10, w = 10, h = 10 }, required = "yes",
      normalise = "nfkc" },
    { name = "b", type = "checkbox_group", box = { x = 10, y = 30, w = 40, h = 10 }, lang = "jpn",
      options = { { value = "y", box = { x = 10, y = 30, w = 5, h = 5 } }, { value = "y", box = { x = 20, y = 30, w = 5, h = 5 } } } },
  },
})");
  auto loaded = load_template(path);
  ASSERT_EQ(loaded.status().code(), StatusCode::kInvalidInput);
  const std::string& m = loaded.status().message();
  for (const char* part : {"t.lua: 'page' must be a table of named values (got string)",
                           "t.lua: field 'a': box: 'x' must be a number (got string)",
                           "t.lua: field 'a': 'required' must be a boolean (got string)",
                           "t.lua: field 'a': 'normalise' must be a list (got string)",
                           "t.lua: field 'b': key 'lang' does not apply to checkbox_group fields",
                           "t.lua: field 'b': duplicate option value 'y'"})
    EXPECT_NE(m.find(part), std::string::npos) << "missing: " << part << "\n got:\n" << m;
}

TEST(TemplateLoader, ScriptProblemsAreReportedAsSuch) {
  testing::TempDir dir;
  auto write_and_load = [&](const std::string& name, const std::string& code) {
    testing::write_file(dir / name, code);
    return load_template((dir / name).string()).status();
  };
  Status st = write_and_load("syntax.lua", "return {\n  id = = 1 }");
  EXPECT_EQ(st.code(), StatusCode::kScriptError);
  EXPECT_NE(st.message().find("syntax.lua:2:"), std::string::npos) << st.message();

  st = write_and_load("escape.lua", "local f = io.open('/etc/passwd')\nreturn {}");  // no capabilities
  EXPECT_EQ(st.code(), StatusCode::kScriptError);
  EXPECT_NE(st.message().find("escape.lua:1: attempt to index a nil value (global 'io')"), std::string::npos);

  st = write_and_load("loop.lua", "while true do end");
  EXPECT_EQ(st.code(), StatusCode::kTimeout);

  st = write_and_load("number.lua", "return 42");
  EXPECT_EQ(st, Status::InvalidInput((dir / "number.lua").string() + ": a template file must return a table (got number)"));

  st = write_and_load("function.lua", "return { id = 'f', fields = { { name = 'a', box = print } } }");
  EXPECT_EQ(st.code(), StatusCode::kInvalidInput);
  EXPECT_NE(st.message().find("fields[1].box: a function value cannot be converted"), std::string::npos)
      << st.message();

  EXPECT_EQ(load_template((dir / "absent.lua").string()).status().code(), StatusCode::kNotFound);
}

TEST(TemplateLoader, TemplatesMayComputeTheirGeometry) {
  testing::TempDir dir;
  testing::write_file(dir / "computed.lua", R"(
local fields = {}
for i = 1, 3 do
  fields[#fields + 1] = { name = "line_" .. i, type = "text", box = { x = 20, y = 20 + 12 * i, w = 100, h = 10 } }
end
return { id = "computed", fields = fields })");
  auto loaded = load_template((dir / "computed.lua").string());
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  ASSERT_EQ((*loaded)->fields.size(), 3u);
  EXPECT_EQ((*loaded)->fields[2].box.y, 56);
  EXPECT_TRUE((*loaded)->reference_image.empty());
}

TEST(TemplateLoader, CheckTemplateCatchesCodeBuiltMistakes) {
  ocr::FormTemplate t;
  t.id = "coded";
  ocr::FieldSpec f;
  f.name = "wide";
  f.box = {100, 10, 150, 10};
  t.fields.push_back(f);
  ocr::FieldSpec boxes;
  boxes.name = "digits";
  boxes.type = FieldType::kDigitBoxes;
  boxes.box = {10, 30, 50, 10};
  t.fields.push_back(boxes);
  EXPECT_EQ(check_template(t), (std::vector<std::string>{
                                   "field 'wide': box extends beyond the page (x+w = 250 mm > 210 mm)",
                                   "field 'digits': 'cells' is required",
                               }));
}

TEST(TemplateLoader, TypeDefaultsNameExistingNormalisersAndValidators) {
  const auto normalisers = text::normaliser_names();
  const auto validators = text::validator_names();
  for (auto type : {FieldType::kText, FieldType::kKana, FieldType::kDigits, FieldType::kDate, FieldType::kDigitBoxes,
                    FieldType::kCheckboxGroup, FieldType::kCircledChoice}) {
    const FieldTypeDefaults d = field_type_defaults(type);
    for (const auto& n : d.normalisers)
      EXPECT_NE(std::find(normalisers.begin(), normalisers.end(), n), normalisers.end()) << n;
    for (const auto& v : d.validators)
      EXPECT_NE(std::find(validators.begin(), validators.end(), v), validators.end()) << v;
  }
  EXPECT_EQ(field_type_defaults(FieldType::kDate).normalisers, (std::vector<std::string>{"nfkc", "date_iso"}));
  EXPECT_EQ(field_type_defaults(FieldType::kDigitBoxes).read.lang, "eng");
}

}  // namespace
}  // namespace kamiflow
