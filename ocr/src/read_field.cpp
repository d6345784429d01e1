// Dispatch from a field's type to its recogniser, and the crop margin each type needs.
#include "field_readers.hpp"

namespace kamiflow::ocr {

double crop_margin_mm(FieldType type) {
  switch (type) {
    case FieldType::kCheckboxGroup:
    case FieldType::kCircledChoice:
      return 3.0;  // ticks and circles overshoot their boxes
    default:
      return 2.0;  // writing overflows its box a little; the registration error is ~1 mm at worst
  }
}

Result<FieldRead> read_field(const FieldCrop& crop, const FieldSpec& spec, EnginePool& engines, const ReadHints& hints) {
  switch (spec.type) {
    case FieldType::kText:
    case FieldType::kKana:
    case FieldType::kDigits:
    case FieldType::kDate:
      if (!spec.parts.empty()) return read_date_parts(crop, spec, engines);
      return read_text_field(crop, spec, engines, hints);
    case FieldType::kDigitBoxes:
      return read_digit_boxes(crop, spec, engines);
    case FieldType::kCheckboxGroup:
      return read_checkbox_group(crop, spec);
    case FieldType::kCircledChoice:
      return read_circled_choice(crop, spec);
  }
  return Status::Internal("field '" + spec.name + "' has an unknown type");
}

}  // namespace kamiflow::ocr
