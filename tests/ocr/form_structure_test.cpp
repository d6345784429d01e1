// detect_form_structure on a form drawn here with known geometry (no OCR): label cells and writing
// cells, a row of character boxes with a hyphen gap, check boxes, choices between ・, and skew.
#include <gtest/gtest.h>

#include <cmath>

#include <opencv2/imgproc.hpp>

#include "form_structure_internal.hpp"
#include "kamiflow/ocr/form_structure.hpp"
#include "page_image_access.hpp"

namespace kamiflow::ocr {
namespace {

constexpr double kDpi = 200;
int px(double mm) { return static_cast<int>(std::lround(mm * kDpi / 25.4)); }

void rect(cv::Mat& img, double x, double y, double w, double h, int grey = 30) {
  cv::rectangle(img, cv::Point(px(x), px(y)), cv::Point(px(x + w), px(y + h)), cv::Scalar(grey), 3);
}
// Text-like ink: short strokes, never as long as a rule.
void word(cv::Mat& img, double x, double y, int chars) {
  for (int i = 0; i < chars; ++i) {
    cv::rectangle(img, cv::Point(px(x + 4.0 * i), px(y)), cv::Point(px(x + 4.0 * i + 3), px(y + 3)), cv::Scalar(40), 2);
    cv::line(img, cv::Point(px(x + 4.0 * i + 1.5), px(y)), cv::Point(px(x + 4.0 * i + 1.5), px(y + 3)), cv::Scalar(40), 2);
  }
}

// One table: [label][writing]; [label][7 boxes 3-4]; [label][□ a  □ b]; [label][x ・ y].
cv::Mat drawn_form() {
  cv::Mat img(px(297), px(210), CV_8UC1, cv::Scalar(255));
  const double x0 = 20, lw = 26, x1 = 46, x2 = 190;
  const double rows[] = {50, 62, 74, 86, 98};
  for (int r = 0; r < 4; ++r) {
    cv::rectangle(img, cv::Point(px(x0) + 2, px(rows[r]) + 2), cv::Point(px(x0 + lw) - 2, px(rows[r + 1]) - 2), cv::Scalar(235), cv::FILLED);
    rect(img, x0, rows[r], lw, rows[r + 1] - rows[r]);
    word(img, x0 + 3, rows[r] + 4.5, 3);
  }
  rect(img, x1, 50, x2 - x1, 12);  // a writing cell
  // Character boxes: no outline around them, as the sample forms print them.
  cv::line(img, cv::Point(px(x1), px(62)), cv::Point(px(x2), px(62)), cv::Scalar(30), 3);
  cv::line(img, cv::Point(px(x1), px(74)), cv::Point(px(x2), px(74)), cv::Scalar(30), 3);
  cv::line(img, cv::Point(px(x2), px(62)), cv::Point(px(x2), px(74)), cv::Scalar(30), 3);
  for (int k = 0; k < 7; ++k) rect(img, 48 + 6.5 * k + (k >= 3 ? 4 : 0), 63, 6.5, 9);
  rect(img, x1, 74, x2 - x1, 12);  // check boxes
  rect(img, 50, 78, 4, 4);
  word(img, 56, 78.5, 2);
  rect(img, 90, 78, 4, 4);
  word(img, 96, 78.5, 2);
  rect(img, x1, 86, x2 - x1, 12);  // choices
  word(img, 55, 90, 1);
  cv::circle(img, cv::Point(px(70), px(91.5)), px(0.5), cv::Scalar(40), cv::FILLED);
  word(img, 80, 90, 2);
  return img;
}

Result<FormStructure> detect(const cv::Mat& img) {
  StructureOptions o;
  o.read_text = false;
  return detect_form_structure(PageImageAccess::wrap(img, kDpi), o);
}

void expect_box(const BoxMm& b, double x, double y, double w, double h, const char* what) {
  EXPECT_NEAR(b.x, x, 0.3) << what;
  EXPECT_NEAR(b.y, y, 0.3) << what;
  EXPECT_NEAR(b.w, w, 0.3) << what;
  EXPECT_NEAR(b.h, h, 0.3) << what;
}

TEST(FormStructure, FindsWritingCellsCharacterBoxesCheckBoxesAndChoices) {
  auto s = detect(drawn_form());
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_NEAR(s->skew_degrees, 0, 0.05);
  ASSERT_EQ(s->areas.size(), 4u);
  const auto& text = s->areas[0];
  EXPECT_EQ(text.kind, AreaKind::kWriting);
  expect_box(text.box, 46, 50, 144, 12, "writing cell");
  expect_box(text.label.box, 20, 50, 26, 12, "its label cell");
  EXPECT_TRUE(text.label_shaded);
  const auto& boxes = s->areas[1];
  ASSERT_EQ(boxes.kind, AreaKind::kCharBoxes);
  ASSERT_EQ(boxes.cells.size(), 7u);
  expect_box(boxes.cells[0], 48, 63, 6.5, 9, "first character box");
  expect_box(boxes.cells[3], 48 + 6.5 * 3 + 4, 63, 6.5, 9, "first box after the hyphen gap");
  expect_box(boxes.label.box, 20, 62, 26, 12, "the row's label cell");
  const auto& checks = s->areas[2];
  ASSERT_EQ(checks.kind, AreaKind::kCheckboxes);
  ASSERT_EQ(checks.options.size(), 2u);
  expect_box(checks.options[1].box, 90, 78, 4, 4, "second check box");
  const auto& choices = s->areas[3];
  ASSERT_EQ(choices.kind, AreaKind::kChoices);
  ASSERT_EQ(choices.options.size(), 2u);
  EXPECT_LT(choices.options[0].box.x, 55);
  EXPECT_GT(choices.options[0].box.x + choices.options[0].box.w, 58);
  EXPECT_LT(choices.options[0].box.x + choices.options[0].box.w, 70);  // the ・ separates the two
}

TEST(FormStructure, DeskewsAndFindsTheSameBoxes) {
  const cv::Mat upright = drawn_form();
  cv::Mat turned;
  const cv::Point2f centre(upright.cols / 2.0f, upright.rows / 2.0f);
  cv::warpAffine(upright, turned, cv::getRotationMatrix2D(centre, 2.0, 1.0), upright.size(), cv::INTER_LINEAR,
                 cv::BORDER_CONSTANT, cv::Scalar(255));
  auto s = detect(turned);
  ASSERT_TRUE(s.ok());
  EXPECT_NEAR(s->skew_degrees, 2.0, 0.1);  // turned counter-clockwise, as displayed
  ASSERT_EQ(s->areas.size(), 4u);
  expect_box(s->areas[0].box, 46, 50, 144, 12, "writing cell after deskew");
  EXPECT_EQ(s->areas[1].cells.size(), 7u);
}

TEST(FormStructure, TurnsASheetScannedUpsideDown) {
  cv::Mat turned;
  cv::rotate(drawn_form(), turned, cv::ROTATE_180);
  auto s = detect(turned);
  ASSERT_TRUE(s.ok());
  EXPECT_NEAR(s->skew_degrees, 180, 0.1);
  ASSERT_EQ(s->areas.size(), 4u);
  expect_box(s->areas[0].box, 46, 50, 144, 12, "writing cell, sheet turned back");
  expect_box(s->areas[0].label.box, 20, 50, 26, 12, "its label cell, on the left again");
  EXPECT_EQ(s->areas[1].cells.size(), 7u);
}

TEST(FormStructure, APageWithoutRulesHasNoAreasAndUnknownDpiIsEstimated) {
  cv::Mat page(2339, 1654, CV_8UC1, cv::Scalar(255));  // A4 at 200 dpi, no resolution recorded
  word(page, 30, 30, 5);
  auto s = detect_form_structure(PageImageAccess::wrap(page, 0), StructureOptions{0, "", false});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->dpi, 200);
  EXPECT_TRUE(s->areas.empty());
  EXPECT_FALSE(detect_form_structure(PageImage()).ok());
}

TEST(FormStructureGrid, RulesAreLongLinesNotText) {
  cv::Mat img(px(60), px(100), CV_8UC1, cv::Scalar(255));
  rect(img, 10, 10, 60, 20);
  word(img, 20, 15, 4);
  const cv::Mat ink = structure::ink_mask(img, kDpi);
  const auto rules = structure::find_rules(ink, kDpi);
  EXPECT_EQ(cv::countNonZero(rules.lines(cv::Rect(px(20), px(14), px(16), px(5)))), 0);  // the word is not a rule
  EXPECT_GT(cv::countNonZero(rules.lines.row(px(10))), px(55));
  const auto cells = structure::find_cells(rules, img, kDpi);
  ASSERT_EQ(cells.size(), 1u);
  EXPECT_NEAR(cells[0].outer.x * 25.4 / kDpi, 10, 0.3);
  EXPECT_NEAR(cells[0].outer.width * 25.4 / kDpi, 60, 0.3);
}

}  // namespace
}  // namespace kamiflow::ocr
