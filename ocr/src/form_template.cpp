#include "kamiflow/ocr/form_template.hpp"

#include <array>
#include <utility>

namespace kamiflow::ocr {
namespace {
constexpr std::array<std::pair<FieldType, std::string_view>, 7> kNames{{
    {FieldType::kText, "text"},
    {FieldType::kKana, "kana"},
    {FieldType::kDigits, "digits"},
    {FieldType::kDate, "date"},
    {FieldType::kDigitBoxes, "digit_boxes"},
    {FieldType::kCheckboxGroup, "checkbox_group"},
    {FieldType::kCircledChoice, "circled_choice"},
}};
}  // namespace

std::string_view field_type_name(FieldType t) {
  for (const auto& [type, name] : kNames)
    if (type == t) return name;
  return "unknown";
}

std::optional<FieldType> parse_field_type(std::string_view name) {
  for (const auto& [type, n] : kNames)
    if (n == name) return type;
  return std::nullopt;
}

std::string_view writing_mode_name(WritingMode w) {
  switch (w) {
    case WritingMode::kAuto: return "auto";
    case WritingMode::kTyped: return "typed";
    case WritingMode::kHandwritten: return "handwritten";
  }
  return "unknown";
}

std::optional<WritingMode> parse_writing_mode(std::string_view name) {
  for (WritingMode w : {WritingMode::kAuto, WritingMode::kTyped, WritingMode::kHandwritten})
    if (writing_mode_name(w) == name) return w;
  return std::nullopt;
}

const FieldSpec* FormTemplate::find_field(std::string_view field_name) const {
  for (const auto& f : fields)
    if (f.name == field_name) return &f;
  return nullptr;
}

}  // namespace kamiflow::ocr
