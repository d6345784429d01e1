// pdf_render_child.cpp: a PDF page renders in a child under a time and memory budget. The child
// gives the same pixels as rendering in-process; a hostile page is stopped at the budget with a
// reason (issue #13, case 3); tiny images of every raster format decode and thumbnail (case 1).
#include <gtest/gtest.h>

#include <chrono>

#include "hostile_inputs.hpp"
#include "kamiflow/escape.hpp"
#include "kamiflow/ocr/page_source.hpp"
#include "page_image_access.hpp"
#include "test_support.hpp"

#if defined(__SANITIZE_ADDRESS__)
#define KAMIFLOW_TEST_ASAN 1
#endif

namespace kamiflow::ocr {
namespace {

using kamiflow::testing::TempDir;
using kamiflow::testing::write_file;

Result<PageImage> first_page(const std::string& path, const PageSourceLimits& limits) {
  KF_ASSIGN_OR_RETURN(auto source, PageSource::open(path, limits));
  return source->page(0);
}

TEST(PdfRenderChild, ChildRendersTheSamePixelsAsInProcess) {
  TempDir dir;
  write_file(dir / "a.pdf", hostile::pdf_simple(200, 100));
  PageSourceLimits isolated, in_process;
  in_process.page_seconds = 0;
  auto a = first_page((dir / "a.pdf").string(), isolated);
  auto b = first_page((dir / "a.pdf").string(), in_process);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  const cv::Mat& ma = PageImageAccess::mat(*a);
  const cv::Mat& mb = PageImageAccess::mat(*b);
  EXPECT_EQ(ma.size(), cv::Size(833, 417));  // 200 x 100 pt at 300 dpi
  ASSERT_EQ(ma.size(), mb.size());
  EXPECT_EQ(cv::norm(ma, mb, cv::NORM_INF), 0);
  // The rectangle (10..60 pt from the bottom left) is black, the rest white.
  EXPECT_EQ(ma.at<cv::Vec3b>(417 - 150, 150), cv::Vec3b(0, 0, 0));
  EXPECT_EQ(ma.at<cv::Vec3b>(20, 700), cv::Vec3b(255, 255, 255));
}

TEST(PdfRenderChild, NestedFormXObjectsAreStoppedAtTheTimeBudget) {
  TempDir dir;
  write_file(dir / "nested.pdf", hostile::pdf_nested_forms(32));  // 2^32 rectangles, ~4 KB
  PageSourceLimits limits;
  limits.page_seconds = 1;
  const auto start = std::chrono::steady_clock::now();
  auto page = first_page((dir / "nested.pdf").string(), limits);
  const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.status().code(), StatusCode::kTimeout);
  EXPECT_NE(page.status().message().find("nested.pdf: page 1: took longer than 1 s to render"), std::string::npos)
      << page.status().message();
  EXPECT_LT(took, 10);
  // The source is still usable: the next request is answered the same way, not hung.
  auto again = first_page((dir / "nested.pdf").string(), limits);
  EXPECT_EQ(again.status().code(), StatusCode::kTimeout);
}

TEST(PdfRenderChild, AChildOverItsMemoryBudgetIsAReasonNotACrash) {
#ifdef KAMIFLOW_TEST_ASAN
  GTEST_SKIP() << "RLIMIT_AS is not applied under ASan (its shadow memory needs the address space)";
#else
  TempDir dir;
  write_file(dir / "big.pdf", hostile::pdf_simple(800, 800));  // 6667 x 6667 BGR at 600 dpi: 133 MB
  PageSourceLimits limits;
  limits.pdf_dpi = 600;
  limits.max_pixels = 200'000'000;
  limits.page_memory_bytes = 16 << 20;
  auto page = first_page((dir / "big.pdf").string(), limits);
  ASSERT_FALSE(page.ok());
  EXPECT_TRUE(page.status().code() == StatusCode::kResourceLimit || page.status().code() == StatusCode::kCorruption)
      << page.status().ToString();
  EXPECT_NE(page.status().message().find("16 MiB"), std::string::npos) << page.status().message();
  limits.page_memory_bytes = 2LL << 30;  // the default budget renders it
  EXPECT_TRUE(first_page((dir / "big.pdf").string(), limits).ok());
#endif
}

TEST(TinyPages, EveryRasterFormatDecodesAndThumbnailsAnySizeFromOnePixel) {
  for (auto [w, h] : {std::pair{1, 1}, {2, 3000}, {1, 100000}, {3000, 2}}) {
    std::vector<std::pair<std::string, std::string>> files = {{"png", hostile::png(w, h)}, {"bmp", hostile::bmp(w, h)}};
    if (w <= 65500 && h <= 65500) files.emplace_back("tiff", hostile::tiff(w, h));  // OpenCV writes the TIFF
    for (const auto& [name, bytes] : files) {
      SCOPED_TRACE(name + " " + std::to_string(w) + "x" + std::to_string(h));
      auto page = decode_image_bytes(bytes);
      ASSERT_TRUE(page.ok()) << page.status().ToString();
      EXPECT_EQ(page->width(), w);
      EXPECT_EQ(page->height(), h);
      auto thumb = page->encode_png_scaled(200);  // what `kamiflow report` draws for a quarantined page
      ASSERT_TRUE(thumb.ok()) << thumb.status().ToString();
      auto back = decode_image_bytes(std::string(thumb->begin(), thumb->end()));
      ASSERT_TRUE(back.ok());
      EXPECT_GE(std::min(back->width(), back->height()), 1);
      EXPECT_LE(std::max(back->width(), back->height()), 200);
    }
  }
}

TEST(TinyPages, ARawChunkTypeIsShownEscapedInTheReason) {
  auto page = decode_image_bytes(hostile::png_with_raw_chunk_type());
  ASSERT_FALSE(page.ok());
  EXPECT_TRUE(is_valid_utf8(page.status().message()));
  EXPECT_NE(page.status().message().find("'\\xFF\\xFE\\x80\\xC3' chunk"), std::string::npos) << page.status().message();
}

}  // namespace
}  // namespace kamiflow::ocr
