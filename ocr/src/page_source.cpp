// PageSource::open(): checks the file, sniffs its content and hands it to the format's source.
#include <filesystem>
#include <fstream>
#include <system_error>

#include "page_source_internal.hpp"

namespace kamiflow::ocr {

using image_header::Format;
using namespace page_source_detail;

namespace {

std::string hex_prefix(std::string_view head) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  for (std::size_t i = 0; i < head.size() && i < 8; ++i) {
    if (i) s += ' ';
    s += kHex[std::uint8_t(head[i]) >> 4];
    s += kHex[std::uint8_t(head[i]) & 15];
  }
  return s;
}

Result<std::string> read_prefix(const std::string& path, std::size_t n) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError(path + ": cannot open for reading");
  std::string buf(n, '\0');
  in.read(buf.data(), static_cast<std::streamsize>(n));
  if (in.bad()) return Status::IOError(path + ": read error");
  buf.resize(static_cast<std::size_t>(in.gcount()));
  return buf;
}

}  // namespace

namespace page_source_detail {
std::string page_context(const std::string& path, int page_index0) {
  return path + ": page " + std::to_string(page_index0 + 1);
}
}  // namespace page_source_detail

Result<std::unique_ptr<PageSource>> PageSource::open(const std::string& path, const PageSourceLimits& limits) {
  std::error_code ec;
  const auto st = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(st)) return Status::NotFound(path + ": no such file");
  if (!std::filesystem::is_regular_file(st)) return Status::InvalidInput(path + ": not a regular file");
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return Status::IOError(path + ": cannot read its size: " + ec.message());
  if (size == 0) return Status::Corruption(path + ": file is empty (0 bytes)");
  if (static_cast<long long>(size) > limits.max_file_bytes) {
    return Status::ResourceLimit(path + ": file is " + std::to_string(size) + " bytes (limit " +
                                 std::to_string(limits.max_file_bytes) + ")");
  }
  KF_ASSIGN_OR_RETURN(std::string head, read_prefix(path, 1024));
  const Format format = image_header::sniff(head);
  switch (format) {
    case Format::kPng:
    case Format::kJpeg:
    case Format::kBmp: {
      // One page, and the structure check needs the whole file anyway: read it once.
      KF_ASSIGN_OR_RETURN(std::string bytes, read_prefix(path, size));
      if (bytes.size() != size) return Status::IOError(path + ": file changed size while being read");
      return open_raster(path, format, std::move(bytes), limits);
    }
    case Format::kTiff: return open_tiff(path, limits);
    case Format::kPdf: return open_pdf(path, limits);
    case Format::kUnknown: break;
  }
  return Status::Unsupported(path + ": not a supported image or PDF (content starts with bytes " + hex_prefix(head) +
                             "; PNG, JPEG, TIFF, BMP and PDF are read, whatever the file name says)");
}

Result<PageImage> decode_image_bytes(const std::string& bytes, double dpi) {
  if (bytes.empty()) return Status::Corruption("image data is empty (0 bytes)");
  const PageSourceLimits limits;
  const Format format = image_header::sniff(bytes);
  switch (format) {
    case Format::kPng:
    case Format::kJpeg:
    case Format::kBmp: return decode_raster(bytes, format, limits.max_pixels, dpi);
    case Format::kTiff: return decode_tiff_memory(bytes, 0, limits.max_pixels, dpi);
    case Format::kPdf: return Status::Unsupported("decode_image_bytes does not render PDF; use PageSource");
    case Format::kUnknown: break;
  }
  return Status::Unsupported("image data is not PNG, JPEG, TIFF or BMP (starts with bytes " + hex_prefix(bytes) + ")");
}

}  // namespace kamiflow::ocr
