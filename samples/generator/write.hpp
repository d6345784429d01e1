// Internal to the samples generator: encodes scanned pages as PNG, JPEG, TIFF (LZW or CCITT G4),
// multi-page TIFF and PDF through Leptonica, which records each page's resolution in the file
// (OpenCV's writers do not for PNG and JPEG). Output bytes depend only on the pixels and the
// plan: the PDF writer is told not to stamp a creation date, so the same seed gives the same file.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "kamiflow/status.hpp"
#include "samples/generator/degrade.hpp"

namespace kamiflow::samples {

struct ScannedPage {
  cv::Mat image;  // BGR, grey, or 0/255 grey when plan.colour == "binary"
  ScanPlan plan;
};

// One page file as plan.format says ("png", "jpeg" or "tiff").
[[nodiscard]] Result<std::string> encode_page(const ScannedPage& page);
[[nodiscard]] Result<std::string> encode_pdf(const std::vector<const ScannedPage*>& pages, const std::string& title);
[[nodiscard]] Status write_multipage_tiff(const std::vector<const ScannedPage*>& pages, const std::filesystem::path& path);

// Writes to a temporary name beside `path`, flushes to disk, then renames: no half-written file
// is ever visible under the final name (DESIGN.md §5.2).
[[nodiscard]] Status write_file_atomic(const std::filesystem::path& path, const std::string& bytes);

}  // namespace kamiflow::samples
