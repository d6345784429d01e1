// Dates with printed parts: 令和・年・月・日 printed on the blank form, only the numbers written.
// Rendered, degraded and misregistered cells must read to the right ISO date through the normal
// date normaliser and validator; impossible dates, empty and unreadable slots must be flagged.
#include <gtest/gtest.h>

#include <random>

#include <opencv2/imgproc.hpp>

#include "field_postprocess.hpp"
#include "field_readers.hpp"
#include "kamiflow/ocr/record.hpp"
#include "date_form_support.hpp"
#include "ocr_render_support.hpp"

namespace kamiflow::ocr {
namespace {

using testing::Canvas;
using testing::PrintedDateForm;

bool has(const std::vector<std::string>& flags, const char* f) {
  return std::find(flags.begin(), flags.end(), f) != flags.end();
}

class DatePartsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { pool_ = new EnginePool(); }
  static void TearDownTestSuite() { delete pool_; }
  // Read and post-processed as the extractor does: the field's value and flags as a clerk sees them.
  static FieldResult extract(const FieldCrop& crop, const FieldSpec& spec, FieldRead* read_out = nullptr) {
    auto r = read_field(crop, spec, *pool_);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    FieldResult out;
    if (!r.ok()) return out;
    postprocess_field(spec, r.value(), out, spec.review_threshold);
    if (read_out) *read_out = r.value();
    return out;
  }
  static EnginePool* pool_;
};
EnginePool* DatePartsTest::pool_ = nullptr;

TEST_F(DatePartsTest, WrittenNumbersBetweenPrintedPartsReadAsOneIsoDate) {
  PrintedDateForm form;
  struct Case {
    std::vector<std::string> numbers;
    const char* raw;
    const char* iso;
  };
  const Case cases[] = {
      {{"7", "10", "5"}, "令和7年10月5日", "2025-10-05"},
      {{"5", "2", "28"}, "令和5年2月28日", "2023-02-28"},
      {{"6", "12", "31"}, "令和6年12月31日", "2024-12-31"},
      {{"3", "4", "1"}, "令和3年4月1日", "2021-04-01"},
  };
  unsigned seed = 10;
  for (const Case& c : cases) {
    FieldResult r = extract(form.write(c.numbers, seed++), form.spec);
    EXPECT_EQ(r.raw, c.raw);
    EXPECT_EQ(r.value, c.iso);
    EXPECT_TRUE(r.flags.empty()) << c.raw << ": " << (r.flags.empty() ? "" : r.flags[0]);
    EXPECT_GE(r.confidence, form.spec.review_threshold) << c.raw;
  }
}

TEST_F(DatePartsTest, ImpossibleDatesAreFlaggedNotGuessed) {
  PrintedDateForm reiwa;
  FieldRead read;
  FieldResult month13 = extract(reiwa.write({"7", "13", "5"}, 31), reiwa.spec, &read);
  EXPECT_EQ(month13.raw, "令和7年13月5日");  // what was written, for the reviewer
  EXPECT_TRUE(has(read.flags, flag::kInvalid));  // the reader flags it itself, whatever the normalisers
  EXPECT_TRUE(has(month13.flags, flag::kInvalid));
  EXPECT_LT(month13.confidence, reiwa.spec.review_threshold);

  FieldResult day32 = extract(reiwa.write({"7", "4", "32"}, 32), reiwa.spec);
  EXPECT_TRUE(has(day32.flags, flag::kInvalid)) << day32.raw;

  PrintedDateForm heisei("平成");  // 平成 ended in its 31st year
  FieldResult beyond = extract(heisei.write({"35", "1", "8"}, 33), heisei.spec);
  EXPECT_EQ(beyond.raw, "平成35年1月8日");
  EXPECT_TRUE(has(beyond.flags, flag::kInvalid));
}

TEST_F(DatePartsTest, AnEmptySlotFlagsTheFieldAndABlankFieldCostsNoOcr) {
  PrintedDateForm form;
  FieldResult no_day = extract(form.write({"7", "10", ""}, 41), form.spec);
  EXPECT_EQ(no_day.raw, "令和7年10月日");
  EXPECT_TRUE(has(no_day.flags, flag::kIncomplete));
  EXPECT_TRUE(has(no_day.flags, flag::kLowConfidence));
  EXPECT_TRUE(no_day.value.empty() || no_day.has_flag(flag::kInvalid));  // never a date made up

  const long before = pool_->total_recognitions();
  FieldResult blank = extract(form.write({"", "", ""}, 42), form.spec);
  EXPECT_EQ(pool_->total_recognitions(), before);
  EXPECT_TRUE(blank.raw.empty());
  EXPECT_TRUE(has(blank.flags, flag::kBlankRequired));
}

TEST_F(DatePartsTest, ANonDigitInASlotIsUnreadable) {
  // 元年 written by hand: the slot reader reads numbers only, so the field goes to a human.
  PrintedDateForm form;
  Canvas c = form.blank;
  c.img = form.blank.img.clone();
  c.text("元", 14.5, 5.5, 5.5);
  c.text("5", 28.8, 5.5, 5.5);
  c.text("1", 41.8, 5.5, 5.5);
  FieldCrop crop = testing::make_crop(testing::degrade(c.img, 51, 10, 0), form.blank,
                                      {0, 0, c.img.cols / c.px(), c.img.rows / c.px()});
  FieldResult r = extract(crop, form.spec);
  EXPECT_FALSE(r.flags.empty()) << r.raw;
  EXPECT_NE(r.value, "2019-05-01");
  EXPECT_LT(r.confidence, form.spec.review_threshold);
}

}  // namespace
}  // namespace kamiflow::ocr
