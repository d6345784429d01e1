#include "kamiflow/ocr/page_image.hpp"

#include <algorithm>
#include <cmath>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "page_image_access.hpp"

namespace kamiflow::ocr {

int PageImage::width() const { return impl_ ? impl_->mat.cols : 0; }
int PageImage::height() const { return impl_ ? impl_->mat.rows : 0; }
int PageImage::channels() const { return impl_ ? impl_->mat.channels() : 0; }

Result<std::vector<std::uint8_t>> PageImage::encode_png() const {
  if (!impl_) return Status::InvalidInput("cannot encode an empty page image");
  std::vector<std::uint8_t> out;
  if (!cv::imencode(".png", impl_->mat, out)) return Status::Internal("PNG encoding failed");
  return out;
}

Result<std::vector<std::uint8_t>> PageImage::encode_png_scaled(int max_side) const {
  if (!impl_) return Status::InvalidInput("cannot encode an empty page image");
  if (max_side <= 0) return Status::InvalidInput("thumbnail size must be positive");
  const cv::Mat& m = impl_->mat;
  const double scale = std::min(1.0, static_cast<double>(max_side) / std::max(m.cols, m.rows));
  // The size is given, never the factors: a 1 x 100000 page scaled by factors is 0 pixels wide,
  // which OpenCV refuses with an exception. Every side keeps at least one pixel.
  const cv::Size size(std::max(1, static_cast<int>(std::lround(m.cols * scale))),
                      std::max(1, static_cast<int>(std::lround(m.rows * scale))));
  cv::Mat small;
  if (size == m.size()) small = m;
  else cv::resize(m, small, size, 0, 0, cv::INTER_AREA);  // INTER_AREA: no moire on text
  std::vector<std::uint8_t> out;
  if (!cv::imencode(".png", small, out)) return Status::Internal("PNG encoding failed");
  return out;
}

Status PageImage::write_png(const std::string& path) const {
  if (!impl_) return Status::InvalidInput("cannot write an empty page image");
  try {
    if (!cv::imwrite(path, impl_->mat)) return Status::IOError("could not write " + path);
  } catch (const cv::Exception& e) {
    return Status::IOError("could not write " + path + ": " + e.what());
  }
  return Status::Ok();
}

}  // namespace kamiflow::ocr
