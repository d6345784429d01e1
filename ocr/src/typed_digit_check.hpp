// Internal to ocr/: the digit classifier as a second reader of a typed digit string (a phone
// number). Tesseract's `eng` model misreads some fonts' digits the same way in both
// preprocessings (IPA Mincho's thin-topped 5 as a sure 9), so its two reads agreeing is no
// evidence about those digits; the classifier (trained on handwriting and on these fonts, with
// other features) is a different reader.
//
// Contract: the writing is cut into characters by its connected components (pieces of one
// character stacked in the same columns are joined); hyphens are the short flat ones. Only when
// every other character is digit-sized and their count equals the digits in `text` is anything
// compared; anything else (touching digits, parentheses, specks) gives `compared` false, no
// evidence either way. Pure given the classifier; thread-safe.
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
