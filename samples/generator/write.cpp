// Page encoding through Leptonica (see samples_write.hpp).
#include "samples/generator/write.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <memory>

#include <leptonica/allheaders.h>

namespace kamiflow::samples {
namespace {

struct PixDeleter {
  void operator()(PIX* p) const { pixDestroy(&p); }
};
using PixPtr = std::unique_ptr<PIX, PixDeleter>;
struct PixaDeleter {
  void operator()(PIXA* p) const { pixaDestroy(&p); }
};
struct LeptBytesDeleter {
  void operator()(l_uint8* p) const { lept_free(p); }
};

PixPtr to_pix(const ScannedPage& page) {
  const cv::Mat& m = page.image;
  bool binary = page.plan.colour == "binary";
  int depth = binary ? 1 : m.channels() == 1 ? 8 : 32;
  PixPtr pix(pixCreate(m.cols, m.rows, depth));
  if (!pix) return nullptr;
  l_uint32* data = pixGetData(pix.get());
  int wpl = pixGetWpl(pix.get());
  for (int y = 0; y < m.rows; ++y) {
    l_uint32* line = data + static_cast<std::ptrdiff_t>(y) * wpl;
    const auto* row = m.ptr<std::uint8_t>(y);
    for (int x = 0; x < m.cols; ++x) {
      if (binary) {
        if (row[x] < 128) SET_DATA_BIT(line, x);  // 1 = black in Leptonica's 1 bpp images
      } else if (depth == 8) {
        SET_DATA_BYTE(line, x, row[x]);
      } else {
        l_uint32 v = 0;
        composeRGBPixel(row[3 * x + 2], row[3 * x + 1], row[3 * x], &v);
        line[x] = v;
      }
    }
  }
  pixSetResolution(pix.get(), page.plan.dpi, page.plan.dpi);
  return pix;
}

int tiff_compression(const ScanPlan& plan) { return plan.tiff_compression == "g4" ? IFF_TIFF_G4 : IFF_TIFF_LZW; }

}  // namespace

Result<std::string> encode_page(const ScannedPage& page) {
  PixPtr pix = to_pix(page);
  if (!pix) return Status::Internal("cannot allocate a Leptonica image");
  l_uint8* raw = nullptr;
  size_t size = 0;
  l_ok err = 1;
  const std::string& f = page.plan.format;
  if (f == "png") {
    // zlib level 6 (the default) spent most of the generator's time; 2 costs ~10 % in size.
    pixSetZlibCompression(pix.get(), 2);
    err = pixWriteMemPng(&raw, &size, pix.get(), 0.0f);
  }
  else if (f == "jpeg") err = pixWriteMemJpeg(&raw, &size, pix.get(), page.plan.jpeg_quality, 0);
  else if (f == "tiff") err = pixWriteMemTiff(&raw, &size, pix.get(), tiff_compression(page.plan));
  else return Status::InvalidInput("cannot write a single page as " + f);
  std::unique_ptr<l_uint8, LeptBytesDeleter> bytes(raw);
  if (err || !raw) return Status::Internal("Leptonica failed to encode a page as " + f);
  return std::string(reinterpret_cast<const char*>(raw), size);
}

Result<std::string> encode_pdf(const std::vector<const ScannedPage*>& pages, const std::string& title) {
  std::unique_ptr<PIXA, PixaDeleter> pixa(pixaCreate(static_cast<l_int32>(pages.size())));
  for (const ScannedPage* p : pages) {
    PixPtr pix = to_pix(*p);
    if (!pix) return Status::Internal("cannot allocate a Leptonica image");
    pixaAddPix(pixa.get(), pix.release(), L_INSERT);
  }
  // No /CreationDate and no version string: otherwise two runs never produce the same bytes.
  l_pdfSetDateAndVersion(0);
  l_uint8* raw = nullptr;
  size_t size = 0;
  // res 0: each page keeps its own resolution; type 0: G4 for 1 bpp, JPEG for grey and colour.
  l_ok err = pixaConvertToPdfData(pixa.get(), 0, 1.0f, 0, 75, title.c_str(), &raw, &size);
  std::unique_ptr<l_uint8, LeptBytesDeleter> bytes(raw);
  if (err || !raw) return Status::Internal("Leptonica failed to write the PDF");
  return std::string(reinterpret_cast<const char*>(raw), size);
}

Status write_multipage_tiff(const std::vector<const ScannedPage*>& pages, const std::filesystem::path& path) {
  std::filesystem::path tmp = path;
  tmp += ".tmp";
  std::error_code ec;
  std::filesystem::remove(tmp, ec);
  bool first = true;
  for (const ScannedPage* p : pages) {
    PixPtr pix = to_pix(*p);
    if (!pix) return Status::Internal("cannot allocate a Leptonica image");
    if (pixWriteTiff(tmp.c_str(), pix.get(), tiff_compression(p->plan), first ? "w" : "a"))
      return Status::IOError("cannot write " + tmp.string());
    first = false;
  }
  int fd = ::open(tmp.c_str(), O_RDONLY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) return Status::IOError("cannot rename " + tmp.string() + ": " + ec.message());
  return Status::Ok();
}

Status write_file_atomic(const std::filesystem::path& path, const std::string& bytes) {
  std::filesystem::path tmp = path;
  tmp += ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IOError("cannot create " + tmp.string());
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n <= 0) {
      ::close(fd);
      return Status::IOError("cannot write " + tmp.string());
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) return Status::IOError("cannot flush " + tmp.string());
  if (std::rename(tmp.c_str(), path.c_str()) != 0) return Status::IOError("cannot rename to " + path.string());
  return Status::Ok();
}

}  // namespace kamiflow::samples
