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
  // For showing a page to a person (page_image_view.cpp). `quarter_turns_cw` is a record's
  // rotation_degrees (0/90/180/270): how far the page is turned clockwise to read upright.
  // JPEG of the upright page scaled so its longer side is at most `max_side` px (0: full size);
  // grey pages stay one channel, which makes them about a third the size.
  [[nodiscard]] Result<std::vector<std::uint8_t>> encode_jpeg_upright(int rotation_degrees, int max_side,
                                                                       int quality) const;
  // PNG of the region x,y,w,h of this (unturned) page, grown by `margin` px and clamped to the
  // page, then turned upright. InvalidInput when the region misses the page.
  [[nodiscard]] Result<std::vector<std::uint8_t>> encode_region_png(int x, int y, int w, int h, int margin,
                                                                     int rotation_degrees) const;

  struct Impl;  // defined in page_image_access.hpp

 private:
  friend struct PageImageAccess;
  std::shared_ptr<const Impl> impl_;
  double dpi_ = 0;
};

}  // namespace kamiflow::ocr
