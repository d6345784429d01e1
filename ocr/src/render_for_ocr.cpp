// render_for_ocr (field_image.hpp): the kept ink as Tesseract is given it.
#include <algorithm>

#include <opencv2/imgproc.hpp>

#include "field_image.hpp"

namespace kamiflow::ocr {

cv::Mat render_for_ocr(const cv::Mat& gray, const InkRegion& region, bool binary, double target_char_px, int pad_px,
                       int pad_y_px) {
  if (region.bounds.area() == 0) return {};
  const cv::Rect r = region.bounds & cv::Rect(0, 0, gray.cols, gray.rows);
  cv::Mat out(r.size(), CV_8UC1, cv::Scalar(255));
  if (binary) {
    out.setTo(0, region.mask(r));
  } else {
    cv::Mat m;
    cv::dilate(region.mask(r), m, cv::getStructuringElement(cv::MORPH_RECT, {3, 3}));
    gray(r).copyTo(out, m);
  }
  // Tesseract's LSTM reads best with characters ~30-40 px tall (x-height >= ~20 px, DESIGN.md §4);
  // leave sizes that are already close alone to avoid resampling blur.
  const double h = region.char_height > 0 ? region.char_height : r.height;
  const double s = target_char_px / h;
  if (s > 1.25 || s < 0.6) {
    cv::resize(out, out, cv::Size(), s, s, s > 1 ? cv::INTER_CUBIC : cv::INTER_AREA);
  }
  const int pad = pad_px >= 0 ? pad_px : std::max(10, static_cast<int>(target_char_px * 0.5));
  const int pad_y = pad_y_px >= 0 ? pad_y_px : pad;
  cv::copyMakeBorder(out, out, pad_y, pad_y, pad, pad, cv::BORDER_CONSTANT, cv::Scalar(255));
  return out;
}

}  // namespace kamiflow::ocr
