#include "check_digit_reads.hpp"

#include "field_postprocess.hpp"

namespace kamiflow::ocr {

// The template validates the field with a check digit, and the digits read pass it (through
// the field's normalisers, as postprocess_field will apply them).
bool check_digit_holds(const FieldSpec& spec, const std::string& digits) {
  if (digits.find('?') != std::string::npos) return false;
  std::string value = digits, why;
  return has_check_digit(spec) && normalise_and_validate(spec, value, why);
}

// A check digit that fails says a cell is misread, not which. Every single-cell change that makes
// it hold is a candidate; the one the classifier found likeliest (the smallest decision value by
// which the digit read beat the replacement) is proposed. A wrong proposal costs nothing a broken
// number would not: the value stays flagged for a person, who sees beside the image the likely
// number rather than one that cannot be right (dev seeds 41, 31, 32: 15 of 19, 7 of 10, 12 of 12
// broken My Numbers shown right).
std::optional<std::string> repair_by_check_digit(const HandRead& hand, const FieldSpec& spec) {
  if (!has_check_digit(spec) || hand.text.find('?') != std::string::npos ||
      hand.guesses.size() != hand.text.size() || check_digit_holds(spec, hand.text))
    return std::nullopt;
  std::optional<std::string> best;
  double best_cost = 0;
  for (std::size_t i = 0; i < hand.guesses.size(); ++i) {
    const DigitGuess& g = hand.guesses[i];
    for (int d = 0; d < 10; ++d) {
      if (d == g.digit) continue;
      const double cost = g.beat[static_cast<std::size_t>(d)];
      if (best && cost >= best_cost) continue;
      std::string candidate = hand.text;
      candidate[i] = static_cast<char>('0' + d);
      if (check_digit_holds(spec, candidate)) best = candidate, best_cost = cost;
    }
  }
  return best;
}

// The one doubtful cell of a number whose check digit holds, when no other digit in that cell
// would hold it too: then the check digit has answered the doubt. A single changed digit always
// changes a My Number's weighted sum mod 11 (11 is prime, the weights 2-7), so only a change
// between remainders 0 and 1 (both give check digit 0, about 1 in 50) could keep it; that case is
// tested, not assumed. The other cells must be sure, each as sure as a classifier-alone number
// must be to pass (the calibrated digit_boxes/handwritten bar): they are what the check digit
// leans on. Dev seed 32 showed why: 307306832539 read 307306832555, one cell doubtful and one
// accepted at 0.92, both wrong, and the check digit held by chance (1 in 11).
constexpr double kSureCellsForCheckDigit = 0.97;
bool check_digit_answers_the_doubt(const HandRead& hand, const FieldSpec& spec) {
  if (!hand.cuts_agree || !check_digit_holds(spec, hand.text) || hand.guesses.size() != hand.text.size())
    return false;
  std::size_t doubtful = hand.guesses.size();
  for (std::size_t i = 0; i < hand.guesses.size(); ++i) {
    if (hand.guesses[i].accepted) {
      if (hand.guesses[i].confidence < kSureCellsForCheckDigit) return false;
      continue;
    }
    if (doubtful != hand.guesses.size()) return false;  // a second doubtful cell
    doubtful = i;
  }
  if (doubtful == hand.guesses.size()) return false;
  for (char d = '0'; d <= '9'; ++d) {
    if (d == hand.text[doubtful]) continue;
    std::string other = hand.text;
    other[doubtful] = d;
    if (check_digit_holds(spec, other)) return false;
  }
  return true;
}

}  // namespace kamiflow::ocr
