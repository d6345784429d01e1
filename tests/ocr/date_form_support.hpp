// Test helper: a printed-parts date field 「令和　　年　　月　　日」 and scans of it with the numbers
// written in (shared by the typed and handwritten date-parts tests).
#pragma once

#include <random>
#include <string>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "kamiflow/ocr/form_template.hpp"
#include "ocr_render_support.hpp"

namespace kamiflow::testing {

// 「令和　　年　　月　　日」 in a 52 x 9 mm box, the numbers written in the gaps.
struct PrintedDateForm {
  ocr::FieldSpec spec;
  Canvas blank{60, 17};
  explicit PrintedDateForm(const std::string& era = "令和") {
    spec.name = "filed_on";
    spec.type = ocr::FieldType::kDate;
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
  ocr::FieldCrop write(const std::vector<std::string>& numbers, unsigned seed) const {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> jitter(-0.6, 0.6), size(5.0, 6.0);
    Canvas c = blank;
    c.img = blank.img.clone();
    for (size_t i = 0; i < numbers.size() && i < spec.parts.slots.size(); ++i) {
      if (numbers[i].empty()) continue;
      const ocr::BoxMm& b = spec.parts.slots[i].box;
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

}  // namespace kamiflow::testing
