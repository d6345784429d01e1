// Internal to the samples generator: writes field values onto a rendered blank form the way a
// person would: printed-handwriting fonts at varied sizes with a wobbly baseline, digits centred
// in their boxes, checkboxes ticked with ✓ / ✗ / ■ strokes, choices circled by a hand-drawn loop,
// and sometimes a red seal stamped over the applicant's name.
#pragma once

#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "kamiflow/ocr/form_template.hpp"
#include "samples/generator/handwriting.hpp"
#include "samples/generator/render.hpp"
#include "samples/generator/rng.hpp"
#include "samples/generator/values.hpp"

namespace kamiflow::samples {

struct FieldDrawing {
  std::string font;    // font the value was written in ("" when blank or a mark)
  double em_mm = 0;    // character size
  std::string mark;    // checkbox mark style: "check", "cross", "fill"; "circle" for circled choices
  std::string writing; // digit boxes: "handwritten" (MNIST digits) or "typed" (a font)
};

struct FillReport {
  std::vector<FieldDrawing> fields;  // one per template field
  bool seal = false;
  ocr::BoxMm seal_box;               // where the stamp landed (mm), when `seal`
};

// Where people write digits by hand: with `hand` non-null, the page's writer fills its digit boxes
// with real handwritten digits (handwriting.hpp) with probability `rate`, drawn from `hand_rng`
// (its own stream, so the rest of the page is the same whatever the rate).
struct HandwritingPlan {
  const HandwritingBank* hand = nullptr;
  double rate = 0;
  Rng* hand_rng = nullptr;
};

// Draws `values` (one per form field) into `page`, a BGR image of the whole form at `scale`.
// `seal_probability` is the chance of a stamp over the field named "name", when there is one.
FillReport fill_page(cv::Mat& page, const MmScale& scale, const ocr::FormTemplate& form,
                     const std::vector<FieldValue>& values, Rng& rng, double seal_probability = 0.3,
                     const HandwritingPlan& handwriting = {});

}  // namespace kamiflow::samples
