// Tests for ocr/src/line_writing.cpp: writing on and across printed box lines is put back, the
// lines themselves are not.
#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "line_writing.hpp"

namespace kamiflow::ocr {
namespace {

constexpr double kPxMm = 300 / 25.4;

// A 2-cell box row, 3 px lines, as page ink and as the blank form's mask dilated by 3 px.
struct Row {
  cv::Mat page = cv::Mat::zeros(120, 200, CV_8UC1), printed;
  Row() {
    cv::rectangle(page, {10, 10}, {190, 110}, cv::Scalar(255), 3);
    cv::line(page, {100, 10}, {100, 110}, cv::Scalar(255), 3);
    cv::dilate(page, printed, cv::getStructuringElement(cv::MORPH_RECT, {7, 7}));
  }
};

TEST(LineWriting, BareLinesHoldNoWriting) {
  Row r;
  EXPECT_EQ(cv::countNonZero(writing_on_lines(r.page, r.printed, kPxMm)), 0);
  const cv::Mat writing = r.page & ~r.printed;
  EXPECT_EQ(cv::countNonZero(bridge_printed_lines(r.page, writing, r.printed, kPxMm)), 0);
}

TEST(LineWriting, StrokeLyingOnACellBorderIsPutBack) {
  Row r;
  cv::line(r.page, {101, 40}, {101, 80}, cv::Scalar(255), 7);  // a 0's side on the middle border
  const cv::Mat on = writing_on_lines(r.page, r.printed, kPxMm);
  EXPECT_GT(cv::countNonZero(on(cv::Rect(95, 45, 12, 30))), 250);
  EXPECT_EQ(cv::countNonZero(on(cv::Rect(95, 15, 12, 20))), 0);  // the line above it stays out
}

TEST(LineWriting, StrokeCrossingALineIsJoinedThroughIt) {
  Row r;
  cv::line(r.page, {50, 60}, {50, 118}, cv::Scalar(255), 4);  // a 7's foot over the bottom border
  const cv::Mat writing = r.page & ~r.printed;
  const cv::Mat joined = bridge_printed_lines(r.page, writing, r.printed, kPxMm);
  cv::Mat labels;
  EXPECT_EQ(cv::connectedComponents(writing, labels), 3);  // background + two pieces
  EXPECT_EQ(cv::connectedComponents(joined, labels), 2);   // one stroke again
  EXPECT_EQ(cv::countNonZero(joined(cv::Rect(60, 100, 120, 15))), 0);  // not the line beside it
}

}  // namespace
}  // namespace kamiflow::ocr
