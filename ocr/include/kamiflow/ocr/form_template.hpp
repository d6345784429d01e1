// kamiflow::ocr::FormTemplate: the in-memory description of one paper form.
//
// Contract: plain data, built by the template loader (engine/, from a Lua file; see
// docs/templates.md) or by code (samples, tests). All geometry is in millimetres from the page's
// top-left corner, so one template serves 200 and 300 dpi scans alike. Immutable once loaded;
// share it across worker threads as std::shared_ptr<const FormTemplate>.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kamiflow::ocr {

enum class FieldType {
  kText,           // printed text, any script (names, addresses)
  kKana,           // katakana only (フリガナ)
  kDigits,         // a run of digits and separators on one line (phone numbers)
  kDate,           // 和暦 or 西暦 date, normalised to ISO 8601
  kDigitBoxes,     // one character per printed box (郵便番号, 個人番号)
  kCheckboxGroup,  // options, each with its own box; single or multiple choice
  kCircledChoice,  // options printed in a row, the chosen one circled (○で囲む)
};

[[nodiscard]] std::string_view field_type_name(FieldType t);            // "text", "digit_boxes", ...
[[nodiscard]] std::optional<FieldType> parse_field_type(std::string_view name);

// Who filled a digit field in: a printer (Tesseract reads it) or a hand (the handwritten-digit
// classifier reads it). kAuto decides per field from the ink and from the two readers' agreement,
// so a template written before handwriting support benefits without edits (docs/handwriting.md).
enum class WritingMode { kAuto, kTyped, kHandwritten };
[[nodiscard]] std::string_view writing_mode_name(WritingMode w);  // "auto", "typed", "handwritten"
[[nodiscard]] std::optional<WritingMode> parse_writing_mode(std::string_view name);

struct BoxMm {
  double x = 0, y = 0, w = 0, h = 0;  // mm, from the page's top-left
};

// How Tesseract reads a text-like field.
struct ReadSettings {
  std::string lang = "jpn";   // Tesseract language: "jpn", "eng", "jpn+eng"
  std::string whitelist;      // tessedit_char_whitelist; empty = no restriction
  bool single_line = true;    // PSM 7 when true, PSM 6 (block) when false
  // Read with Latin models only ("eng", "eng+…"): the Japanese text rules (kana twins, address
  // grammar, katakana words) do not apply.
  bool latin() const { return lang.rfind("eng", 0) == 0; }
};

// One option of a checkbox group or circled choice.
struct ChoiceOption {
  std::string value;  // what the record stores when this option is chosen
  std::string label;  // printed label (e.g. 男, 女)
  BoxMm box;          // checkbox square, or the area the circle is drawn around
};

// A date whose era and 年/月/日 are printed on the form, the citizen writing only the numbers
// between them (「令和　７年１０月　５日」). Each slot is read as a 1-2 digit number and the date is
// composed from the era and the slots ("令和7年10月5日"), then normalised like any date field.
struct WritingSlot {
  std::string name;  // "year", "month", "day": used in messages and the raw value's order
  BoxMm box;         // where the number is written (template mm); y/h default to the field's box
};
struct PrintedParts {
  std::string era;                 // printed era name (令和, 平成, ...)
  std::vector<WritingSlot> slots;  // year, month, day, left to right; empty = no printed parts
  bool empty() const { return slots.empty(); }
};

struct FieldSpec {
  std::string name;    // record key: ascii identifier, unique in the template
  std::string label;   // printed Japanese label, shown to reviewers
  FieldType type = FieldType::kText;
  BoxMm box;           // where the value is written (for choices: the whole option row)
  ReadSettings read;
  bool required = false;
  std::vector<std::string> normalisers;  // names, applied in order (see kamiflow/ocr/text.hpp)
  std::vector<std::string> validators;   // names; a failure flags the field "invalid"
  double review_threshold = 0.80;        // confidence below this flags "low_confidence"
  bool review_threshold_set = false;     // the template set it; otherwise calibration may (calibration.hpp)
  std::vector<BoxMm> cells;              // digit_boxes: one box per printed cell, left to right
  std::vector<ChoiceOption> options;     // checkbox_group / circled_choice
  bool multiple = false;                 // checkbox_group: more than one option may be marked
  WritingMode writing = WritingMode::kAuto;      // digit_boxes: typed, handwritten, or decided per field
  std::string reading_of;                // kana: the name field (in this template) this is the reading of
  std::string postal_code_of;            // a 郵便番号: the address (text) field it is the code of; "" = by name
  PrintedParts parts;                    // date: era and 年/月/日 printed, numbers written in slots
};

// Anything printed on the blank form that is not a field: used to render the blank form and its
// reference image from the same definition as the fields, so the two never disagree.
struct PrintedItem {
  enum class Kind { kText, kLine, kRect, kCircleMark } kind = Kind::kText;
  BoxMm box;              // text: top-left + box height = font size; line: x,y → x+w,y+h
  std::string text;
  double size_mm = 3.5;   // text height
  double stroke_mm = 0.3; // line width
  bool bold = false;
};

struct FormTemplate {
  std::string id;           // stable identifier, e.g. "inkan_touroku"
  std::string title;        // printed title, e.g. 印鑑登録申請書
  std::string source_path;  // the file it was loaded from (for error messages)
  double width_mm = 210, height_mm = 297;
  std::string reference_image;  // absolute path of the blank form image (PNG); may be empty
  double reference_dpi = 150;   // resolution of reference_image
  std::vector<FieldSpec> fields;
  std::vector<PrintedItem> printed;  // optional: the blank form's printed matter
  // How many people enter each doubtful field in review: 1, or 2 (double entry: two reviewers
  // independently, a third settles a disagreement — コンペア). Template key review = { checks = 2 }.
  int review_checks = 1;

  const FieldSpec* find_field(std::string_view field_name) const;
};

}  // namespace kamiflow::ocr
