// Internal to ocr/: the digit classifier as a second reader of a typed digit string (a phone
// number). Tesseract's `eng` model misreads some fonts' digits the same way in both
// preprocessings (IPA Mincho's thin-topped 5 as a sure 9), so its two reads agreeing is no
// evidence about those digits; the classifier (trained on handwriting and on these fonts, with
// other features) is a different reader.
//
// Contract: the writing is cut into character pieces by its connected components (pieces of one
// character stacked in the same columns are joined), and the text's characters are matched to the
// pieces by width: every digit, hyphen or other Latin character is one piece about half as wide as
// the line is tall, a kanji or kana one to four pieces about as wide as tall (令和5年4月27日). Only
// when that matching explains the ink well is anything compared; otherwise (touching digits,
// parentheses, specks, a line the widths do not fit) `compared` is false: no evidence either way.
// Pure given the classifier; thread-safe.
#pragma once

#include <string>

#include <opencv2/core.hpp>

#include "digit_classifier.hpp"
#include "field_image.hpp"

namespace kamiflow::ocr {

struct DigitStringCheck {
  bool compared = false;
  // Positions (into text's digits) where the classifier accepted another digit than the text has.
  int contradictions = 0;
  std::string classifier_reading;  // `text` with the contradicted digits replaced (for a reviewer)
};

[[nodiscard]] DigitStringCheck check_digit_string(const cv::Mat& gray, const InkRegion& region, const std::string& text,
                                                  const DigitClassifier& classifier);

}  // namespace kamiflow::ocr
