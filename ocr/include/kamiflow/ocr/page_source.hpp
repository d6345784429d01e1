// kamiflow::ocr::PageSource: decodes the pages of one input file, one page at a time.
//
// Contract: open() sniffs the file's content (not its extension) and refuses what it cannot read
// safely, with a Status naming the file and the reason: zero-byte, truncated, not an image,
// encrypted PDF, or a header announcing absurd dimensions (decompression bomb; checked before any
// pixel is decoded). page(i) decodes only page i, so a 300-page TIFF never sits in memory whole.
// Supported: PNG, JPEG, TIFF (multi-page, G4), BMP, PDF (rendered at `pdf_dpi`, each page in a
// child process under PageSourceLimits' time and memory budget).
// The input file is only ever opened for reading. Not thread-safe: one PageSource per thread.
#pragma once

#include <memory>
#include <string>

#include "kamiflow/ocr/page_image.hpp"
#include "kamiflow/status.hpp"

namespace kamiflow::ocr {

struct PageSourceLimits {
  long long max_pixels = 120'000'000;  // width*height of one page (A3 at 600 dpi is ~70 M)
  long long max_file_bytes = 2'000'000'000;
  int max_pages = 5000;
  double pdf_dpi = 300;
  // Budget of one PDF page's rendering, which runs in a child process a watchdog kills when the
  // time is up ("took longer than N s to render"): a 4 KB PDF can ask for hours of work. 0 =
  // render in this process without a watchdog (tests, fuzzing). Memory is the child's address
  // space beyond what kamiflow already uses ("needed more than the memory budget of N MiB").
  double page_seconds = 60;
  long long page_memory_bytes = 2LL << 30;  // 2 GiB
};

class PageSource {
 public:
  [[nodiscard]] static Result<std::unique_ptr<PageSource>> open(const std::string& path,
                                                                const PageSourceLimits& limits = {});
  virtual ~PageSource() = default;

  virtual int page_count() const = 0;
  // 0-based index; errors name the file and the 1-based page number.
  [[nodiscard]] virtual Result<PageImage> page(int index) = 0;
  virtual const std::string& path() const = 0;
  virtual std::string format() const = 0;  // "png", "jpeg", "tiff", "bmp", "pdf"
};

// Hex SHA-256 of a file's bytes (streamed; never loads the whole file).
[[nodiscard]] Result<std::string> sha256_file(const std::string& path);

// Decodes an image held in memory (PNG/JPEG/TIFF/BMP); used by tests and the generator.
[[nodiscard]] Result<PageImage> decode_image_bytes(const std::string& bytes, double dpi = 0);

}  // namespace kamiflow::ocr
