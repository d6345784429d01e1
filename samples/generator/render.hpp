// Internal to the samples generator: draws a FormTemplate's printed matter (ruled cells, labels,
// option boxes, titles, notes) into an image, and draws Japanese text with the IPA fonts through
// OpenCV's freetype module. The blank form (samples/forms/<id>/blank.png) and every generated
// page come from render_blank(), so the template and its image can never disagree.
#pragma once

#include <string>
#include <memory>
#include <string_view>
#include <vector>

#include <opencv2/core.hpp>

#include "kamiflow/ocr/form_template.hpp"

namespace kamiflow::samples {

enum class Font { kGothic, kPGothic, kMincho, kPMincho };
[[nodiscard]] std::string_view font_name(Font f);  // "IPAGothic", ...

// Millimetres → pixels at a given resolution.
struct MmScale {
  double dpi = 300;
  double px(double mm) const { return mm * dpi / 25.4; }
  cv::Point2d pt(double x_mm, double y_mm) const { return {px(x_mm), px(y_mm)}; }
  cv::Rect rect(const ocr::BoxMm& b) const;
};

// UTF-8 string → one string per code point (invalid bytes become single-byte entries).
[[nodiscard]] std::vector<std::string> utf8_chars(std::string_view s);

// Draws text into 8-bit BGR images. FreeType2 objects are expensive to create and not
// thread-safe, so each thread keeps one per font (for_this_thread()).
class TextPainter {
 public:
  static TextPainter& for_this_thread();

  // Horizontal advance of one character, in em (1.0 for a full-width kanji in IPAGothic).
  double advance_em(Font font, const std::string& ch);
  double width_em(Font font, std::string_view text);
  // Draws one character whose em box has its top-left corner at `top_left` (pixels).
  void draw_char(cv::Mat& img, Font font, const std::string& ch, cv::Point2d top_left, double em_px,
                 const cv::Scalar& colour, bool bold = false);
  // Draws a run left to right; returns the x (pixels) after the last character.
  double draw_text(cv::Mat& img, Font font, std::string_view text, cv::Point2d top_left, double em_px,
                   const cv::Scalar& colour, bool bold = false);

 private:
  TextPainter();
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

// A straight stroke with flat ends (a filled quadrilateral), antialiased; `width_px` ≥ 1.
void draw_stroke(cv::Mat& img, cv::Point2d a, cv::Point2d b, double width_px, const cv::Scalar& colour);
void draw_rect_outline(cv::Mat& img, const cv::Rect2d& r, double width_px, const cv::Scalar& colour);

// Where the renderer puts a field's printed label: a cell of this width left of the field box.
inline constexpr double kLabelCellMm = 26.0;

// The blank form at `dpi`: white 8-bit BGR page with every printed item, field cell, option box
// and label drawn in dark ink.
[[nodiscard]] cv::Mat render_blank(const ocr::FormTemplate& form, double dpi);

}  // namespace kamiflow::samples
