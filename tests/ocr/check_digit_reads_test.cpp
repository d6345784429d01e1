// What a My Number's check digit says about a handwritten read (check_digit_reads.cpp): tested on
// the classifier's per-cell verdicts directly, so each rule is exercised on purpose.
#include <gtest/gtest.h>

#include "check_digit_reads.hpp"

namespace kamiflow::ocr {
namespace {

FieldSpec my_number() {
  FieldSpec s;
  s.name = "my_number";
  s.type = FieldType::kDigitBoxes;
  s.validators = {"my_number"};
  return s;
}

// Every cell accepted at `sure`, except the cells in `doubtful` (accepted = false, 0.5).
HandRead read(const std::string& digits, std::vector<std::size_t> doubtful = {}, double sure = 0.99) {
  HandRead h;
  h.text = digits;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    DigitGuess g;
    g.digit = digits[i] - '0';
    g.accepted = std::find(doubtful.begin(), doubtful.end(), i) == doubtful.end();
    g.confidence = g.accepted ? sure : 0.5;
    h.guesses.push_back(g);
    h.all_accepted = h.all_accepted && g.accepted;
  }
  return h;
}

// The first 12-digit number from `seed` upward whose check digit holds, and whose cell `cell`
// does (alias = true) or does not have a second digit that holds too.
std::string valid_number(long long seed, std::size_t cell, bool alias) {
  const FieldSpec spec = my_number();
  for (long long n = seed;; ++n) {
    std::string s = std::to_string(n);
    s = std::string(12 - s.size(), '0') + s;
    if (!check_digit_holds(spec, s)) continue;
    int holding = 0;
    for (char d = '0'; d <= '9'; ++d) {
      std::string t = s;
      t[cell] = d;
      holding += check_digit_holds(spec, t);
    }
    if ((holding > 1) == alias) return s;
  }
}

TEST(CheckDigitReads, OneDoubtfulCellIsAnsweredWhenTheRestAreSure) {
  const std::string n = valid_number(123456789000, 4, false);
  EXPECT_TRUE(check_digit_answers_the_doubt(read(n, {4}), my_number()));
  // Any other digit in the doubtful cell breaks the check digit: that is what answers the doubt.
  for (char d = '0'; d <= '9'; ++d) {
    std::string other = n;
    other[4] = d;
    EXPECT_EQ(check_digit_holds(my_number(), other), d == n[4]) << other;
  }
}

TEST(CheckDigitReads, NoAnswerWhenTheRestIsNotSureEnoughOrTwoCellsDoubt) {
  const std::string n = valid_number(123456789000, 4, false);
  EXPECT_FALSE(check_digit_answers_the_doubt(read(n, {4}, 0.92), my_number()));  // a sure cell at 0.92
  EXPECT_FALSE(check_digit_answers_the_doubt(read(n, {4, 7}), my_number()));
  EXPECT_FALSE(check_digit_answers_the_doubt(read(n), my_number()));  // nothing to answer
  HandRead cuts = read(n, {4});
  cuts.cuts_agree = false;
  EXPECT_FALSE(check_digit_answers_the_doubt(cuts, my_number()));
  std::string broken = n;
  broken[4] = n[4] == '9' ? '0' : static_cast<char>(n[4] + 1);
  EXPECT_FALSE(check_digit_answers_the_doubt(read(broken, {4}), my_number()));
}

TEST(CheckDigitReads, NoAnswerWhenAnotherDigitInThatCellHoldsToo) {
  // Remainders 0 and 1 both give check digit 0: there, two digits of one cell can both hold.
  const std::string n = valid_number(200000000000, 3, true);
  EXPECT_FALSE(check_digit_answers_the_doubt(read(n, {3}), my_number()));
}

TEST(CheckDigitReads, ABrokenNumberIsRepairedByTheLikeliestSingleCell) {
  const std::string n = valid_number(123456789000, 6, false);
  HandRead h = read(n);
  h.text[6] = n[6] == '9' ? '0' : static_cast<char>(n[6] + 1);
  h.guesses[6].digit = h.text[6] - '0';
  for (auto& g : h.guesses) g.beat.fill(5.0);
  h.guesses[6].beat[static_cast<std::size_t>(n[6] - '0')] = 0.1;  // the classifier's runner-up
  EXPECT_EQ(repair_by_check_digit(h, my_number()).value_or(""), n);
  EXPECT_FALSE(repair_by_check_digit(read(n), my_number()).has_value());  // nothing to repair
}

}  // namespace
}  // namespace kamiflow::ocr
