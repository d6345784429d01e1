// The template key `postal_code_of`: parsed, checked against the field it names, refused on
// choices, and the pairing the extractor uses when it is absent (postal_address.hpp).
#include <gtest/gtest.h>

#include "engine/templates/loader.hpp"
#include "postal_address.hpp"
#include "test_support.hpp"

namespace kamiflow {
namespace {

Result<std::shared_ptr<const ocr::FormTemplate>> load(testing::TempDir& dir, const std::string& fields) {
  testing::write_file(dir / "f.lua", "return { id = \"f\", fields = {\n" + fields + "\n} }");
  return load_template((dir / "f.lua").string());
}

TEST(PostalCodeOfKey, NamesTheAddressItIsTheCodeOf) {
  testing::TempDir dir;
  auto t = load(dir, R"(
    { name = "zip", type = "digit_boxes", box = { x = 10, y = 10, w = 70, h = 10 }, cells = 7, postal_code_of = "home" },
    { name = "home", label = "住所", type = "text", box = { x = 10, y = 30, w = 150, h = 10 } },
    { name = "work", label = "勤務先住所", type = "text", box = { x = 10, y = 50, w = 150, h = 10 } },)");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ((*t)->fields[0].postal_code_of, "home");
  const auto pairs = ocr::postal_address_pairs(**t);
  ASSERT_EQ(pairs.size(), 1u);
  EXPECT_EQ(pairs[0].postal, "zip");
  EXPECT_EQ(pairs[0].address, "home");
}

TEST(PostalCodeOfKey, AnUnknownOrNonTextTargetAndAChoiceFieldAreRefused) {
  testing::TempDir dir;
  auto missing = load(dir, R"(
    { name = "zip", type = "digits", box = { x = 10, y = 10, w = 70, h = 10 }, postal_code_of = "addr" },)");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("field 'zip': postal_code_of names no field of this template ('addr')"),
            std::string::npos)
      << missing.status().message();
  auto not_text = load(dir, R"(
    { name = "zip", type = "digits", box = { x = 10, y = 10, w = 70, h = 10 }, postal_code_of = "d" },
    { name = "d", type = "date", box = { x = 10, y = 30, w = 70, h = 10 } },)");
  ASSERT_FALSE(not_text.ok());
  EXPECT_NE(not_text.status().message().find("postal_code_of must name a text field ('d' is date)"), std::string::npos)
      << not_text.status().message();
  auto choice = load(dir, R"(
    { name = "c", type = "checkbox_group", box = { x = 10, y = 10, w = 70, h = 10 }, postal_code_of = "a",
      options = { { value = "x", box = { x = 10, y = 10, w = 5, h = 5 } } } },)");
  ASSERT_FALSE(choice.ok());
  EXPECT_NE(choice.status().message().find("key 'postal_code_of' does not apply to checkbox_group fields"),
            std::string::npos)
      << choice.status().message();
}

TEST(PostalCodeOfKey, WithoutItTheAddressIsFoundByNameOrByTheOnlyAddress) {
  testing::TempDir dir;
  auto by_name = load(dir, R"(
    { name = "postal_code", type = "digit_boxes", box = { x = 10, y = 10, w = 70, h = 10 }, cells = 7,
      normalise = { "postal_code" }, validate = { "postal_code" } },
    { name = "address", type = "text", box = { x = 10, y = 30, w = 150, h = 10 } },
    { name = "agent_postal_code", type = "digits", box = { x = 10, y = 50, w = 70, h = 10 }, validate = { "postal_code" } },
    { name = "agent_address", type = "text", box = { x = 10, y = 70, w = 150, h = 10 } },)");
  ASSERT_TRUE(by_name.ok()) << by_name.status().ToString();
  const auto pairs = ocr::postal_address_pairs(**by_name);
  ASSERT_EQ(pairs.size(), 2u);
  EXPECT_EQ(pairs[0].address, "address");
  EXPECT_EQ(pairs[1].address, "agent_address");

  auto only = load(dir, R"(
    { name = "yubin", type = "digits", box = { x = 10, y = 10, w = 70, h = 10 }, validate = { "postal_code" } },
    { name = "jusho", label = "住所", type = "text", box = { x = 10, y = 30, w = 150, h = 10 } },
    { name = "shimei", label = "氏名", type = "text", box = { x = 10, y = 50, w = 150, h = 10 } },)");
  ASSERT_TRUE(only.ok()) << only.status().ToString();
  const auto one = ocr::postal_address_pairs(**only);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].address, "jusho");

  auto none = load(dir, R"(
    { name = "phone", type = "digits", box = { x = 10, y = 10, w = 70, h = 10 }, validate = { "phone" } },
    { name = "address", type = "text", box = { x = 10, y = 30, w = 150, h = 10 } },)");
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_TRUE(ocr::postal_address_pairs(**none).empty());
}

}  // namespace
}  // namespace kamiflow
