#include <gtest/gtest.h>

#include <ctime>

#include "kamiflow/ocr/text.hpp"

namespace kamiflow::text {
namespace {

void expect_iso(std::string_view in, std::string_view want) {
  auto r = date_to_iso(in);
  ASSERT_TRUE(r.ok()) << in << ": " << r.status().ToString();
  EXPECT_EQ(*r, want) << in;
}

std::string rejection(std::string_view in) {
  auto r = date_to_iso(in);
  EXPECT_FALSE(r.ok()) << in << " was accepted as " << r.value_or("");
  if (!r.ok()) {
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidInput) << in;
  }
  return r.status().message();
}

TEST(TextDate, AcceptedSpellings) {
  expect_iso("令和3年4月1日", "2021-04-01");
  expect_iso("令和 3 年 4 月 1 日", "2021-04-01");
  expect_iso("令和３年４月１日", "2021-04-01");
  expect_iso("R3.4.1", "2021-04-01");
  expect_iso("r3.4.1", "2021-04-01");
  expect_iso("R03/04/01", "2021-04-01");
  expect_iso("Ｒ０３．０４．０１", "2021-04-01");
  expect_iso("H31.4.30", "2019-04-30");
  expect_iso("S64.1.7", "1989-01-07");
  expect_iso("2021年4月1日", "2021-04-01");
  expect_iso("2021/4/1", "2021-04-01");
  expect_iso("2021-04-01", "2021-04-01");
  expect_iso("2021ー04ー01", "2021-04-01");
  expect_iso("20210401", "2021-04-01");
  expect_iso("㍻元年1月8日", "1989-01-08");
  expect_iso("令和3年4月1", "2021-04-01");
}

TEST(TextDate, KanjiNumerals) {
  expect_iso("令和三年四月一日", "2021-04-01");
  expect_iso("平成三十一年四月三十日", "2019-04-30");
  expect_iso("昭和五十年十二月二十五日", "1975-12-25");
  expect_iso("令和元年五月一日", "2019-05-01");
  expect_iso("令和十年十月十日", "2028-10-10");
  expect_iso("二〇二一年十月一日", "2021-10-01");
  expect_iso("令和3年十一月二十日", "2021-11-20");  // mixed, as OCR sometimes gives
  // Runs that are not numbers are refused, not guessed.
  rejection("令和三十三十年一月一日");
  rejection("令和十十年一月一日");
  EXPECT_NE(rejection("令和三年二月三十日").find("days"), std::string::npos);  // parsed, then impossible
}

TEST(TextDate, GannenIsYearOne) {
  expect_iso("令和元年5月1日", "2019-05-01");
  expect_iso("平成元年1月8日", "1989-01-08");
  expect_iso("昭和元年12月25日", "1926-12-25");
  expect_iso("大正元年7月30日", "1912-07-30");
  expect_iso("明治元年1月25日", "1868-01-25");
  expect_iso("令和1年5月1日", "2019-05-01");
}

TEST(TextDate, EraBoundariesBothSides) {
  // 明治 → 大正
  expect_iso("明治45年7月29日", "1912-07-29");
  EXPECT_NE(rejection("明治45年7月30日").find("after 明治 ended (1912-07-29)"), std::string::npos);
  EXPECT_NE(rejection("大正元年7月29日").find("before 大正 began (1912-07-30)"), std::string::npos);
  // 大正 → 昭和
  expect_iso("大正15年12月24日", "1926-12-24");
  rejection("大正15年12月25日");
  rejection("昭和元年12月24日");
  // 昭和 → 平成
  expect_iso("昭和64年1月7日", "1989-01-07");
  EXPECT_NE(rejection("昭和64年1月8日").find("after 昭和 ended (1989-01-07)"), std::string::npos);
  rejection("平成元年1月7日");
  // 平成 → 令和
  expect_iso("平成31年4月30日", "2019-04-30");
  EXPECT_NE(rejection("平成31年5月1日").find("after 平成 ended (2019-04-30)"), std::string::npos);
  EXPECT_NE(rejection("令和1年4月30日").find("before 令和 began (2019-05-01)"), std::string::npos);
  // Before 明治
  rejection("明治元年1月24日");
  // An era year far past its end.
  rejection("平成32年1月1日");
}

TEST(TextDate, ImpossibleDatesSayWhy) {
  EXPECT_NE(rejection("令和3年2月30日").find("has only 28 days"), std::string::npos);
  EXPECT_NE(rejection("2021年13月1日").find("month 13"), std::string::npos);
  EXPECT_NE(rejection("2021/4/0").find("day 0"), std::string::npos);
  EXPECT_NE(rejection("2023-02-29").find("not a leap year"), std::string::npos);
  rejection("R3.4.31");
  rejection("令和0年5月1日");
  expect_iso("2024-02-29", "2024-02-29");
  expect_iso("2000-02-29", "2000-02-29");
  rejection("1900-02-29");
}

TEST(TextDate, MalformedTextIsRejected) {
  rejection("");
  rejection("令和");
  rejection("令和3年4月");
  rejection("2021/4-1");  // mixed separators
  rejection("21/4/1");    // two-digit year without an era
  rejection("X3.4.1");
  rejection("令和3年4月1日生");
}

TEST(TextDate, IsoToWareki) {
  EXPECT_EQ(iso_to_wareki("2021-04-01").value_or(""), "令和3年4月1日");
  EXPECT_EQ(iso_to_wareki("2019-05-01").value_or(""), "令和元年5月1日");
  EXPECT_EQ(iso_to_wareki("2019-04-30").value_or(""), "平成31年4月30日");
  EXPECT_EQ(iso_to_wareki("1989-01-07").value_or(""), "昭和64年1月7日");
  EXPECT_EQ(iso_to_wareki("1989-01-08").value_or(""), "平成元年1月8日");
  EXPECT_EQ(iso_to_wareki("1926-12-25").value_or(""), "昭和元年12月25日");
  EXPECT_EQ(iso_to_wareki("1912-07-30").value_or(""), "大正元年7月30日");
  EXPECT_EQ(iso_to_wareki("1868-01-25").value_or(""), "明治元年1月25日");
  EXPECT_FALSE(iso_to_wareki("1868-01-24").ok());
  EXPECT_FALSE(iso_to_wareki("2021-02-30").ok());
  EXPECT_FALSE(iso_to_wareki("2021/04/01").ok());
}

TEST(TextDate, RoundTripThroughWareki) {
  for (const char* iso : {"1900-02-28", "1945-08-15", "1989-01-07", "1989-01-08", "2019-04-30", "2019-05-01",
                          "2024-02-29"}) {
    auto w = iso_to_wareki(iso);
    ASSERT_TRUE(w.ok()) << iso;
    EXPECT_EQ(date_to_iso(*w).value_or(""), iso) << *w;
  }
}

TEST(TextDate, CheckIsoDate) {
  EXPECT_TRUE(check_iso_date("2024-02-29").ok());
  EXPECT_FALSE(check_iso_date("2023-02-29").ok());
  EXPECT_FALSE(check_iso_date("2023-2-28").ok());
  EXPECT_FALSE(check_iso_date("2023-02-28x").ok());
}

TEST(TextDate, EraLastYear) {
  EXPECT_EQ(era_last_year("平成"), 31);
  EXPECT_EQ(era_last_year("昭和"), 64);
  EXPECT_EQ(era_last_year("大正"), 15);
  EXPECT_EQ(era_last_year("明治"), 45);
  // The current era: this year's number and the next (令和1 was 2019), by the clock.
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  EXPECT_EQ(era_last_year("令和"), local.tm_year + 1900 - 2019 + 2);
  EXPECT_EQ(era_last_year("天平"), 0);
}

}  // namespace
}  // namespace kamiflow::text
