// Internal to ocr/: what a check digit (My Number) says about a number the digit classifier read
// cell by cell: whether it holds, the likeliest single-cell repair when it does not, and whether
// it answers a doubtful cell. Used by read_digit_boxes.cpp. Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "digit_classifier.hpp"
#include "kamiflow/ocr/form_template.hpp"

namespace kamiflow::ocr {

// The digit classifier on every written cell.
struct HandRead {
  std::string text;
  double confidence = 1.0;  // the weakest cell's
  bool cuts_agree = true;   // the typed and the hand cut found the same boxes written
  bool all_accepted = true;
  std::vector<DigitGuess> guesses;
};

bool check_digit_holds(const FieldSpec& spec, const std::string& digits);
std::optional<std::string> repair_by_check_digit(const HandRead& hand, const FieldSpec& spec);
bool check_digit_answers_the_doubt(const HandRead& hand, const FieldSpec& spec);

}  // namespace kamiflow::ocr
