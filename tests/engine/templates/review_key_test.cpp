// The template key `review = { checks = N }` (double entry in the review screen): 1 by default,
// 2 when asked, anything else refused with the template's name.
#include <gtest/gtest.h>

#include "engine/templates/loader.hpp"
#include "test_support.hpp"

namespace kamiflow {
namespace {

Result<std::shared_ptr<const ocr::FormTemplate>> load(testing::TempDir& dir, const std::string& extra) {
  testing::write_file(dir / "f.lua", "return { id = \"f\", " + extra +
                                         " fields = { { name = \"a\", type = \"text\", box = { x = 10, y = 10, w = 70, "
                                         "h = 10 } } } }");
  return load_template((dir / "f.lua").string());
}

TEST(ReviewKey, OneCheckByDefaultTwoWhenAsked) {
  testing::TempDir dir;
  auto plain = load(dir, "");
  ASSERT_TRUE(plain.ok()) << plain.status().ToString();
  EXPECT_EQ((*plain)->review_checks, 1);
  auto twice = load(dir, "review = { checks = 2 },");
  ASSERT_TRUE(twice.ok()) << twice.status().ToString();
  EXPECT_EQ((*twice)->review_checks, 2);
}

TEST(ReviewKey, OtherValuesAndUnknownKeysAreRefused) {
  testing::TempDir dir;
  auto three = load(dir, "review = { checks = 3 },");
  ASSERT_FALSE(three.ok());
  EXPECT_NE(three.status().message().find("review: 'checks' must be 1 or 2"), std::string::npos)
      << three.status().message();
  auto typo = load(dir, "review = { chekcs = 2 },");
  ASSERT_FALSE(typo.ok());
  EXPECT_NE(typo.status().message().find("chekcs"), std::string::npos) << typo.status().message();
}

}  // namespace
}  // namespace kamiflow
