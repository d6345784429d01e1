// Tests for ocr/src/printed_lines.cpp: a straight printed line's dilated band is narrowed to the
// page's own line, so writing beside it stays writing and the line itself leaves no residue.
#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "printed_lines.hpp"

namespace kamiflow::ocr {
namespace {

constexpr double kPxMm = 300 / 25.4;
constexpr int kTolerance = 4;  // the dilation printed_ink() uses at 300 dpi (0.3 mm)

cv::Mat dilated(const cv::Mat& reference) {
  cv::Mat out;
  cv::dilate(reference, out, cv::getStructuringElement(cv::MORPH_RECT, {2 * kTolerance + 1, 2 * kTolerance + 1}));
  return out;
}

// A box row's top border, 3 px thick, 500 px (42 mm) long; the page's copy misregistered by 2 px.
struct Border {
  cv::Mat reference = cv::Mat::zeros(100, 560, CV_8UC1), page = cv::Mat::zeros(100, 560, CV_8UC1);
  Border() {
    cv::rectangle(reference, {30, 49}, {529, 51}, cv::Scalar(255), cv::FILLED);
    cv::rectangle(page, {30, 51}, {529, 53}, cv::Scalar(255), cv::FILLED);
  }
};

TEST(PrintedLines, TheBareLineLeavesNoResidueAndTheBandNarrows) {
  Border b;
  const cv::Mat printed = dilated(b.reference);
  const cv::Mat narrowed = narrow_printed_lines(printed, b.page, kPxMm);
  EXPECT_EQ(cv::countNonZero(b.page & ~narrowed), 0) << "every pixel of the page's line is still printed";
  EXPECT_LT(cv::countNonZero(narrowed), cv::countNonZero(printed) * 6 / 10) << "the band is narrower";
}

TEST(PrintedLines, AStrokeAlongTheLineStaysWriting) {
  Border b;
  // A 7's bar drawn along the border, 4 px thick, overlapping the line's upper edge for 4 mm.
  cv::Mat page = b.page.clone();
  cv::rectangle(page, {200, 47}, {247, 51}, cv::Scalar(255), cv::FILLED);
  const cv::Mat printed = dilated(b.reference);
  ASSERT_EQ(cv::countNonZero(page(cv::Rect(200, 47, 48, 4)) & ~printed(cv::Rect(200, 47, 48, 4))), 0)
      << "the dilated band hides the whole bar";
  const cv::Mat narrowed = narrow_printed_lines(printed, page, kPxMm);
  const cv::Mat writing = page & ~narrowed;
  EXPECT_GE(cv::countNonZero(writing(cv::Rect(200, 46, 48, 4))), 48 * 3) << "the bar's rows above the line";
  EXPECT_EQ(cv::countNonZero(writing(cv::Rect(30, 0, 160, 100))), 0) << "no residue beside it";
}

TEST(PrintedLines, TwoRulesInOneBandBothStayPrinted) {
  Border b;
  cv::Mat reference = b.reference.clone(), page = b.page.clone();
  cv::rectangle(reference, {30, 55}, {529, 56}, cv::Scalar(255), cv::FILLED);  // a table rule just below
  cv::rectangle(page, {30, 57}, {529, 58}, cv::Scalar(255), cv::FILLED);
  const cv::Mat narrowed = narrow_printed_lines(dilated(reference), page, kPxMm);
  EXPECT_EQ(cv::countNonZero(page & ~narrowed), 0);
}

TEST(PrintedLines, PrintedShapesLeaveNoResidue) {
  cv::Mat reference = cv::Mat::zeros(160, 160, CV_8UC1);
  cv::circle(reference, {50, 50}, 20, cv::Scalar(255), 2);   // a printed ○ of 令和・平成
  cv::circle(reference, {110, 110}, 40, cv::Scalar(255), 2);  // a seal's circle
  cv::putText(reference, "7", {100, 60}, cv::FONT_HERSHEY_SIMPLEX, 1.5, cv::Scalar(255), 3);
  const cv::Mat printed = dilated(reference);
  const cv::Mat narrowed = narrow_printed_lines(printed, reference, kPxMm);
  EXPECT_EQ(cv::countNonZero(reference & ~narrowed), 0);
  EXPECT_TRUE(narrow_printed_lines(cv::Mat(), reference, kPxMm).empty());
}

}  // namespace
}  // namespace kamiflow::ocr
