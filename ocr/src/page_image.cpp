#include "kamiflow/ocr/page_image.hpp"

#include <opencv2/imgcodecs.hpp>

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
