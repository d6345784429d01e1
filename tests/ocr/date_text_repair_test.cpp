// repair_date_text: misread typed dates the date grammar can settle, and the ones it must leave.
#include <gtest/gtest.h>

#include "date_text_repair.hpp"

namespace kamiflow::ocr {
namespace {

std::string repaired(std::string_view s) { return repair_date_text(s).value_or("(none)"); }

TEST(DateTextRepair, TheFinalDayMisreadIsWrittenBack) {
  EXPECT_EQ(repaired("令和5年3月4H"), "令和5年3月4日");
  EXPECT_EQ(repaired("令和6年1月28晶"), "令和6年1月28日");
  EXPECT_EQ(repaired("平成28年10月14HH"), "平成28年10月14日");
  EXPECT_EQ(repaired("令和5年4月27"), "(none)") << "date_to_iso reads it already";
}

TEST(DateTextRepair, ADayRunIntoItsDigitsIsSplitAtTheLongestDayThatExists) {
  EXPECT_EQ(repaired("令和7年9月2011"), "令和7年9月20日");
  EXPECT_EQ(repaired("平成30年4月151"), "平成30年4月15日");
  EXPECT_EQ(repaired("令和5年4月271l"), "令和5年4月27日");
  EXPECT_EQ(repaired("令和5年4月411"), "令和5年4月4日");  // 41 is no day
  EXPECT_EQ(repaired("令和5年4月2711"), "令和5年4月27日");
  EXPECT_EQ(repaired("令和5年4月2751"), "(none)") << "only ones are 日 read as digits";
  EXPECT_EQ(repaired("令和5年4月27111"), "(none)") << "more than 日 can be";
}

// Whether the ink, not the grammar, says which digits are the day's.
TEST(DateTextRepair, ARepairChoseNoDigitsWhenTheDaySplitsFromItsMisreadOneWayOnly) {
  EXPECT_TRUE(repair_chose_no_digits("令和7年8月3111"));   // 31 + 11; 3 + 111 is no 日
  EXPECT_TRUE(repair_chose_no_digits("令和5年4月2711"));
  EXPECT_TRUE(repair_chose_no_digits("令和5年4月271l"));   // 27 + 1 and the l
  EXPECT_TRUE(repair_chose_no_digits("令和5年6月411"));    // 41 is no day
  EXPECT_TRUE(repair_chose_no_digits("令和7年9月2011"));
  EXPECT_FALSE(repair_chose_no_digits("令和7年8月311"));   // 31 + 1 or 3 + 11
  EXPECT_FALSE(repair_chose_no_digits("令和7年8月111"));   // 11 + 1 or 1 + 11
  EXPECT_FALSE(repair_chose_no_digits("令和7年2月3011"));  // 2月30日 does not exist, 3 + 011 is no 日
  EXPECT_TRUE(repair_chose_no_digits("令和6年7月9I1"));    // the I ends the day: 9
  EXPECT_FALSE(repair_chose_no_digits("令和7年8月31日"));  // a date already
}

TEST(DateTextRepair, AnEraOneCharacterAwayIsTakenOnlyWhenItIsTheOnlyOne) {
  EXPECT_EQ(repaired("令科5年9月5日"), "令和5年9月5日");
  EXPECT_EQ(repaired("令利6年7月21日"), "令和6年7月21日");
  EXPECT_EQ(repaired("信和7年2月1日"), "(none)") << "as near 令和 as 昭和";
  EXPECT_EQ(repaired("今梓6年5月27日"), "(none)") << "two characters off";
}

TEST(DateTextRepair, UnitsAndEdgesAreTheGrammars) {
  EXPECT_EQ(repaired("令和6年11朋15日"), "令和6年11月15日");
  EXPECT_EQ(repaired("_令和7年1月13日"), "令和7年1月13日");
  EXPECT_EQ(repaired("平成23年2月18日。"), "平成23年2月18日");
  EXPECT_EQ(repaired("2024年5月27H"), "2024年5月27日");
}

TEST(DateTextRepair, MisreadDigitsAndGoodDatesAreLeftAlone) {
  EXPECT_EQ(repaired("令和2年1月30日"), "(none)") << "already a date";
  EXPECT_EQ(repaired("令和6年19月15日"), "(none)") << "a misread digit is not the grammar's to fix";
  EXPECT_EQ(repaired("令和7年2月30H"), "(none)") << "the repair must be a date that exists";
  EXPECT_EQ(repaired("令和元年5月1H"), "令和元年5月1日");
  EXPECT_EQ(repaired(""), "(none)");
  EXPECT_EQ(repaired("山田太郎"), "(none)");
  EXPECT_EQ(repaired("令和"), "(none)");
}

TEST(DateTextRepair, ARepairThatKeptEveryDigitIsToldApartFromOneThatChoseDigits) {
  EXPECT_TRUE(repair_keeps_digits("令和5年3月4H", "令和5年3月4日"));
  EXPECT_TRUE(repair_keeps_digits("令科5年8月31H", "令和5年8月31日"));
  EXPECT_TRUE(repair_keeps_digits("_令和7年1月13日", "令和7年1月13日"));
  EXPECT_TRUE(repair_keeps_digits("昭和52征11月25昌", "昭和52年11月25日"));
  EXPECT_FALSE(repair_keeps_digits("令和7年9月2011", "令和7年9月20日")) << "the grammar chose which digits were the 日";
  EXPECT_FALSE(repair_keeps_digits("令和6年7月9I1", "令和6年7月9日"));
  // What read_text.cpp compares: the repair of the read itself.
  const std::optional<std::string> fixed = repair_date_text("令和6年1月28晶");
  ASSERT_TRUE(fixed.has_value());
  EXPECT_TRUE(repair_keeps_digits("令和6年1月28晶", *fixed));
}

TEST(DateTextRepair, OnlyZerosTheClassifierSawWhereTesseractReadSixEightOrNine) {
  EXPECT_TRUE(only_zeros_closed_up("令和6年19月15日", "令和6年10月15日"));
  EXPECT_TRUE(only_zeros_closed_up("平成23年19月16日", "平成23年10月10日"));
  EXPECT_FALSE(only_zeros_closed_up("令和6年10月15日", "令和6年10月15日")) << "nothing differs";
  EXPECT_FALSE(only_zeros_closed_up("令和6年11月15日", "令和6年10月15日")) << "a 1 is no closed-up 0";
  EXPECT_FALSE(only_zeros_closed_up("令和6年19月15日", "令和6年16月15日")) << "the classifier's digit is no 0";
  EXPECT_FALSE(only_zeros_closed_up("令和6年19月15日", "令和6年1月15日")) << "a digit lost is another fault";
}

TEST(DateTextRepair, TheClassifiersDigitsAreShownForADateThatDoesNotExistOrForAClosedUpZero) {
  EXPECT_TRUE(prefer_classifier_date("令和2年1月36日", "令和2年1月30日"));
  EXPECT_FALSE(prefer_classifier_date("令和2年1月36日", "令和2年1月39日")) << "neither exists";
  // Both exist: only a 0 Tesseract read as 6, 8 or 9 (a Mincho zero's loop closed up) is taken.
  EXPECT_TRUE(prefer_classifier_date("令和2年1月26日", "令和2年1月20日"));
  EXPECT_TRUE(prefer_classifier_date("2024-01-16", "2024-01-10"));
  EXPECT_TRUE(prefer_classifier_date("令和6年19月5日", "令和6年10月5日"));
  EXPECT_FALSE(prefer_classifier_date("令和6年3月5日", "令和6年1月5日")) << "any other digit: Tesseract's stays";
  EXPECT_FALSE(prefer_classifier_date("令和2年1月20日", "令和2年1月26日")) << "not the other way round";
  EXPECT_FALSE(prefer_classifier_date("令和2年1月16日", "令和2年1月20日")) << "one of the digits is no zero";
}

}  // namespace
}  // namespace kamiflow::ocr
