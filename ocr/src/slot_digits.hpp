// Internal to ocr/: the digit classifier on a number written without cells — a date slot between
// the printed 年/月/日 of 「令和　年　月　日」. The slot's ink is split into digits by its columns
// (pieces whose columns overlap, or that lie one above the other, are one digit; a dot joins the
// digit nearest it), and each digit is classified as a digit box's cell is
// (DigitClassifier::classify_cell_checked). Where the split is in doubt — two pieces with no clear
// gap between them (a 7's bar apart from its stem), one piece wide enough for two touching
// digits — both readings are classified; when both are sure, the number is not accepted, and a
// piece that wide is accepted only as the two digits of a sure split.
//
// Contract: pure; thread-safe (the classifier is immutable). `gray` and `region` are the slot's
// grey image and the writing found in it, in the same coordinates.
#pragma once

#include <string>

#include <opencv2/core.hpp>

#include "digit_classifier.hpp"
#include "field_image.hpp"

namespace kamiflow::ocr {

struct ClassifiedNumber {
  std::string digits;      // "" when the ink does not split into 1..max_digits digits
  double confidence = 0;   // the weakest digit's
  bool accepted = false;   // every digit accepted by the classifier
  // The ink may hold more digits than were read (one piece as wide as two digits): no reader's
  // one-digit answer for this slot is to be trusted.
  bool split_in_doubt = false;
  // When split_in_doubt: how the ink reads as the one digit it looks like, before that doubt
  // lowered it; a caller that knows no two-digit number can hold this digit may use it.
  bool accepted_as_one = false;
  double confidence_as_one = 0;
  // How many digits the ink holds is not in doubt: every digit is no wider than tall, and two
  // close pieces read as two sure digits do not also read as one. False for two close pieces read
  // as one digit, and for one wide piece, whichever reading won.
  bool clear_split = false;
};

[[nodiscard]] ClassifiedNumber classify_number(const DigitClassifier& classifier, const cv::Mat& gray,
                                               const InkRegion& region, std::size_t max_digits);

}  // namespace kamiflow::ocr
