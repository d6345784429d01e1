// slot_date_alternatives: what a reviewer is offered for a printed-parts date whose two readers
// disagreed about a slot.
#include <gtest/gtest.h>

#include "date_slot_alternatives.hpp"

namespace kamiflow::ocr {
namespace {

using Parts = std::vector<std::string>;

TEST(DateSlotAlternatives, SpellsTheDateWithThePrintedEraAndUnits) {
  EXPECT_EQ(spell_slot_date("令和", {"7", "3", "16"}), "令和7年3月16日");
  EXPECT_EQ(spell_slot_date("令和", {"7", "?", "5"}), "令和7年?月5日");  // an unreadable slot stays visible
}

TEST(DateSlotAlternatives, EachDisputedSlotAsTheOtherReaderSawIt) {
  const Parts read = {"7", "6", "13"};
  EXPECT_EQ(slot_date_alternatives("令和", read, {{2, "18"}}), std::vector<std::string>{"令和7年6月18日"});
  // One slot at a time, in the order given: two disputed slots give two dates, not their mix.
  EXPECT_EQ(slot_date_alternatives("令和", read, {{1, "8"}, {2, "18"}}),
            (std::vector<std::string>{"令和7年8月13日", "令和7年6月18日"}));
}

TEST(DateSlotAlternatives, OnlyDatesThatExistNoneTwiceAndNotTheReadItself) {
  const Parts read = {"7", "3", "16"};
  EXPECT_TRUE(slot_date_alternatives("令和", read, {{1, "25"}}).empty()) << "no month 25";
  EXPECT_TRUE(slot_date_alternatives("令和", read, {{2, "32"}}).empty()) << "no day 32";
  EXPECT_TRUE(slot_date_alternatives("令和", read, {{1, "3"}}).empty()) << "the read itself";
  EXPECT_EQ(slot_date_alternatives("令和", read, {{2, "18"}, {2, "18"}}).size(), 1u);
  EXPECT_TRUE(slot_date_alternatives("令和", read, {{5, "1"}}).empty()) << "no such slot";
  // The read may be impossible and the other reader's date the one that exists (令和7年25月16日).
  EXPECT_EQ(slot_date_alternatives("令和", {"7", "25", "16"}, {{1, "3"}}),
            std::vector<std::string>{"令和7年3月16日"});
}

}  // namespace
}  // namespace kamiflow::ocr
