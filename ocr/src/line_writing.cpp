// Writing that meets the printed lines of digit boxes (line_writing.hpp).
#include "line_writing.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <opencv2/imgproc.hpp>

namespace kamiflow::ocr {
namespace {

// Rows where a vertical printed line holds more ink than the line itself: a digit's side lying on
// the cell border (a wide 0 drawn edge to edge) is ink under the dilated mask, and subtracting
// the mask took it away, so the 0 read as a confident 5 or 6. Each row's crossing of a vertical
// line is a short run of the mask; the page's own line fills `line_px` of it (a low percentile
// over the line's crossings, so a bold or blurred print sets its own width). A crossing holding clearly more
// ink, over a stretch of rows a pen stroke is long, holds writing: its ink is put back.
// Horizontal lines are the same on the transposed images.
cv::Mat writing_on_vertical_lines(const cv::Mat& page_ink, const cv::Mat& printed, double pxmm) {
  const int band_max = static_cast<int>(std::lround(1.5 * pxmm));  // a crossing, not a horizontal line
  struct Crossing { int y, x0, x1, ink; };
  std::vector<Crossing> crossings;
  for (int y = 0; y < printed.rows; ++y) {
    const uchar* p = printed.ptr<uchar>(y);
    const uchar* in = page_ink.ptr<uchar>(y);
    for (int x = 0; x < printed.cols;) {
      if (!p[x]) { ++x; continue; }
      int end = x, ink = 0;
      while (end < printed.cols && p[end]) ink += in[end++] != 0;
      if (end - x <= band_max && x > 0 && end < printed.cols) crossings.push_back({y, x, end, ink});
      x = end;
    }
  }
  cv::Mat out(page_ink.size(), CV_8UC1, cv::Scalar(0));
  // One line at a time: a form's outer frame is often bolder than the borders between cells.
  std::sort(crossings.begin(), crossings.end(),
            [](const Crossing& a, const Crossing& b) { return a.x0 + a.x1 < b.x0 + b.x1; });
  const int extra = std::max(3, static_cast<int>(std::lround(0.2 * pxmm)));
  for (std::size_t first = 0; first < crossings.size();) {
    std::size_t last = first + 1;
    while (last < crossings.size() &&
           (crossings[last].x0 + crossings[last].x1) - (crossings[last - 1].x0 + crossings[last - 1].x1) <= band_max)
      ++last;
    if (last - first >= 8) {
      std::vector<int> inks;
      for (std::size_t i = first; i < last; ++i) inks.push_back(crossings[i].ink);
      // A low percentile, not the median: writing may lie on most of a short line's length.
      std::nth_element(inks.begin(), inks.begin() + inks.size() * 3 / 10, inks.end());
      const int line_px = inks[inks.size() * 3 / 10];
      for (std::size_t i = first; i < last; ++i) {
        const Crossing& c = crossings[i];
        if (c.ink >= line_px + extra) page_ink.row(c.y).colRange(c.x0, c.x1).copyTo(out.row(c.y).colRange(c.x0, c.x1));
      }
    }
    first = last;
  }
  // A few rows of a thicker line (blur, JPEG) are not a stroke.
  const int stroke = std::max(3, static_cast<int>(std::lround(0.5 * pxmm)));
  cv::morphologyEx(out, out, cv::MORPH_OPEN, cv::getStructuringElement(cv::MORPH_RECT, {1, stroke}));
  return out;
}

}  // namespace

// A stroke that crosses a printed line loses the piece under the (dilated) line mask and falls
// apart: a 7 whose foot runs over the box's bottom border, a big 4 crossing into the next cell.
// Where the writing reaches the line from both sides, the page's ink under the mask between them
// is the stroke, not the line: put it back. A closing bridges only gaps narrower than the mask
// (one line width plus the registration tolerance on each side), so the line's run along the
// box between two strokes that merely touch it is not restored.
cv::Mat bridge_printed_lines(const cv::Mat& page_ink, const cv::Mat& writing, const cv::Mat& printed, double pxmm) {
  if (printed.empty() || printed.size() != writing.size()) return writing;
  const int k = std::max(3, static_cast<int>(std::lround(1.4 * pxmm)) | 1);
  cv::Mat closed_h, closed_v;
  // Separately across and along each axis: a square would also fill a digit's own inner corners.
  cv::morphologyEx(writing, closed_h, cv::MORPH_CLOSE, cv::getStructuringElement(cv::MORPH_RECT, {k, 1}));
  cv::morphologyEx(writing, closed_v, cv::MORPH_CLOSE, cv::getStructuringElement(cv::MORPH_RECT, {1, k}));
  return writing | ((closed_h | closed_v) & printed & page_ink);
}

cv::Mat writing_on_lines(const cv::Mat& page_ink, const cv::Mat& printed, double pxmm) {
  if (printed.empty() || printed.size() != page_ink.size()) return {};
  cv::Mat on_v = writing_on_vertical_lines(page_ink, printed, pxmm);
  cv::Mat ink_t, printed_t, on_h;
  cv::transpose(page_ink, ink_t);
  cv::transpose(printed, printed_t);
  cv::transpose(writing_on_vertical_lines(ink_t, printed_t, pxmm), on_h);
  return on_v | on_h;
}

}  // namespace kamiflow::ocr
