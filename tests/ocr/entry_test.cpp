// check_entry(): a reviewer's entry goes through the field's own normalisers and validators.
#include "kamiflow/ocr/entry.hpp"

#include <gtest/gtest.h>

namespace kamiflow::ocr {
namespace {

FieldSpec spec(FieldType type, std::vector<std::string> normalisers, std::vector<std::string> validators) {
  FieldSpec s;
  s.name = "f";
  s.label = "項目";
  s.type = type;
  s.normalisers = std::move(normalisers);
  s.validators = std::move(validators);
  return s;
}

TEST(CheckEntry, WarekiBecomesIso) {
  auto s = spec(FieldType::kDate, {"nfkc", "strip_spaces", "date_iso"}, {"date"});
  EXPECT_EQ(*check_entry(s, "令和7年4月10日"), "2025-04-10");
  EXPECT_EQ(*check_entry(s, "2025-04-10"), "2025-04-10");
  auto bad = check_entry(s, "2025-19-13");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(bad.status().message().find("「項目」"), std::string::npos);
}

TEST(CheckEntry, PostalCodeGetsItsHyphenAndLettersAreRefused) {
  auto s = spec(FieldType::kDigitBoxes, {"postal_code"}, {"postal_code"});
  EXPECT_EQ(*check_entry(s, "1000001"), "100-0001");
  EXPECT_EQ(*check_entry(s, "１００－０００１"), "100-0001");
  auto bad = check_entry(s, "abc");
  ASSERT_FALSE(bad.ok());
  // The clerk reads what the rule wants first; the rule's own words follow.
  EXPECT_EQ(bad.status().message().rfind("「項目」には使えない値です: 郵便番号は7桁の数字です", 0), 0u)
      << bad.status().message();
}

TEST(CheckEntry, ValidatorsRunOnTheNormalisedValue) {
  auto s = spec(FieldType::kKana, {"nfkc", "hiragana_to_katakana", "strip_spaces"}, {"katakana"});
  EXPECT_EQ(*check_entry(s, "やまだ たろう"), "ヤマダタロウ");
  EXPECT_FALSE(check_entry(s, "山田").ok());
}

TEST(CheckEntry, ChoiceMustBeOneOfTheOptions) {
  FieldSpec s = spec(FieldType::kCircledChoice, {}, {});
  s.options = {{"male", "男", {}}, {"female", "女", {}}};
  EXPECT_EQ(*check_entry(s, "female"), "female");
  EXPECT_EQ(*check_entry(s, "男"), "male");  // the printed label works too
  auto bad = check_entry(s, "man");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("選択肢"), std::string::npos);
  EXPECT_FALSE(check_entry(s, "male,female").ok());  // single choice
  s.multiple = true;
  EXPECT_EQ(*check_entry(s, "女、男"), "male,female");  // template order, Japanese comma
}

TEST(CheckEntry, BlankOnlyWhenNotRequired) {
  auto s = spec(FieldType::kText, {"nfkc", "trim"}, {});
  EXPECT_EQ(*check_entry(s, "  "), "");
  s.required = true;
  EXPECT_FALSE(check_entry(s, "").ok());
  EXPECT_EQ(*check_entry(s, "ＡＢＣ "), "ABC");
}

}  // namespace
}  // namespace kamiflow::ocr
