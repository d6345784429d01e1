// The template key `writing` (digit_boxes): parsed, defaulted to auto, checked, and refused
// where it does not apply.
#include <gtest/gtest.h>

#include "engine/templates/loader.hpp"
#include "test_support.hpp"

namespace kamiflow {
namespace {

Result<std::shared_ptr<const ocr::FormTemplate>> load(testing::TempDir& dir, const std::string& fields) {
  testing::write_file(dir / "f.lua", "return { id = \"f\", fields = {\n" + fields + "\n} }");
  return load_template((dir / "f.lua").string());
}

TEST(WritingKey, ParsedForDigitBoxesAndAutoByDefault) {
  testing::TempDir dir;
  auto t = load(dir, R"(
    { name = "a", type = "digit_boxes", box = { x = 10, y = 10, w = 70, h = 10 }, cells = 7 },
    { name = "b", type = "digit_boxes", box = { x = 10, y = 30, w = 70, h = 10 }, cells = 7, writing = "handwritten" },
    { name = "c", type = "digit_boxes", box = { x = 10, y = 50, w = 10, h = 10 }, cells = 1, writing = "typed" },)");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ((*t)->fields[0].writing, ocr::WritingMode::kAuto);
  EXPECT_EQ((*t)->fields[1].writing, ocr::WritingMode::kHandwritten);
  EXPECT_EQ((*t)->fields[2].writing, ocr::WritingMode::kTyped);
}

TEST(WritingKey, BadValueAndWrongTypeAreNamed) {
  testing::TempDir dir;
  auto bad = load(dir, R"(
    { name = "a", type = "digit_boxes", box = { x = 10, y = 10, w = 70, h = 10 }, cells = 7, writing = "hand" },)");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("field 'a': 'writing' must be \"auto\", \"typed\" or \"handwritten\" (got 'hand')"),
            std::string::npos)
      << bad.status().message();
  auto text = load(dir, R"(
    { name = "n", type = "text", box = { x = 10, y = 10, w = 70, h = 10 }, writing = "typed" },)");
  ASSERT_FALSE(text.ok());
  EXPECT_NE(text.status().message().find("key 'writing' does not apply to text fields"), std::string::npos)
      << text.status().message();
}

TEST(WritingKey, NamesRoundTrip) {
  for (auto w : {ocr::WritingMode::kAuto, ocr::WritingMode::kTyped, ocr::WritingMode::kHandwritten})
    EXPECT_EQ(ocr::parse_writing_mode(ocr::writing_mode_name(w)), w);
  EXPECT_FALSE(ocr::parse_writing_mode("printed").has_value());
}

}  // namespace
}  // namespace kamiflow
