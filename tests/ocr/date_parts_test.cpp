// Dates with printed parts: 令和・年・月・日 printed on the blank form, only the numbers written.
// Rendered, degraded and misregistered cells must read to the right ISO date through the normal
// date normaliser and validator; impossible dates, empty and unreadable slots must be flagged.
#include <gtest/gtest.h>

#include <random>

#include <opencv2/imgproc.hpp>

#include "field_postprocess.hpp"
#include "field_readers.hpp"
#include "kamiflow/ocr/record.hpp"
#include "ocr_render_support.hpp"

namespace kamiflow::ocr {
namespace {

using testing::Canvas;

bool has(const std::vector<std::string>& flags, const char* f) {
  return std::find(flags.begin(), flags.end(), f) != flags.end();
}

// 「令和　　年　　月　　日」 in a 52 x 9 mm box, the numbers written in the gaps.
struct PrintedDateForm {
  FieldSpec spec;
  Canvas blank{60, 17};
  explicit PrintedDateForm(const std::string& era = "令和") {
    spec.name = "filed_on";
    spec.type = FieldType::kDate;
    spec.box = {4, 4, 52, 9};
    spec.required = true;
    spec.normalisers = {"nfkc", "date_iso"};
    spec.validators = {"date"};
    spec.parts.era = era;
    const double slot_x[] = {13, 26, 39};
    const char* const units[] = {"年", "月", "日"};
    const char* const names[] = {"year", "month", "day"};
    blank.rect(spec.box, 0.3);
    blank.text(era, 5.5, 6.6, 3.5);
    for (int i = 0; i < 3; ++i) {
      spec.parts.slots.push_back({names[i], {slot_x[i], 4, 9, 9}});
      blank.text(units[i], slot_x[i] + 9.3, 6.6, 3.5);
    }
  }
  // Writes the numbers ("" leaves a slot empty), with jitter and a scan's misregistration.
  FieldCrop write(const std::vector<std::string>& numbers, unsigned seed) const {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> jitter(-0.6, 0.6), size(5.0, 6.0);
    Canvas c = blank;
    c.img = blank.img.clone();
    for (size_t i = 0; i < numbers.size() && i < spec.parts.slots.size(); ++i) {
      if (numbers[i].empty()) continue;
      const BoxMm& b = spec.parts.slots[i].box;
      const double em = size(rng);
      const double width = 0.55 * em * static_cast<double>(numbers[i].size());
      c.text(numbers[i], b.x + (b.w - width) / 2 + jitter(rng), b.y + (b.h - em) / 2 + jitter(rng) * 0.5, em);
    }
    cv::Mat shifted;
    cv::Mat m = (cv::Mat_<double>(2, 3) << 1, 0.004, 2, -0.004, 1, 2);
    cv::warpAffine(c.img, shifted, m, c.img.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    return testing::make_crop(testing::degrade(shifted, seed, 12, 3), blank,
                              {0, 0, blank.img.cols / blank.px(), blank.img.rows / blank.px()});
  }
};

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
