// フリガナ spelling rules (text_kana.cpp) and the "katakana" validator that applies them.
#include <gtest/gtest.h>

#include "kamiflow/ocr/text.hpp"

namespace kamiflow::text {
namespace {

TEST(Furigana, AcceptsReadingsWithSmallKanaWhereJapaneseHasThem) {
  for (const char* ok : {"ヤマダ タロウ", "キョウコ", "シュンスケ", "ハットリ", "リョウ", "チャン", "ヴァイオリン",
                         "ティナ", "ウィリアム", "ジョン・スミス", "ユーコ", "クヮ", "デュボア", "ヤマダ　タロウ"})
    EXPECT_TRUE(check_furigana(ok).ok()) << ok << ": " << check_furigana(ok).message();
}

TEST(Furigana, RejectsSmallKanaAtTheStartOfAWord) {
  Status st = check_furigana("ョヨシダミサキ");  // the misread that used to pass
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("小書き文字「ョ」が語頭にあります"), std::string::npos) << st.message();
  EXPECT_FALSE(check_furigana("ヨシダ ャスコ").ok());  // after the space: a new word
}

TEST(Furigana, RejectsSmallKanaInImpossiblePlaces) {
  EXPECT_FALSE(check_furigana("サンョ").ok());     // after ン
  EXPECT_FALSE(check_furigana("ユーョ").ok());     // after ー
  EXPECT_FALSE(check_furigana("キョョウ").ok());   // after another small kana
  EXPECT_FALSE(check_furigana("カョウ").ok());     // ョ needs an イ-row kana
  EXPECT_FALSE(check_furigana("サトウッ").ok());   // ッ at the end of a word
  EXPECT_FALSE(check_furigana("ハッン").ok());     // ッ before ン
  EXPECT_FALSE(check_furigana("サヮ").ok());       // ヮ only after ク/グ
  EXPECT_FALSE(check_furigana("アァ").ok());       // small vowel after a vowel
}

TEST(Furigana, RejectsOtherCharactersAndMisplacedLongVowels) {
  Status st = check_furigana("ヤマダ太郎");
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("カタカナ以外の文字「太」"), std::string::npos) << st.message();
  EXPECT_FALSE(check_furigana("やまだ").ok());
  EXPECT_FALSE(check_furigana("ーヤマダ").ok());
  EXPECT_FALSE(check_furigana("ヤマーー").ok());
  EXPECT_FALSE(check_furigana("・ヤマダ").ok());
  EXPECT_FALSE(check_furigana("").ok());
  EXPECT_FALSE(check_furigana("   ").ok());
  EXPECT_FALSE(check_furigana("ヶイ").ok());
}

TEST(Furigana, TheKatakanaValidatorAppliesTheRules) {
  EXPECT_TRUE(validate("katakana", "ヨシダミサキ").ok());
  EXPECT_FALSE(validate("katakana", "ョヨシダミサキ").ok());
}

TEST(Furigana, WhitelistHoldsKatakanaAndTheLongVowelOnly) {
  const std::string& w = katakana_whitelist();
  EXPECT_NE(w.find("ア"), std::string::npos);
  EXPECT_NE(w.find("ョ"), std::string::npos);
  EXPECT_NE(w.find("ヴ"), std::string::npos);
  EXPECT_NE(w.find("ー"), std::string::npos);
  EXPECT_EQ(w.find("あ"), std::string::npos);
  EXPECT_EQ(w.find("ヶ"), std::string::npos);
  EXPECT_EQ(w.find("・"), std::string::npos);
  EXPECT_EQ(w.find("1"), std::string::npos);
}

}  // namespace
}  // namespace kamiflow::text
