// TIFF files (multi-page, G4 fax included) decoded one page at a time with Leptonica, which
// reads G4 about 30× faster than a generic path (DESIGN.md §4). Page headers come from our own
// IFD walk (image_header) so sizes are checked before libtiff allocates anything.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <memory>

#include <leptonica/allheaders.h>
#include <opencv2/imgproc.hpp>

#include "page_image_access.hpp"
#include "page_source_internal.hpp"

namespace kamiflow::ocr::page_source_detail {
namespace {

struct PixDeleter {
  void operator()(PIX* p) const { pixDestroy(&p); }
};
using PixPtr = std::unique_ptr<PIX, PixDeleter>;

// Leptonica packs pixels MSB-first in 32-bit words; GET_DATA_BYTE hides the endianness.
Result<cv::Mat> pix_to_mat(PIX* raw) {
  PixPtr uncmapped;
  PIX* pix = raw;
  if (pixGetColormap(pix)) {
    uncmapped.reset(pixRemoveColormap(pix, REMOVE_CMAP_BASED_ON_SRC));
    if (!uncmapped) return Status::Corruption("TIFF colormap could not be applied");
    pix = uncmapped.get();
  }
  const int w = pixGetWidth(pix), h = pixGetHeight(pix), d = pixGetDepth(pix);
  if (d == 32) {
    PixPtr flattened;
    if (pixGetSpp(pix) == 4) {  // alpha: composite onto white paper
      flattened.reset(pixAlphaBlendUniform(pix, 0xffffff00));
      if (flattened) pix = flattened.get();
    }
    cv::Mat out(h, w, CV_8UC3);
    const l_uint32* data = pixGetData(pix);
    const int wpl = pixGetWpl(pix);
    for (int y = 0; y < h; ++y) {
      const l_uint32* line = data + static_cast<std::ptrdiff_t>(y) * wpl;
      auto* dst = out.ptr<cv::Vec3b>(y);
      // The shifts inline what extractRGBValues() does in a call per pixel (8.7 M calls a page).
      for (int x = 0; x < w; ++x) {
        const l_uint32 px = line[x];
        dst[x] = cv::Vec3b(std::uint8_t(px >> L_BLUE_SHIFT), std::uint8_t(px >> L_GREEN_SHIFT),
                           std::uint8_t(px >> L_RED_SHIFT));
      }
    }
    return out;
  }
  PixPtr grey;
  if (d == 16) {
    grey.reset(pixConvert16To8(pix, L_MS_BYTE));
  } else if (d != 8) {
    grey.reset(pixConvertTo8(pix, 0));  // 1 bpp: 0 (paper) → 255, 1 (ink) → 0
  }
  if (grey) pix = grey.get();
  if (pixGetDepth(pix) != 8) return Status::Unsupported("TIFF pixel depth " + std::to_string(d) + " is not supported");
  cv::Mat out(h, w, CV_8UC1);
  const l_uint32* data = pixGetData(pix);
  const int wpl = pixGetWpl(pix);
  for (int y = 0; y < h; ++y) {
    const l_uint32* line = data + static_cast<std::ptrdiff_t>(y) * wpl;
    auto* dst = out.ptr<std::uint8_t>(y);
    for (int x = 0; x < w; ++x) dst[x] = std::uint8_t(GET_DATA_BYTE(line, x));
  }
  return out;
}

Result<PageImage> finish_page(PixPtr pix, const image_header::PageHeader& header, double dpi_override) {
  if (!pix) return Status::Corruption("TIFF page could not be decoded (truncated or corrupt data)");
  // Allow a swap: an Orientation tag may make Leptonica return the page turned by 90°.
  const long long w = pixGetWidth(pix.get()), h = pixGetHeight(pix.get());
  if (w * h != header.width * header.height)
    return Status::Corruption("TIFF page decoded to a size its header does not declare");
  KF_ASSIGN_OR_RETURN(cv::Mat mat, pix_to_mat(pix.get()));
  double dpi = header.dpi;
  if (dpi <= 0) dpi = pixGetXRes(pix.get());
  // Standard-resolution fax is 204 x 98 dpi: pixels twice as tall as wide. Everything downstream
  // assumes square pixels (registration would see a form squashed to half its height), so the
  // rows are resampled to the horizontal resolution.
  const double xres = pixGetXRes(pix.get()), yres = pixGetYRes(pix.get());
  if (dpi_override <= 0 && xres > 0 && yres > 0 && std::abs(xres / yres - 1) > 0.05) {
    const int rows = std::max(1, static_cast<int>(std::lround(mat.rows * xres / yres)));
    cv::resize(mat, mat, cv::Size(mat.cols, rows), 0, 0, rows > mat.rows ? cv::INTER_LINEAR : cv::INTER_AREA);
    dpi = xres;
  }
  return PageImageAccess::wrap(std::move(mat), dpi_override > 0 ? dpi_override : dpi);
}

class FileReader final : public image_header::ByteReader {
 public:
  explicit FileReader(const std::string& path) : in_(path, std::ios::binary) {}
  bool ok() const { return static_cast<bool>(in_); }
  std::string read_at(std::uint64_t offset, std::size_t n) override {
    std::string buf(n, '\0');
    in_.clear();
    in_.seekg(static_cast<std::streamoff>(offset));
    if (!in_) return {};
    in_.read(buf.data(), static_cast<std::streamsize>(n));
    buf.resize(static_cast<std::size_t>(in_.gcount()));
    return buf;
  }

 private:
  std::ifstream in_;
};

class MemoryReader final : public image_header::ByteReader {
 public:
  explicit MemoryReader(std::string_view bytes) : bytes_(bytes) {}
  std::string read_at(std::uint64_t offset, std::size_t n) override {
    if (offset >= bytes_.size()) return {};
    return std::string(bytes_.substr(static_cast<std::size_t>(offset), n));
  }

 private:
  std::string_view bytes_;
};

class TiffPageSource final : public PageSource {
 public:
  TiffPageSource(std::string path, std::vector<image_header::PageHeader> headers, long long max_pixels)
      : path_(std::move(path)), headers_(std::move(headers)), max_pixels_(max_pixels) {}

  int page_count() const override { return static_cast<int>(headers_.size()); }
  const std::string& path() const override { return path_; }
  std::string format() const override { return "tiff"; }

  Result<PageImage> page(int index) override {
    if (index < 0 || index >= page_count()) {
      return Status::InvalidInput(page_context(path_, index) + ": no such page (file has " +
                                  std::to_string(page_count()) + ")");
    }
    // A huge page is refused on its own; the file's other pages stay readable.
    Status size_ok = image_header::check_pixels(headers_[index], max_pixels_);
    if (!size_ok.ok()) return size_ok.WithContext(page_context(path_, index));
    Result<PageImage> r = finish_page(PixPtr(pixReadTiff(path_.c_str(), index)), headers_[index], 0);
    if (!r.ok()) return r.status().WithContext(page_context(path_, index));
    return r;
  }

 private:
  std::string path_;
  std::vector<image_header::PageHeader> headers_;
  long long max_pixels_;
};

}  // namespace

Result<std::unique_ptr<PageSource>> open_tiff(const std::string& path, const PageSourceLimits& limits) {
  FileReader reader(path);
  if (!reader.ok()) return Status::IOError(path + ": cannot open for reading");
  Result<std::vector<image_header::PageHeader>> headers = image_header::read_tiff_pages(reader, limits.max_pages);
  if (!headers.ok()) return headers.status().WithContext(path);
  if (static_cast<int>(headers->size()) > limits.max_pages) {
    return Status::ResourceLimit(path + ": TIFF has more than " + std::to_string(limits.max_pages) + " pages");
  }
  return std::unique_ptr<PageSource>(new TiffPageSource(path, std::move(headers).value(), limits.max_pixels));
}

Result<PageImage> decode_tiff_memory(std::string_view bytes, int index, long long max_pixels, double dpi_override) {
  MemoryReader reader(bytes);
  KF_ASSIGN_OR_RETURN(std::vector<image_header::PageHeader> headers, image_header::read_tiff_pages(reader, index + 1));
  if (index < 0 || index >= static_cast<int>(headers.size())) return Status::InvalidInput("TIFF has no such page");
  KF_RETURN_IF_ERROR(image_header::check_pixels(headers[index], max_pixels));
  PixPtr pix(pixReadMemTiff(reinterpret_cast<const l_uint8*>(bytes.data()), bytes.size(), index));
  return finish_page(std::move(pix), headers[index], dpi_override);
}

}  // namespace kamiflow::ocr::page_source_detail
