#include <gtest/gtest.h>

#include "kamiflow/ocr/text.hpp"

namespace kamiflow::text {
namespace {

TEST(TextWidth, FullWidthAsciiAndIdeographicSpaceBecomeAscii) {
  EXPECT_EQ(nfkc("ＡＢＣ　ｘｙｚ０１２３４５６７８９！～"), "ABC xyz0123456789!~");
  EXPECT_EQ(nfkc("Ｔｅｌ：０３－１２３４"), "Tel:03-1234");
}

TEST(TextWidth, HalfWidthKatakanaBecomesFullWidthWithComposedMarks) {
  EXPECT_EQ(nfkc("ｶﾞｷﾞｸﾞ"), "ガギグ");
  EXPECT_EQ(nfkc("ﾔﾏﾀﾞ ﾀﾛｳ"), "ヤマダ タロウ");
  EXPECT_EQ(nfkc("ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ"), "パピプペポ");
  EXPECT_EQ(nfkc("ｳﾞｧｲｵﾘﾝ"), "ヴァイオリン");
  EXPECT_EQ(nfkc("ｽｰﾊﾟｰ｡｢ｶﾅ｣､ﾃｽﾄ･ｯ"), "スーパー。「カナ」、テスト・ッ");
  EXPECT_EQ(nfkc("ﾄﾞﾁﾞﾂﾞ"), "ドヂヅ");
}

TEST(TextWidth, MarksThatCannotComposeStayVisible) {
  EXPECT_EQ(nfkc("ｱﾞ"), "ア゛");  // no precomposed ア + dakuten
  EXPECT_EQ(nfkc("ﾞ"), "゛");
  EXPECT_EQ(nfkc("ｶﾟ"), "カ゜");
}

TEST(TextWidth, CombiningMarksComposeLikeNfkc) {
  EXPECT_EQ(nfkc("か\u3099"), "が");
  EXPECT_EQ(nfkc("ハ\u309A"), "パ");
}

TEST(TextWidth, FormCompatibilityCharacters) {
  EXPECT_EQ(nfkc("㍻元年"), "平成元年");
  EXPECT_EQ(nfkc("㋿3年"), "令和3年");
  EXPECT_EQ(nfkc("㈱カミ"), "(株)カミ");
  EXPECT_EQ(nfkc("①⑳"), "120");
}

TEST(TextWidth, LeavesEverythingElseAlone) {
  EXPECT_EQ(nfkc("山田太郎 ー − 髙橋"), "山田太郎 ー − 髙橋");
  EXPECT_EQ(nfkc(""), "");
}

TEST(TextWidth, InvalidUtf8NeverCrashesAndIsMarked) {
  const std::string bad = std::string("ab\xff\xc3", 4);
  EXPECT_EQ(nfkc(bad), "ab\uFFFD\uFFFD");
  EXPECT_FALSE(is_katakana("\xe3\x82"));
}

TEST(TextWidth, StripSpacesRemovesAsciiAndIdeographicSpaces) {
  EXPECT_EQ(strip_spaces(" 山田　太郎\t\n"), "山田太郎");
}

TEST(TextWidth, DigitsOnlyKeepsAsciiAndFullWidthDigits) {
  EXPECT_EQ(digits_only("〒１００-0001 号"), "1000001");
  EXPECT_EQ(digits_only("なし"), "");
}

TEST(TextWidth, HiraganaToKatakana) {
  EXPECT_EQ(hiragana_to_katakana("やまだ たろう"), "ヤマダ タロウ");
  EXPECT_EQ(hiragana_to_katakana("ゔぁ・ゝゞー"), "ヴァ・ヽヾー");
  EXPECT_EQ(hiragana_to_katakana("ABC漢字"), "ABC漢字");
}

TEST(TextWidth, IsKatakana) {
  EXPECT_TRUE(is_katakana("ヤマダ タロウ"));
  EXPECT_TRUE(is_katakana("ヤマダ　タロー・ヴ"));
  EXPECT_FALSE(is_katakana(""));
  EXPECT_FALSE(is_katakana("　ー "));
  EXPECT_FALSE(is_katakana("やまだ"));
  EXPECT_FALSE(is_katakana("ﾔﾏﾀﾞ"));  // half-width must be normalised first
  EXPECT_FALSE(is_katakana("ヤマダ1"));
}

}  // namespace
}  // namespace kamiflow::text
