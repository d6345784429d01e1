// Internal to the samples generator: writes field values onto a rendered blank form the way a
// person would: printed-handwriting fonts at varied sizes with a wobbly baseline, digits centred
// in their boxes, checkboxes ticked with ✓ / ✗ / ■ strokes, choices circled by a hand-drawn loop,
// and sometimes a red seal stamped over the applicant's name.
#pragma once

#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "kamiflow/ocr/form_template.hpp"
#include "samples/generator/render.hpp"
#include "samples/generator/rng.hpp"
#include "samples/generator/values.hpp"

namespace kamiflow::samples {

struct FieldDrawing {
  std::string font;    // font the value was written in ("" when blank or a mark)
  double em_mm = 0;    // character size
  std::string mark;    // checkbox mark style: "check", "cross", "fill"; "circle" for circled choices
};

struct FillReport {
  std::vector<FieldDrawing> fields;  // one per template field
  bool seal = false;
  ocr::BoxMm seal_box;               // where the stamp landed (mm), when `seal`
};

// Draws `values` (one per form field) into `page`, a BGR image of the whole form at `scale`.
// `seal_probability` is the chance of a stamp over the field named "name", when there is one.
FillReport fill_page(cv::Mat& page, const MmScale& scale, const ocr::FormTemplate& form,
                     const std::vector<FieldValue>& values, Rng& rng, double seal_probability = 0.3);

}  // namespace kamiflow::samples
