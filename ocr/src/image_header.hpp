// Internal to ocr/: recognising an image file by its first bytes and reading what its header
// declares (dimensions, resolution, completeness) without decoding any pixel.
//
// Why: the decoders (libpng, libjpeg, libtiff) allocate the whole raster from the header's
// numbers, so a 100000 x 100000 header is a decompression bomb; and libjpeg happily "decodes" half
// a file by filling grey. Checking the structure here turns both into a clear Status first.
// Pure functions over bytes; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kamiflow/status.hpp"

namespace kamiflow::ocr::image_header {

enum class Format { kUnknown, kPng, kJpeg, kTiff, kBmp, kPdf };

// "png", "jpeg", "tiff", "bmp", "pdf" or "unknown".
std::string_view format_name(Format f);

// Recognises the format from the first bytes (16 are enough). Extensions are never consulted.
Format sniff(std::string_view head);

// What one page's header declares.
struct PageHeader {
  long long width = 0, height = 0;
  double dpi = 0;  // 0 when the file does not say
};

// PNG/JPEG/BMP: the single page's header, after checking the file's structure is complete
// (PNG chunks up to IEND, JPEG markers up to EOI, BMP pixel array inside the file).
// Errors are Corruption with a reason that does not name the file (the caller adds it).
[[nodiscard]] Result<PageHeader> read_single(Format f, std::string_view bytes);

// TIFF: the header of every page (IFD), following the IFD chain with loop protection and at
// most `max_pages` + 1 entries (so the caller can tell "too many"). `read_at(offset, n)` reads n
// bytes of the file at `offset` and returns fewer when the file ends.
struct ByteReader {
  virtual ~ByteReader() = default;
  virtual std::string read_at(std::uint64_t offset, std::size_t n) = 0;
};
[[nodiscard]] Result<std::vector<PageHeader>> read_tiff_pages(ByteReader& in, int max_pages);

// "header declares W x H pixels (limit N M)" when width*height exceeds max_pixels, else ok.
[[nodiscard]] Status check_pixels(const PageHeader& h, long long max_pixels);

}  // namespace kamiflow::ocr::image_header
