// Internal to ocr/: the format-specific PageSource implementations behind PageSource::open(),
// and the decoders decode_image_bytes() shares with them.
//
// Every error message starts with the file's path (and "page N" when one page is concerned),
// so the quarantine reason stands on its own. Nothing here writes to the input file.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <opencv2/core.hpp>

#include "image_header.hpp"
#include "kamiflow/ocr/page_source.hpp"

namespace kamiflow::ocr::page_source_detail {

// "scan.tif: page 3" (1-based page).
std::string page_context(const std::string& path, int page_index0);

// Raster files (PNG, JPEG, BMP): one page. `bytes` is the whole file, already read.
[[nodiscard]] Result<std::unique_ptr<PageSource>> open_raster(const std::string& path, image_header::Format format,
                                                              std::string bytes, const PageSourceLimits& limits);
[[nodiscard]] Result<std::unique_ptr<PageSource>> open_tiff(const std::string& path, const PageSourceLimits& limits);
[[nodiscard]] Result<std::unique_ptr<PageSource>> open_pdf(const std::string& path, const PageSourceLimits& limits);

// Checks structure and header size, then decodes a PNG/JPEG/BMP held in memory. Errors carry no
// file name (the caller adds it). `dpi_override` > 0 replaces the file's own resolution.
[[nodiscard]] Result<PageImage> decode_raster(std::string_view bytes, image_header::Format format,
                                              long long max_pixels, double dpi_override);
// Page `index` of a TIFF held in memory, decoded with Leptonica.
[[nodiscard]] Result<PageImage> decode_tiff_memory(std::string_view bytes, int index, long long max_pixels,
                                                   double dpi_override);

// Brings whatever a decoder produced (8/16-bit, 1-4 channels) to the PageImage contract:
// 8-bit grey or BGR; alpha is composited onto white paper (a transparent scan is white, not black).
[[nodiscard]] Result<cv::Mat> to_page_mat(const cv::Mat& decoded);

}  // namespace kamiflow::ocr::page_source_detail
