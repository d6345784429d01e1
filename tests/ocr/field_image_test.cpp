// The shared field clean-up (field_image.hpp): the run-length line removal must do what a
// morphological opening does, and a crop carrying a precomputed printed-ink mask must be cleaned
// exactly like one carrying the blank form itself.
#include <gtest/gtest.h>

#include <functional>
#include <random>

#include <opencv2/imgproc.hpp>

#include "field_image.hpp"
#include "ocr_render_support.hpp"

namespace kamiflow::ocr {
namespace {

// Random strokes: short and long lines of several widths, dots, and blobs.
cv::Mat random_ink(unsigned seed, cv::Size size) {
  std::mt19937 rng(seed);
  cv::Mat ink(size, CV_8UC1, cv::Scalar(0));
  std::uniform_int_distribution<int> x(0, size.width - 1), y(0, size.height - 1), len(3, 160), thick(1, 4);
  for (int i = 0; i < 40; ++i) {
    const cv::Point a(x(rng), y(rng));
    const bool horizontal = i % 2 == 0;
    const int l = len(rng);
    cv::line(ink, a, horizontal ? a + cv::Point(l, 0) : a + cv::Point(0, l), cv::Scalar(255), thick(rng));
  }
  for (int i = 0; i < 15; ++i) cv::circle(ink, {x(rng), y(rng)}, 1 + i % 6, cv::Scalar(255), -1);
  return ink;
}

// What remove_long_lines is meant to compute, the slow way: openings with line elements.
cv::Mat opened_lines_removed(const cv::Mat& ink, int min_h, int min_v) {
  cv::Mat h, v;
  cv::morphologyEx(ink, h, cv::MORPH_OPEN, cv::getStructuringElement(cv::MORPH_RECT, {min_h, 1}));
  cv::morphologyEx(ink, v, cv::MORPH_OPEN, cv::getStructuringElement(cv::MORPH_RECT, {1, min_v}));
  cv::Mat lines = h | v;
  cv::dilate(lines, lines, cv::getStructuringElement(cv::MORPH_RECT, {3, 3}));
  return ink & ~lines;
}

TEST(FieldImage, LongLineRemovalMatchesMorphologicalOpeningInside) {
  for (unsigned seed = 1; seed <= 20; ++seed) {
    // A clear border, so that the opening's edge convention plays no part, and odd lengths: OpenCV
    // anchors an even-length element off centre, which shifts its opening by a pixel.
    cv::Mat ink = random_ink(seed, {400, 240});
    ink.rowRange(0, 4).setTo(0);
    ink.rowRange(ink.rows - 4, ink.rows).setTo(0);
    ink.colRange(0, 4).setTo(0);
    ink.colRange(ink.cols - 4, ink.cols).setTo(0);
    const cv::Mat got = remove_long_lines(ink, 71, 35);
    const cv::Mat want = opened_lines_removed(ink, 71, 35);
    std::vector<cv::Point> where;
    cv::findNonZero(got != want, where);
    ASSERT_TRUE(where.empty()) << "seed " << seed << " first difference at " << where.front() << " got "
                               << int(got.at<uchar>(where.front())) << " ink " << int(ink.at<uchar>(where.front()));
    ASSERT_LT(cv::countNonZero(got), cv::countNonZero(ink)) << "seed " << seed << ": no line was long enough";
  }
}

TEST(FieldImage, LineCutByTheCropEdgeCountsFromHalfItsLength) {
  cv::Mat ink(100, 300, CV_8UC1, cv::Scalar(0));
  ink.row(20).colRange(0, 55).setTo(255);    // 55 px from the left edge: a line going on outside
  ink.row(60).colRange(0, 41).setTo(255);    // 41 px: too short even at the edge
  ink.row(80).colRange(100, 181).setTo(255); // 81 px inside: shorter than 100, writing
  ink.row(90).colRange(240, 300).setTo(255); // 60 px to the right edge: a line
  const cv::Mat out = remove_long_lines(ink, 100, 0);
  EXPECT_EQ(cv::countNonZero(out.row(20)), 0);
  EXPECT_EQ(cv::countNonZero(out.row(60)), 41);
  EXPECT_EQ(cv::countNonZero(out.row(80)), 81);
  EXPECT_EQ(cv::countNonZero(out.row(90)), 0);
}

TEST(FieldImage, PrecomputedPrintedMaskCleansLikeTheBlankForm) {
  testing::Canvas blank(84, 14);
  blank.rect({2, 2, 80, 10}, 0.3);
  blank.text("氏名", 3, 3, 3);  // printed label inside the box: cancelled by the blank form
  testing::Canvas filled = blank;
  filled.img = blank.img.clone();
  filled.text("山田太郎", 20, 4, 6);
  const FieldCrop with_reference = testing::make_crop(testing::degrade(filled.img, 3, 10, 4), blank, {0, 0, 84, 14});
  FieldCrop with_mask = with_reference;
  with_mask.printed = printed_ink(with_reference.reference, with_reference.px_per_mm());
  with_mask.reference = cv::Mat();
  ASSERT_TRUE(with_mask.has_reference());

  const cv::Rect box = with_reference.to_pixels({2, 2, 80, 10});
  const Writing a = find_field_writing(with_reference, box);
  const Writing b = find_field_writing(with_mask, box);
  EXPECT_GT(a.region.components, 3);
  EXPECT_EQ(a.region.bounds, b.region.bounds);
  EXPECT_EQ(cv::countNonZero(a.region.mask != b.region.mask), 0);
  // And the label really was cancelled: the writing starts right of it.
  EXPECT_GT(a.region.bounds.x, static_cast<int>(12 * with_reference.px_per_mm()));
}

// A pen's pressure fades along a stroke: for handwriting (the digit classifier's cut) the light
// end joined to the dark part is ink, a light smudge on its own is not; the plain cut keeps its
// single threshold.
TEST(FieldImage, HandwritingKeepsTheLightEndOfAStrokeButNotALoneSmudge) {
  testing::Canvas blank(40, 16);
  blank.rect({2, 2, 36, 12}, 0.3);
  testing::Canvas filled = blank;
  filled.img = blank.img.clone();
  filled.line(10, 4, 10, 9, 0.5, {40, 40, 40});     // pressed hard
  filled.line(10, 9, 10, 12, 0.5, {180, 180, 180});  // the same stroke, lifting off
  filled.line(28, 5, 28, 11, 0.5, {180, 180, 180});  // a light smudge, alone
  const FieldCrop crop = testing::make_crop(filled.img, blank, {0, 0, 40, 16});
  const cv::Mat gray = gray_without_red_ink(crop.image);
  const cv::Rect box = crop.to_pixels({2, 2, 36, 12});
  const cv::Rect tail = crop.to_pixels({9, 9.5, 2, 2}), smudge = crop.to_pixels({27, 6, 2, 4});
  const cv::Mat hand = field_ink(crop, gray, box, 1.0, {}, true);
  const cv::Mat plain = field_ink(crop, gray, box, 1.0, {}, false);
  EXPECT_GT(cv::countNonZero(hand(tail)), tail.area() / 4);
  EXPECT_EQ(cv::countNonZero(plain(tail)), 0);
  EXPECT_EQ(cv::countNonZero(hand(smudge)), 0);
  EXPECT_EQ(cv::countNonZero(plain(smudge)), 0);
}

}  // namespace
}  // namespace kamiflow::ocr

namespace kamiflow::ocr {
namespace {

// Two 4 mm tall digits 5.6 mm apart at 300 dpi (11.8 px/mm), with something between them.
cv::Mat digits_with(const std::function<void(cv::Mat&)>& between) {
  cv::Mat ink(80, 200, CV_8UC1, cv::Scalar(0));
  cv::rectangle(ink, {20, 20}, {44, 67}, cv::Scalar(255), 4);    // a "0", 24 x 47 px
  cv::rectangle(ink, {110, 20}, {134, 67}, cv::Scalar(255), 4);  // another, 66 px (5.6 mm) right of it
  between(ink);
  return ink;
}

// A 1.2 mm hyphen 2 mm from each digit is writing (2-23-15 read 22315 without it); a speck as far from
// them, or a flat mark above the line's middle, is not.
TEST(FieldImage, AHyphenBetweenTwoCharactersIsKeptButNotDustAsFarAway) {
  const double pxmm = 11.8;
  auto kept = [&](const cv::Mat& ink, cv::Point at) {
    return find_writing(ink, 1.0 * pxmm, 1.2 * pxmm).mask.at<uchar>(at) != 0;
  };
  const cv::Mat hyphen = digits_with([](cv::Mat& m) { cv::rectangle(m, {70, 42}, {84, 45}, cv::Scalar(255), -1); });
  EXPECT_TRUE(kept(hyphen, {77, 43}));
  const cv::Mat speck = digits_with([](cv::Mat& m) { cv::circle(m, {77, 43}, 3, cv::Scalar(255), -1); });
  EXPECT_FALSE(kept(speck, {77, 43}));
  const cv::Mat high = digits_with([](cv::Mat& m) { cv::rectangle(m, {70, 22}, {84, 25}, cv::Scalar(255), -1); });
  EXPECT_FALSE(kept(high, {77, 23}));
  const cv::Mat alone = digits_with([](cv::Mat& m) {
    cv::rectangle(m, {110, 20}, {134, 67}, cv::Scalar(0), 4);  // no character on its right
    cv::rectangle(m, {70, 42}, {84, 45}, cv::Scalar(255), -1);
  });
  EXPECT_FALSE(kept(alone, {77, 43}));
}

}  // namespace
}  // namespace kamiflow::ocr
