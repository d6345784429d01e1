// When the dictionary alone may vouch for a kana read by one model (kana_confirmation.cpp).
#include "kana_confirmation.hpp"

#include <algorithm>
#include <set>

#include <gtest/gtest.h>

#include "name_readings_fixture.hpp"

namespace kamiflow::ocr {
namespace {

bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

TEST(KanaSlips, CoverDakutenSmallKanaLookAlikesDropsAndInsertions) {
  const auto slips = kana_slips("ヤマサキ");
  EXPECT_TRUE(has(slips, "ヤマザキ"));    // dakuten added
  EXPECT_TRUE(has(slips, "ャマサキ"));    // small kana
  EXPECT_TRUE(has(slips, "ヤマキ"));      // one kana dropped
  EXPECT_TRUE(has(slips, "ヤマサーキ"));  // ー inserted
  EXPECT_TRUE(has(kana_slips("キノシタ"), "キノンタ"));  // シ read as ン: the fast model's commonest slip
  EXPECT_TRUE(has(kana_slips("ハシモト"), "パシモト"));
  EXPECT_FALSE(has(slips, "ヤマサキ"));   // never the kana itself
  EXPECT_EQ(std::set<std::string>(slips.begin(), slips.end()).size(), slips.size());
}

class KanaConfirmationTest : public testing::NameReadingsFixture {};

TEST_F(KanaConfirmationTest, AnUnambiguousReadingIsConfirmed) {
  EXPECT_TRUE(kana_confirmed_by_name(*readings_, "田中結衣", "タナカユイ"));
  EXPECT_TRUE(kana_confirmed_by_name(*readings_, "橋本文子", "ハシモトフミコ"));
}

TEST_F(KanaConfirmationTest, AReadingOneSlipFromAnotherReadingIsNot) {
  // 山崎 reads ヤマザキ and ヤマサキ, 大塚 オオツカ and オオヅカ: a lost dakuten would still match.
  EXPECT_FALSE(kana_confirmed_by_name(*readings_, "山崎健一", "ヤマザキケンイチ"));
  EXPECT_FALSE(kana_confirmed_by_name(*readings_, "大塚敏夫", "オオツカトシオ"));
}

TEST_F(KanaConfirmationTest, AMisreadOrMissingNameConfirmsNothing) {
  EXPECT_FALSE(kana_confirmed_by_name(*readings_, "橋本由紀", "ハンモトユキ"));  // the fast model's misread
  EXPECT_FALSE(kana_confirmed_by_name(*readings_, "", "タナカユイ"));
  EXPECT_FALSE(kana_confirmed_by_name(*readings_, "田中結衣", ""));
}

}  // namespace
}  // namespace kamiflow::ocr
