// Shapes of text values that two agreeing models can still get wrong (text_value_shape.cpp).
#include <gtest/gtest.h>

#include "text_value_shape.hpp"

namespace kamiflow::ocr {
namespace {

TEST(TextValueShape, AddressesThatFitTheShapePass) {
  EXPECT_FALSE(text_value_shape_doubtful("東京都足立区中央本町3-3-2"));
  EXPECT_FALSE(text_value_shape_doubtful("大阪府大阪市中央区難波4丁目17番11号第二コーポ103号室"));
  EXPECT_FALSE(text_value_shape_doubtful("長野県松本市丸の内3丁目22番20号第二コーポ708"));
  EXPECT_FALSE(text_value_shape_doubtful("神奈川県横浜市西区1−2−3 みどり荘 201"));  // full-width minus
}

TEST(TextValueShape, AnAddressThatLostItsHyphensIsDoubtful) {
  EXPECT_TRUE(text_value_shape_doubtful("東京都足立区中央本町33-2"));
  EXPECT_TRUE(text_value_shape_doubtful("兵庫県神戸市中央区三宮町117-5"));
  EXPECT_TRUE(text_value_shape_doubtful("東京都練馬区豊玉北2249"));
  EXPECT_TRUE(text_value_shape_doubtful("千葉県船橋市湊町5丁日15番3号"));  // 丁目 read 丁日
  EXPECT_TRUE(text_value_shape_doubtful("栃木県宇都宮市本町5」日23番5号"));  // 丁目 read 」日
}

TEST(TextValueShape, StrayMarksAtTheEndsAreDoubtfulNamesAndNotesOtherwisePass) {
  EXPECT_TRUE(text_value_shape_doubtful("山本芽依-"));
  EXPECT_TRUE(text_value_shape_doubtful("|村上正子"));
  EXPECT_FALSE(text_value_shape_doubtful("山本芽依"));
  EXPECT_FALSE(text_value_shape_doubtful("ソファー3点、机2点"));  // not an address: numbers are free
  EXPECT_FALSE(text_value_shape_doubtful("到着前に電話ください"));
  EXPECT_TRUE(text_value_shape_doubtful("市川俊介、"));  // a speck at the end read as a comma
  EXPECT_TRUE(text_value_shape_doubtful("、市川俊介"));
}

}  // namespace
}  // namespace kamiflow::ocr

namespace kamiflow::ocr {
namespace {

TEST(TextValueShape, TrailingSpecksComeOffButNotWhatAValueMayEndWith) {
  auto off = [](std::string_view v) { return without_trailing_specks(v).value_or("(none)"); };
  EXPECT_EQ(off("市川俊介、"), "市川俊介");
  EXPECT_EQ(off("小川裕太)"), "小川裕太");
  EXPECT_EQ(off("桜井徹\\"), "桜井徹");
  EXPECT_EQ(off("中島澪-"), "中島澪");
  EXPECT_EQ(off("岩崎正子_"), "岩崎正子");
  EXPECT_EQ(off("秋山陽翔/"), "秋山陽翔");
  EXPECT_EQ(off("群馬県前橋市大手町5-16-4-"), "群馬県前橋市大手町5-16-4");
  EXPECT_EQ(off("ハイツ(北)"), "(none)") << "a bracket that opens stays";
  EXPECT_EQ(off("到着前に電話ください。"), "(none)") << "a sentence may end with 。";
  EXPECT_EQ(off("山田太郎"), "(none)");
  EXPECT_EQ(off("-"), "(none)") << "nothing would be left";
}

}  // namespace
}  // namespace kamiflow::ocr
