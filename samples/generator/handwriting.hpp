// Internal to the samples generator: real handwritten digits drawn into digit boxes, from MNIST's
// validation split (never the classifier's training split, never the reserved 30 %; see
// ocr/include/kamiflow/ocr/digit_model.hpp). Fonts imitate handwriting; these are people's.
//
// Contract: HandwritingBank::load() reads the split once (about 1,000 digits); the bank is then
// immutable and shared by every generator thread. draw_handwritten_digit() writes one digit into
// an 8-bit BGR page like a pen would: scaled to the cell with the writer's size and slant, the
// stroke thinned or thickened to the pen's width, ink pressure varying, sometimes over the cell's
// printed lines. Every random choice comes from the Rng passed in, so pages stay reproducible.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "kamiflow/ocr/digit_model.hpp"
#include "kamiflow/ocr/form_template.hpp"
#include "kamiflow/status.hpp"
#include "samples/generator/render.hpp"
#include "samples/generator/rng.hpp"

namespace kamiflow::samples {

class HandwritingBank {
 public:
  [[nodiscard]] static Result<std::shared_ptr<const HandwritingBank>> load(const std::string& data_dir);
  // A random sample of `digit` (0-9), as a tight 8-bit ink mask (255 = ink).
  [[nodiscard]] cv::Mat pick(int digit, Rng& rng) const;

 private:
  std::vector<cv::Mat> by_digit_[10];
};

// How one person writes digits on one page: kept for all the boxes they fill.
struct HandStyle {
  double height = 0.7;   // digit height / cell height
  double slant = 0;      // horizontal shear
  double stroke_mm = 0.4;
  double pressure = 0.9; // darkness of the ink, 0..1
};
[[nodiscard]] HandStyle choose_hand_style(Rng& rng, double pen_stroke_mm);

// Draws `digit` into `cell` (mm) of `page` (BGR, at `scale`).
void draw_handwritten_digit(cv::Mat& page, const MmScale& scale, const HandwritingBank& bank, int digit,
                            const ocr::BoxMm& cell, const HandStyle& style, const cv::Scalar& ink, Rng& rng);

}  // namespace kamiflow::samples
