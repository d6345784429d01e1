#include <gtest/gtest.h>

#include <algorithm>

#include "kamiflow/ocr/text.hpp"

namespace kamiflow::text {
namespace {

TEST(TextRegistry, NormalisersByName) {
  EXPECT_EQ(apply_normaliser("nfkc", "ＡＢ　ｶﾞ").value_or(""), "AB ガ");
  EXPECT_EQ(apply_normaliser("strip_spaces", " a　b ").value_or(""), "ab");
  EXPECT_EQ(apply_normaliser("digits_only", "a1２3").value_or(""), "123");
  EXPECT_EQ(apply_normaliser("hiragana_to_katakana", "かな").value_or(""), "カナ");
  EXPECT_EQ(apply_normaliser("date_iso", "R3.4.1").value_or(""), "2021-04-01");
  EXPECT_EQ(apply_normaliser("postal_code", "１００ー０００１").value_or(""), "100-0001");
  EXPECT_EQ(apply_normaliser("phone", "0312345678").value_or(""), "03-1234-5678");
  EXPECT_EQ(apply_normaliser("upper", "abc山").value_or(""), "ABC山");
  EXPECT_EQ(apply_normaliser("trim", "　 山田 太郎\t").value_or(""), "山田 太郎");
}

TEST(TextRegistry, FailingNormaliserReturnsItsReason) {
  auto r = apply_normaliser("date_iso", "平成31年5月1日");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(r.status().message().find("平成"), std::string::npos);
}

TEST(TextRegistry, ValidatorsByName) {
  EXPECT_TRUE(validate("katakana", "ヤマダ").ok());
  EXPECT_FALSE(validate("katakana", "山田").ok());
  EXPECT_TRUE(validate("date", "2021-04-01").ok());
  EXPECT_FALSE(validate("date", "2021-02-30").ok());
  EXPECT_FALSE(validate("date", "R3.4.1").ok());  // validators check canonical values
  EXPECT_TRUE(validate("postal_code", "100-0001").ok());
  EXPECT_FALSE(validate("postal_code", "1000001").ok());
  EXPECT_TRUE(validate("phone", "03-1234-5678").ok());
  EXPECT_FALSE(validate("phone", "0312345678").ok());
  EXPECT_TRUE(validate("my_number", "123456789018").ok());
  EXPECT_NE(validate("my_number", "123456789017").message().find("check digit"), std::string::npos);
  EXPECT_FALSE(validate("my_number", "1234 5678 9018").ok());
  EXPECT_TRUE(validate("digits", "0123").ok());
  EXPECT_FALSE(validate("digits", "").ok());
  EXPECT_FALSE(validate("digits", "12a").ok());
  EXPECT_TRUE(validate("not_empty", "x").ok());
  EXPECT_FALSE(validate("not_empty", " 　").ok());
}

TEST(TextRegistry, UnknownNamesAreInvalidInputNamingTheName) {
  auto r = apply_normaliser("kanji_to_romaji", "x");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(r.status().message().find("kanji_to_romaji"), std::string::npos);
  Status s = validate("is_prime", "7");
  EXPECT_EQ(s.code(), StatusCode::kInvalidInput);
  EXPECT_NE(s.message().find("is_prime"), std::string::npos);
}

TEST(TextRegistry, NameListsMatchWhatIsReachable) {
  const auto n = normaliser_names();
  const auto v = validator_names();
  EXPECT_EQ(n.size(), 9u);
  EXPECT_EQ(v.size(), 7u);
  for (const auto& name : n) EXPECT_NE(apply_normaliser(name, "").status().message().find("unknown"), 0u) << name;
  for (const auto& name : v) EXPECT_EQ(validate(name, "").message().find("unknown validator"), std::string::npos) << name;
  EXPECT_NE(std::find(n.begin(), n.end(), "date_iso"), n.end());
  EXPECT_NE(std::find(v.begin(), v.end(), "my_number"), v.end());
}

}  // namespace
}  // namespace kamiflow::text
