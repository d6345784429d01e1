// PageImage views for people (review server, report): the page turned upright as a JPEG, and one
// field's region as a PNG. Read-only on the shared pixels.
#include <algorithm>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "kamiflow/ocr/page_image.hpp"
#include "page_image_access.hpp"

namespace kamiflow::ocr {
namespace {

// rotation_degrees comes from the registration's page → template mapping (registration.cpp): in
// image coordinates (y down) that angle turns the page clockwise into the template's frame.
cv::Mat upright(const cv::Mat& m, int rotation_degrees) {
  const int q = ((rotation_degrees % 360) + 360) % 360;
  if (q == 0) return m;
  cv::Mat out;
  cv::rotate(m, out, q == 90 ? cv::ROTATE_90_CLOCKWISE : q == 180 ? cv::ROTATE_180 : cv::ROTATE_90_COUNTERCLOCKWISE);
  return out;
}

}  // namespace

Result<std::vector<std::uint8_t>> PageImage::encode_jpeg_upright(int rotation_degrees, int max_side,
                                                                 int quality) const {
  if (!impl_) return Status::InvalidInput("cannot encode an empty page image");
  const cv::Mat& m = impl_->mat;
  cv::Mat small = m;
  if (max_side > 0 && std::max(m.cols, m.rows) > max_side) {
    const double scale = static_cast<double>(max_side) / std::max(m.cols, m.rows);
    // Every side at least one pixel: a 1 x 100000 page scaled by 0.014 would be 0 wide, which
    // OpenCV refuses by throwing (issue #13).
    const cv::Size size(std::max(1, static_cast<int>(std::lround(m.cols * scale))),
                        std::max(1, static_cast<int>(std::lround(m.rows * scale))));
    cv::resize(m, small, size, 0, 0, cv::INTER_AREA);
  }
  std::vector<std::uint8_t> out;
  if (!cv::imencode(".jpg", upright(small, rotation_degrees), out, {cv::IMWRITE_JPEG_QUALITY, std::clamp(quality, 10, 100)}))
    return Status::Internal("JPEG encoding failed");
  return out;
}

Result<std::vector<std::uint8_t>> PageImage::encode_region_png(int x, int y, int w, int h, int margin,
                                                               int rotation_degrees) const {
  if (!impl_) return Status::InvalidInput("cannot encode an empty page image");
  const cv::Mat& m = impl_->mat;
  const cv::Rect want(x - margin, y - margin, w + 2 * margin, h + 2 * margin);
  const cv::Rect r = want & cv::Rect(0, 0, m.cols, m.rows);
  if (r.empty()) return Status::InvalidInput("region lies outside the page");
  std::vector<std::uint8_t> out;
  if (!cv::imencode(".png", upright(m(r), rotation_degrees), out)) return Status::Internal("PNG encoding failed");
  return out;
}

}  // namespace kamiflow::ocr
