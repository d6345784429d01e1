// Checkbox groups and circled choices on rendered, scan-degraded, slightly misregistered crops.
#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "field_readers.hpp"
#include "kamiflow/ocr/record.hpp"
#include "ocr_render_support.hpp"

namespace kamiflow::ocr {
namespace {

using testing::Canvas;

enum class Mark { kNone, kTick, kCross, kFill, kDot };

// Three checkboxes (4 mm) with labels, in a 70×12 mm crop.
struct CheckboxForm {
  FieldSpec spec;
  Canvas blank{70, 12};
  CheckboxForm(bool multiple = false, bool required = true) {
    spec.name = "choice";
    spec.type = FieldType::kCheckboxGroup;
    spec.multiple = multiple;
    spec.required = required;
    spec.box = {2, 2, 66, 8};
    const char* labels[] = {"有", "無", "不明"};
    for (int i = 0; i < 3; ++i) {
      BoxMm b{5.0 + 22 * i, 4, 4, 4};
      spec.options.push_back({std::to_string(i + 1), labels[i], b});
      blank.rect(b, 0.25);
      blank.text(labels[i], b.x + 6, b.y, 4);
    }
  }
  FieldCrop fill(const std::vector<Mark>& marks, unsigned seed = 3, int shift_px = 2) const {
    Canvas c = blank;
    c.img = blank.img.clone();
    for (size_t i = 0; i < marks.size(); ++i) {
      const BoxMm& b = spec.options[i].box;
      switch (marks[i]) {
        case Mark::kTick:
          c.line(b.x + 0.6, b.y + 2.2, b.x + 1.7, b.y + 3.6);
          c.line(b.x + 1.7, b.y + 3.6, b.x + 4.8, b.y - 0.8);  // the tail leaves the box
          break;
        case Mark::kCross:
          c.line(b.x + 0.5, b.y + 0.5, b.x + 3.5, b.y + 3.5);
          c.line(b.x + 3.5, b.y + 0.5, b.x + 0.5, b.y + 3.5);
          break;
        case Mark::kFill:
          cv::rectangle(c.img, c.pt(b.x + 0.4, b.y + 0.4), c.pt(b.x + 3.6, b.y + 3.6), cv::Scalar::all(40), -1);
          break;
        case Mark::kDot:  // a pen rested on the paper: not a mark
          cv::circle(c.img, c.pt(b.x + 2, b.y + 2), 2, cv::Scalar::all(60), -1);
          break;
        case Mark::kNone:
          break;
      }
    }
    // Registration is never perfect: shift the scan by a couple of pixels.
    cv::Mat shifted;
    cv::Mat m = (cv::Mat_<double>(2, 3) << 1, 0, shift_px, 0, 1, -shift_px / 2);
    cv::warpAffine(c.img, shifted, m, c.img.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    return testing::make_crop(testing::degrade(shifted, seed, 12, 6), blank, {0, 0, 70, 12});
  }
};

TEST(ReadCheckboxGroup, TickCrossAndFillAreMarksEmptyIsNot) {
  CheckboxForm form(/*multiple=*/true);
  for (Mark m : {Mark::kTick, Mark::kCross, Mark::kFill}) {
    FieldRead r = read_checkbox_group(form.fill({Mark::kNone, m, Mark::kNone}), form.spec);
    EXPECT_EQ(r.raw, "2") << static_cast<int>(m);
    EXPECT_TRUE(r.flags.empty());
    EXPECT_GE(r.confidence, 0.8);
  }
}

TEST(ReadCheckboxGroup, MultipleChoiceJoinsValues) {
  CheckboxForm form(/*multiple=*/true);
  FieldRead r = read_checkbox_group(form.fill({Mark::kTick, Mark::kNone, Mark::kCross}), form.spec);
  EXPECT_EQ(r.raw, "1,3");
  EXPECT_TRUE(r.flags.empty());
}

TEST(ReadCheckboxGroup, SingleChoiceWithTwoMarksIsFlagged) {
  CheckboxForm form(/*multiple=*/false);
  FieldRead r = read_checkbox_group(form.fill({Mark::kTick, Mark::kTick, Mark::kNone}), form.spec);
  EXPECT_EQ(r.raw, "1,2");
  EXPECT_NE(std::find(r.flags.begin(), r.flags.end(), flag::kMultipleMarks), r.flags.end());
}

TEST(ReadCheckboxGroup, RequiredWithNoMarkIsFlaggedAndDotIsNotAMark) {
  CheckboxForm form(false, /*required=*/true);
  FieldRead r = read_checkbox_group(form.fill({Mark::kNone, Mark::kDot, Mark::kNone}), form.spec);
  EXPECT_EQ(r.raw, "");
  EXPECT_TRUE(r.blank);
  EXPECT_NE(std::find(r.flags.begin(), r.flags.end(), flag::kNoMark), r.flags.end());

  CheckboxForm optional(false, /*required=*/false);
  FieldRead o = read_checkbox_group(optional.fill({Mark::kNone, Mark::kNone, Mark::kNone}), optional.spec);
  EXPECT_TRUE(o.flags.empty());
  EXPECT_GE(o.confidence, 0.9);
}

TEST(ReadCheckboxGroup, WorksWithoutABlankReference) {
  CheckboxForm form(false);
  FieldCrop crop = form.fill({Mark::kNone, Mark::kNone, Mark::kCross});
  crop.reference = cv::Mat();
  FieldRead r = read_checkbox_group(crop, form.spec);
  EXPECT_EQ(r.raw, "3");
}

// Options printed in a row (明治 大正 昭和 平成 令和); the writer circles one.
struct CircleForm {
  FieldSpec spec;
  Canvas blank{80, 12};
  CircleForm() {
    spec.name = "era";
    spec.type = FieldType::kCircledChoice;
    spec.required = true;
    spec.box = {2, 2, 76, 8};
    const char* labels[] = {"明治", "大正", "昭和", "平成", "令和"};
    for (int i = 0; i < 5; ++i) {
      BoxMm b{5.0 + 14.5 * i, 3.5, 10, 5};
      spec.options.push_back({labels[i], labels[i], b});
      blank.text(labels[i], b.x + 1, b.y + 0.7, 3.6);
    }
  }
  FieldCrop circle(const std::vector<int>& which, unsigned seed = 5, double squash = 1.0) const {
    Canvas c = blank;
    c.img = blank.img.clone();
    for (int i : which) {
      const BoxMm& b = spec.options[i].box;
      c.circle(b.x + b.w / 2 + 0.4, b.y + b.h / 2 - 0.2, b.w / 2 + 0.6, (b.h / 2 + 0.7) * squash, 0.35);
    }
    return testing::make_crop(testing::degrade(c.img, seed, 12, 4), blank, {0, 0, 80, 12});
  }
};

TEST(ReadCircledChoice, PicksTheCircledOption) {
  CircleForm form;
  for (int i = 0; i < 5; ++i) {
    FieldRead r = read_circled_choice(form.circle({i}, 10 + i), form.spec);
    EXPECT_EQ(r.raw, form.spec.options[i].value);
    EXPECT_TRUE(r.flags.empty()) << i;
    EXPECT_GE(r.confidence, 0.8) << i;
  }
}

TEST(ReadCircledChoice, TwoCirclesAreFlaggedNoneIsNoMark) {
  CircleForm form;
  FieldRead two = read_circled_choice(form.circle({1, 3}), form.spec);
  EXPECT_NE(std::find(two.flags.begin(), two.flags.end(), flag::kMultipleMarks), two.flags.end());
  EXPECT_LT(two.confidence, 0.8);

  FieldRead none = read_circled_choice(form.circle({}), form.spec);
  EXPECT_TRUE(none.blank);
  EXPECT_NE(std::find(none.flags.begin(), none.flags.end(), flag::kNoMark), none.flags.end());
}

TEST(ReadCircledChoice, CircleStraddlingTwoOptionsIsNotTrusted) {
  CircleForm form;
  Canvas c = form.blank;
  c.img = form.blank.img.clone();
  // Drawn between 昭和 and 平成: covers half of each.
  const BoxMm& a = form.spec.options[2].box;
  const BoxMm& b = form.spec.options[3].box;
  c.circle((a.x + a.w + b.x) / 2, a.y + a.h / 2, 7, 3.4, 0.35);
  FieldRead r = read_circled_choice(testing::make_crop(testing::degrade(c.img, 9), form.blank, {0, 0, 80, 12}),
                                    form.spec);
  EXPECT_FALSE(r.flags.empty());
  EXPECT_LT(r.confidence, 0.8);
}

}  // namespace
}  // namespace kamiflow::ocr
