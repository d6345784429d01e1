// Digit boxes (郵便番号 7 cells, 個人番号 12 cells) on rendered, degraded, misregistered crops:
// read cell by cell, blanks skipped, holes and doubtful reads flagged. One test measures the two
// reading paths (joined line vs one call per cell) for accuracy and speed and prints the figures.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <random>

#include <opencv2/imgproc.hpp>

#include "field_readers.hpp"
#include "kamiflow/ocr/record.hpp"
#include "ocr_render_support.hpp"

namespace kamiflow::ocr {
namespace {

using testing::Canvas;

struct DigitBoxForm : testing::DigitBoxRow {
  using DigitBoxRow::DigitBoxRow;
  // Writes `digits` (' ' = leave the cell empty) with per-cell jitter, like a careful hand.
  FieldCrop write(const std::string& digits, unsigned seed, int shift_px = 2) const {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> jitter(-0.5, 0.5), size(4.6, 5.6);
    Canvas c = blank;
    c.img = blank.img.clone();
    for (size_t i = 0; i < digits.size() && i < spec.cells.size(); ++i) {
      if (digits[i] == ' ') continue;
      const BoxMm& b = spec.cells[i];
      c.text(std::string(1, digits[i]), b.x + 1.4 + jitter(rng), b.y + 1.2 + jitter(rng), size(rng));
    }
    cv::Mat shifted;
    cv::Mat m = (cv::Mat_<double>(2, 3) << 1, 0.004, shift_px, -0.004, 1, shift_px);
    cv::warpAffine(c.img, shifted, m, c.img.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    return testing::make_crop(testing::degrade(shifted, seed, 13, 3), blank,
                              {0, 0, blank.img.cols / blank.px(), blank.img.rows / blank.px()});
  }
};

class DigitBoxesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { pool_ = new EnginePool(); }
  static void TearDownTestSuite() { delete pool_; }
  static FieldRead read(const FieldCrop& crop, const FieldSpec& spec, DigitBoxMode mode = DigitBoxMode::kAuto) {
    auto r = read_digit_boxes(crop, spec, *pool_, mode);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r.value() : FieldRead{};
  }
  static EnginePool* pool_;
};
EnginePool* DigitBoxesTest::pool_ = nullptr;

TEST_F(DigitBoxesTest, ReadsPostalCode) {
  DigitBoxForm form(7);
  FieldRead r = read(form.write("1000013", 1), form.spec);
  EXPECT_EQ(r.raw, "1000013");
  EXPECT_TRUE(r.flags.empty());
  EXPECT_GE(r.confidence, 0.8);
}

TEST_F(DigitBoxesTest, ReadsTwelveDigitMyNumber) {
  DigitBoxForm form(12, 5.5);
  FieldRead r = read(form.write("123456789018", 2), form.spec);
  EXPECT_EQ(r.raw, "123456789018");
}

TEST_F(DigitBoxesTest, EmptyBoxesAreBlankWithoutOcr) {
  DigitBoxForm form(7);
  ASSERT_TRUE(pool_->get("eng").ok());
  const long before = pool_->total_recognitions();
  FieldRead r = read(form.write("       ", 3), form.spec);
  EXPECT_TRUE(r.blank);
  EXPECT_EQ(r.raw, "");
  EXPECT_EQ(pool_->total_recognitions(), before);
}

TEST_F(DigitBoxesTest, PartlyFilledValueIsNotTrusted) {
  DigitBoxForm form(7);
  FieldRead r = read(form.write("123 567", 4), form.spec);
  EXPECT_EQ(r.raw, "123567");
  EXPECT_LT(r.confidence, 0.8);
}

TEST_F(DigitBoxesTest, SingleCellIsReadAlone) {
  DigitBoxForm form(1);
  FieldRead r = read(form.write("7", 5), form.spec);
  EXPECT_EQ(r.raw, "7");
}

// Accuracy and speed of the two paths on the same 24 random numbers. The auto path must read at
// least as well as either, and every wrong value it returns must be flagged or under 0.8.
TEST_F(DigitBoxesTest, MeasureLineVersusCells) {
  DigitBoxForm form(12, 5.5);
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> d(0, 9);
  struct Tally {
    int right = 0, silent_wrong = 0;
    double ms = 0;
  };
  Tally line, cells, automatic;
  const int kCases = 24;
  for (int k = 0; k < kCases; ++k) {
    std::string truth;
    for (int i = 0; i < 12; ++i) truth += static_cast<char>('0' + d(rng));
    FieldCrop crop = form.write(truth, 100 + k);
    for (auto [mode, tally] : {std::pair{DigitBoxMode::kLineOnly, &line}, std::pair{DigitBoxMode::kCellsOnly, &cells},
                               std::pair{DigitBoxMode::kAuto, &automatic}}) {
      auto t0 = std::chrono::steady_clock::now();
      FieldRead r = read(crop, form.spec, mode);
      tally->ms += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      if (r.raw == truth) {
        ++tally->right;
      } else if (r.flags.empty() && r.confidence >= 0.8) {
        ++tally->silent_wrong;
      }
    }
  }
  std::printf("[ measure  ] 12-cell digit boxes, %d cases: line %d right (%d silent wrong) %.1f ms/field; "
              "cells %d right (%d silent wrong) %.1f ms/field; auto %d right (%d silent wrong) %.1f ms/field\n",
              kCases, line.right, line.silent_wrong, line.ms / kCases, cells.right, cells.silent_wrong,
              cells.ms / kCases, automatic.right, automatic.silent_wrong, automatic.ms / kCases);
  EXPECT_GE(automatic.right, kCases * 9 / 10);
  EXPECT_EQ(automatic.silent_wrong, 0);
}

}  // namespace
}  // namespace kamiflow::ocr
