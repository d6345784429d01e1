// Internal to ocr/: the recognisers, one per field type, from a FieldCrop to a FieldRead.
//
// Contract: each recogniser reads one field's crop (field box + margin at ~300 dpi, upright in
// template coordinates, with the blank form's same region when available) and returns what it
// read with a confidence in [0,1] that means "probability this is right" as well as we can make
// it, plus flags. A blank field never reaches Tesseract. Normalisation and validators are applied
// later (field_postprocess.hpp). Not thread-safe only through the EnginePool they are given.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "field_image.hpp"
#include "kamiflow/ocr/form_template.hpp"
#include "kamiflow/status.hpp"
#include "tesseract_engine.hpp"

namespace kamiflow::ocr {

struct FieldRead {
  std::string raw;          // "" when blank; choices: chosen option values joined by ","
  double confidence = 0;    // [0,1]
  std::vector<std::string> flags;
  bool blank = false;       // no writing (or no mark) found
  bool handwritten = false; // read as handwriting (the digit classifier), not as print
  std::vector<std::string> alternatives;  // other values independent reads gave (raw), when they disagreed
  // Set only when the read was asked to defer its second model (ReadHints) and did: the full read
  // with the second model, for the extractor to run when cross-field evidence did not confirm
  // this one. Valid while the EnginePool and the page being read are.
  std::function<Result<FieldRead>()> with_second_model;

  void add_flag(const char* f);
  // Shows `proposed` as the raw value of a read a repair mended, the read kept first among the
  // alternatives (as FieldResult::show_instead); the caller decides the flags.
  void show_instead(const std::string& proposed);
};

// What the extractor knows about a field beyond its spec.
struct ReadHints {
  // A kana field whose name the dictionary can check (record_checks.hpp): a confident read with
  // the first model may leave the second model for later (kana_confirmation.hpp).
  bool may_defer_second_model = false;
};

// How much margin (mm) the extractor warps around each field type's box.
double crop_margin_mm(FieldType type);

// text, kana, digits, date.
[[nodiscard]] Result<FieldRead> read_text_field(const FieldCrop& crop, const FieldSpec& spec, EnginePool& engines,
                                                const ReadHints& hints = {});
// digit_boxes: cell by cell (spec.cells). kAuto reads all cells as one line first and falls back
// to one read per cell when that is doubtful; the other modes exist to measure each path alone.
enum class DigitBoxMode { kAuto, kLineOnly, kCellsOnly };
[[nodiscard]] Result<FieldRead> read_digit_boxes(const FieldCrop& crop, const FieldSpec& spec, EnginePool& engines,
                                                 DigitBoxMode mode = DigitBoxMode::kAuto);
// date with printed parts (spec.parts): each writing slot read as a number, the date composed
// from the printed era and the slots (read_date_parts.cpp).
[[nodiscard]] Result<FieldRead> read_date_parts(const FieldCrop& crop, const FieldSpec& spec, EnginePool& engines);
// One slot's number, 1-2 digits ("" or too long = unreadable). `gray` is the slot's image and
// `region` the writing in it. Kept apart so another recogniser (a digit classifier) can replace it.
struct SlotNumber {
  std::string digits;
  double confidence = 0;
  bool disagreement = false;  // two independent reads gave different numbers
};
[[nodiscard]] Result<SlotNumber> read_slot_number(const cv::Mat& gray, const InkRegion& region, TesseractEngine& engine);
// checkbox_group and circled_choice: ink compared with the blank form; no OCR.
[[nodiscard]] FieldRead read_checkbox_group(const FieldCrop& crop, const FieldSpec& spec);
[[nodiscard]] FieldRead read_circled_choice(const FieldCrop& crop, const FieldSpec& spec);

// Dispatches on spec.type.
[[nodiscard]] Result<FieldRead> read_field(const FieldCrop& crop, const FieldSpec& spec, EnginePool& engines,
                                           const ReadHints& hints = {});

}  // namespace kamiflow::ocr
