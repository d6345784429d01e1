// Internal to ocr/: the image of one field and the clean-up every recogniser shares.
//
// Contract: pure functions on cv::Mat values; inputs are never written. A FieldCrop is the field's
// box plus a margin, warped upright into template coordinates at `dpi` (warp_region), together
// with the same region of the blank form (reference_region) when the template has one, or that
// region's printed-ink mask, which the Extractor computes once per template field instead of once
// per page. Ink masks are 8UC1 with 255 = ink. Thread-safe (no shared state).
#pragma once

#include <vector>

#include <opencv2/core.hpp>

#include "kamiflow/ocr/form_template.hpp"

namespace kamiflow::ocr {

struct FieldCrop {
  cv::Mat image;      // 8UC1 or 8UC3 (BGR): the filled-in form
  cv::Mat reference;  // 8UC1 blank form, same size and geometry as image; may be empty
  cv::Mat printed;    // printed_ink(reference) precomputed, same size as image; may be empty
  double dpi = 300;
  BoxMm area_mm;      // the template region the image covers (field box grown by the margin)

  // A template box (mm) in this crop's pixels, clipped to the image.
  cv::Rect to_pixels(const BoxMm& box) const;
  double px_per_mm() const { return dpi / 25.4; }
  bool has_reference() const { return !reference.empty() || !printed.empty(); }
};

// Grey version of a crop with red seal-stamp ink replaced by paper white (colour crops only; a
// grey scan has lost the hue that tells a stamp from writing).
[[nodiscard]] cv::Mat gray_without_red_ink(const cv::Mat& image);

// Ink mask of a grey image: a threshold under the paper's brightness, so a blank noisy crop yields
// (almost) nothing instead of Otsu's split of the noise.
[[nodiscard]] cv::Mat writing_ink_mask(const cv::Mat& gray);

// The blank form's printed matter in a reference crop, dilated by ~0.3 mm so that residual
// misregistration does not leave its edges behind. Empty when `reference_gray` is empty.
[[nodiscard]] cv::Mat printed_ink(const cv::Mat& reference_gray, double px_per_mm);
// crop.printed, else printed_ink(crop.reference), else empty (no blank form to compare with).
[[nodiscard]] cv::Mat crop_printed_ink(const FieldCrop& crop);
// `ink` without the `printed` mask; `ink` unchanged when printed is empty or of another size.
[[nodiscard]] cv::Mat remove_printed_ink(const cv::Mat& ink, const cv::Mat& printed);

// Erases straight horizontal runs at least `min_h_len` long and vertical runs at least `min_v_len`
// long (box borders and comb lines the reference did not cancel, e.g. when there is no reference).
// A run cut by the image's edge counts from half the length: the line goes on outside the crop.
[[nodiscard]] cv::Mat remove_long_lines(const cv::Mat& ink, int min_h_len, int min_v_len);

struct InkRegion {
  cv::Mat mask;          // the kept ink (same size as the input mask)
  cv::Rect bounds;       // bounding box of the kept ink; empty when nothing was kept
  int ink_pixels = 0;
  int components = 0;    // kept connected components
  double char_height = 0;  // median height of the "character-sized" components, px
};

// Keeps the ink that looks like writing: components at least `min_core_height` tall (or big),
// plus small pieces (dakuten, dots) close to them; isolated specks and dust are dropped.
[[nodiscard]] InkRegion find_writing(const cv::Mat& ink, double min_core_height, double near_px);

// What Tesseract sees: the kept ink cut out, dark on white, padded, scaled so characters are about
// `target_char_px` tall. binary: pure black/white from the mask; otherwise the original grey
// values under the (slightly dilated) mask, which keeps anti-aliasing for the LSTM.
// pad_px < 0: half a character of white all round.
// pad_y_px < 0: the same as the horizontal padding.
[[nodiscard]] cv::Mat render_for_ocr(const cv::Mat& gray, const InkRegion& region, bool binary,
                                     double target_char_px = 40, int pad_px = -1, int pad_y_px = -1);

// The whole clean-up for one box of a crop: red ink removed, printed matter cancelled with the
// reference (tolerance ~0.3 mm), leftover box lines erased, specks dropped. `box` is the field's
// (or cell's) box in crop pixels; ink outside it by more than `overflow_mm` is ignored.
struct Writing {
  cv::Mat gray;      // the crop in grey, red ink removed
  InkRegion region;  // the writing found in it
};
// The first half of find_field_writing: the crop's added ink with printed lines removed, limited
// to `box` grown by `overflow_mm` (for digit boxes, where each cell is then searched separately).
// `cells` (digit boxes, crop pixels): their borders are printed lines too; an upright stroke away
// from every border is writing (a "1"), however long. `handwriting_on_lines`: also keep the ink
// a hand left on and across the printed lines (line_writing.hpp), for the digit classifier;
// Tesseract's typed path keeps the plain clean-up it was measured with.
[[nodiscard]] cv::Mat field_ink(const FieldCrop& crop, const cv::Mat& gray, const cv::Rect& box, double overflow_mm,
                                const std::vector<cv::Rect>& cells = {}, bool handwriting_on_lines = false);
[[nodiscard]] Writing find_field_writing(const FieldCrop& crop, const cv::Rect& box, double min_core_mm = 1.0,
                                         double overflow_mm = 1.5);

}  // namespace kamiflow::ocr
