// write_html_report (write.cpp): a large report is split into files of pages_per_file pages with
// links between them, a page with a view image costs one image file however many fields it has,
// and the files of an earlier, longer report are removed.
#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>

#include <filesystem>

#include "engine/report/html_report.hpp"
#include "test_support.hpp"

namespace kamiflow {
namespace {
namespace fs = std::filesystem;

ReportPage page(int n, PageStatus status) {
  ReportPage p;
  p.source_file = "scan.tif";
  p.page = n;
  p.form_id = "f";
  p.status = status;
  cv::Mat img(140, 100, CV_8UC3, cv::Scalar(255, 255, 255));
  img.row(20 + n).setTo(cv::Scalar(0, 0, 0));  // a different image per page
  std::vector<std::uint8_t> jpg;
  cv::imencode(".jpg", img, jpg);
  p.view_jpeg = jpg;
  for (const char* name : {"a", "b", "c"}) {
    ReportField f;
    f.name = name;
    f.value = name;
    f.crop_png = {1, 2, 3};  // would be a file of its own without the view box
    f.view_box = ocr::PixelBox{10, 20, 30, 8};
    if (status == PageStatus::kNeedsReview && std::string(name) == "b") f.flags = {"low_confidence"};
    p.fields.push_back(f);
  }
  return p;
}

std::size_t files_in(const fs::path& dir) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
  return n;
}

TEST(ReportWrite, SplitsIntoLinkedFilesAndSharesOneImagePerPage) {
  testing::TempDir dir;
  const fs::path out = dir / "rep";
  ReportInput in;
  for (int i = 1; i <= 5; ++i) in.pages.push_back(page(i, i % 2 ? PageStatus::kNeedsReview : PageStatus::kAccepted));
  in.summary = summarize_pages(in.pages);
  in.pages_per_file = 2;
  testing::write_file(out / "report-4.html", "left by an earlier, longer report");
  ASSERT_TRUE(write_html_report(in, out.string()).ok());

  EXPECT_TRUE(fs::exists(out / "report.html"));
  EXPECT_TRUE(fs::exists(out / "report-2.html"));
  EXPECT_TRUE(fs::exists(out / "report-3.html"));
  EXPECT_FALSE(fs::exists(out / "report-4.html"));
  EXPECT_EQ(files_in(out / "report_files"), 5u);  // one JPEG per page, no per-field crop files

  const std::string first = testing::read_file(out / "report.html");
  const std::string last = testing::read_file(out / "report-3.html");
  EXPECT_NE(first.find("href=\"report-2.html\""), std::string::npos);
  EXPECT_NE(first.find("href=\"report-3.html\""), std::string::npos);
  EXPECT_NE(last.find("rel=\"prev\" href=\"report-2.html\""), std::string::npos);
  EXPECT_EQ(last.find("rel=\"next\""), std::string::npos);
  // Each file has the whole batch's counts on its cards ...
  EXPECT_NE(first.find("data-count-needs-review=\"3\""), std::string::npos);
  EXPECT_NE(last.find("data-count-needs-review=\"3\""), std::string::npos);
  // ... and only its own pages: pages 1-2 in the first file, page 5 in the last.
  EXPECT_NE(first.find("id=\"page-2\""), std::string::npos);
  EXPECT_EQ(first.find("id=\"page-3\""), std::string::npos);
  EXPECT_NE(last.find("id=\"page-5\""), std::string::npos);
  // Crops are drawn from the page's image.
  EXPECT_NE(first.find("background-position:-10px -20px"), std::string::npos);
  EXPECT_NE(first.find("class=\"sprite\""), std::string::npos);
}

TEST(ReportWrite, ReviewFilterCountMatchesTheNeedsReviewCard) {
  testing::TempDir dir;
  ReportInput in;
  in.pages = {page(1, PageStatus::kNeedsReview), page(2, PageStatus::kAccepted), page(3, PageStatus::kRejected),
              page(4, PageStatus::kReviewed)};
  in.summary = summarize_pages(in.pages);
  EXPECT_EQ(in.summary.needs_review, 1);
  EXPECT_EQ(in.summary.records, 3);  // accepted, needs review, reviewed
  ASSERT_TRUE(write_html_report(in, (dir / "rep").string()).ok());
  const std::string html = testing::read_file(dir / "rep" / "report.html");
  EXPECT_NE(html.find("data-count-needs-review=\"1\""), std::string::npos);
  EXPECT_NE(html.find("needs review only)</span><span class=\"count\">1</span>"), std::string::npos);
  EXPECT_NE(html.find("確認済"), std::string::npos);
  std::size_t doubtful = 0;
  for (std::size_t p = 0; (p = html.find("<section class=\"page", p)) != std::string::npos; ++p)
    doubtful += html.compare(html.find("data-doubtful=", p) + 15, 1, "1") == 0;
  EXPECT_EQ(doubtful, 1u);  // 要確認のみ shows exactly the one page the card counts
}

}  // namespace
}  // namespace kamiflow
