// kamiflow::ocr::PageImage: one decoded page, as an immutable value.
//
// Contract: cheap to copy (shared, immutable pixels); safe to read from many threads. Pixels are
// 8-bit BGR or 8-bit grey. No OpenCV type appears here: code inside ocr/ reaches the cv::Mat
// through ocr/src/page_image_access.hpp.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "kamiflow/status.hpp"

namespace kamiflow::ocr {

class PageImage {
 public:
  PageImage() = default;
  int width() const;
  int height() const;
  int channels() const;        // 1 (grey) or 3 (BGR)
  double dpi() const { return dpi_; }  // as declared by the file, or estimated; 0 if unknown
  bool empty() const { return impl_ == nullptr; }

  // Encodes as PNG (for crops, thumbnails and tests).
  [[nodiscard]] Result<std::vector<std::uint8_t>> encode_png() const;
  [[nodiscard]] Status write_png(const std::string& path) const;
  // PNG of the page scaled down so its longer side is at most `max_side` px (thumbnails).
  [[nodiscard]] Result<std::vector<std::uint8_t>> encode_png_scaled(int max_side) const;

  struct Impl;  // defined in page_image_access.hpp

 private:
  friend struct PageImageAccess;
  std::shared_ptr<const Impl> impl_;
  double dpi_ = 0;
};

}  // namespace kamiflow::ocr
