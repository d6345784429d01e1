// Semantic checks of a FormTemplate, whether it came from a Lua file or from code: geometry on
// the page, unique and well-formed names, what each field type needs, known normaliser and
// validator names, the reference image. Each problem is one message naming the field.
#include <algorithm>
#include <filesystem>
#include <map>

#include "kamiflow/ocr/text.hpp"
#include "engine/templates/loader_internal.hpp"

namespace kamiflow::template_detail {
namespace {

// Rounding slack, so a box ending exactly on the page edge after x+w arithmetic is accepted.
constexpr double kEpsilonMm = 1e-6;

bool is_identifier(const std::string& s, bool allow_leading_digit) {
  if (s.empty()) return false;
  if (!allow_leading_digit && s[0] >= '0' && s[0] <= '9') return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

bool is_language_list(const std::string& s) {  // "jpn", "eng", "jpn+eng", "jpn_vert"
  if (s.empty() || s.front() == '+' || s.back() == '+' || s.find("++") != std::string::npos) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '+';
  });
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

class Checker {
 public:
  Checker(const ocr::FormTemplate& form, std::vector<std::string>& errors) : form_(form), errors_(errors) {}

  void error(const std::string& context, const std::string& message) {
    errors_.push_back(context.empty() ? message : context + ": " + message);
  }

  void box(const std::string& context, const std::string& what, const ocr::BoxMm& b) {
    if (b.w <= 0 || b.h <= 0) {
      error(context, what + " has no area (w = " + format_mm(b.w) + " mm, h = " + format_mm(b.h) + " mm)");
      return;
    }
    point(context, what, b.x, b.y);
    if (b.x + b.w > form_.width_mm + kEpsilonMm)
      error(context, what + " extends beyond the page (x+w = " + format_mm(b.x + b.w) + " mm > " +
                         format_mm(form_.width_mm) + " mm)");
    if (b.y + b.h > form_.height_mm + kEpsilonMm)
      error(context, what + " extends beyond the page (y+h = " + format_mm(b.y + b.h) + " mm > " +
                         format_mm(form_.height_mm) + " mm)");
  }

  void point(const std::string& context, const std::string& what, double x, double y) {
    if (x < 0 || x > form_.width_mm + kEpsilonMm)
      error(context, what + " is off the page (x = " + format_mm(x) + " mm, page width " + format_mm(form_.width_mm) + " mm)");
    if (y < 0 || y > form_.height_mm + kEpsilonMm)
      error(context, what + " is off the page (y = " + format_mm(y) + " mm, page height " + format_mm(form_.height_mm) + " mm)");
  }

  void names(const std::string& context, const char* kind, const std::vector<std::string>& used,
             const std::vector<std::string>& known) {
    for (const auto& name : used)
      if (std::find(known.begin(), known.end(), name) == known.end())
        error(context, std::string("unknown ") + kind + " '" + name + "' (known: " + join(known) + ")");
  }

 private:
  const ocr::FormTemplate& form_;
  std::vector<std::string>& errors_;
};

// Eras a printed date can carry (text_date.cpp knows their dates).
constexpr const char* kEraNames[] = {"明治", "大正", "昭和", "平成", "令和"};

// A date's printed parts: a known era, year/month/day slots inside the field's box, left to
// right and not overlapping (a slot over a printed 年 would read the 年 as writing).
void check_parts(Checker& c, const ocr::FieldSpec& f, const std::string& context, bool geometry_known) {
  if (f.parts.empty()) return;
  if (f.type != ocr::FieldType::kDate) c.error(context, "'parts' applies only to date fields");
  if (std::find(std::begin(kEraNames), std::end(kEraNames), f.parts.era) == std::end(kEraNames)) {
    std::string known;
    for (const char* e : kEraNames) known += (known.empty() ? "" : ", ") + std::string(e);
    c.error(context, "parts: unknown era '" + f.parts.era + "' (known: " + known + ")");
  }
  static const char* const kOrder[] = {"year", "month", "day"};
  if (f.parts.slots.size() != 3) c.error(context, "parts: needs year, month and day slots");
  for (std::size_t i = 0; i < f.parts.slots.size() && i < 3; ++i)
    if (f.parts.slots[i].name != kOrder[i]) c.error(context, "parts: slots must be year, month, day in that order");
  if (!geometry_known) return;
  const ocr::BoxMm& b = f.box;
  const ocr::WritingSlot* previous = nullptr;
  for (const ocr::WritingSlot& s : f.parts.slots) {
    const std::string what = "parts." + s.name;
    const ocr::BoxMm& r = s.box;
    if (r.w <= 0 || r.h <= 0) {
      c.error(context, what + " has no area (w = " + format_mm(r.w) + " mm, h = " + format_mm(r.h) + " mm)");
      continue;
    }
    if (r.x < b.x - kEpsilonMm || r.x + r.w > b.x + b.w + kEpsilonMm || r.y < b.y - kEpsilonMm ||
        r.y + r.h > b.y + b.h + kEpsilonMm)
      c.error(context, what + " (x = " + format_mm(r.x) + " to " + format_mm(r.x + r.w) + " mm, y = " + format_mm(r.y) +
                           " to " + format_mm(r.y + r.h) + " mm) is not inside the field's box (x = " + format_mm(b.x) +
                           " to " + format_mm(b.x + b.w) + " mm, y = " + format_mm(b.y) + " to " +
                           format_mm(b.y + b.h) + " mm)");
    if (previous != nullptr && r.x < previous->box.x + previous->box.w - kEpsilonMm)
      c.error(context, what + " (x = " + format_mm(r.x) + " mm) must start right of parts." + previous->name +
                           " (which ends at x = " + format_mm(previous->box.x + previous->box.w) + " mm)");
    previous = &s;
  }
}

void check_field(Checker& c, const ocr::FieldSpec& f, const std::string& context, bool geometry_known) {
  if (f.name.empty())
    c.error(context, "'name' is required");
  else if (!is_identifier(f.name, false))
    c.error(context, "name must use only a-z, 0-9 and _, and not start with a digit");
  if (f.review_threshold < 0 || f.review_threshold > 1)
    c.error(context, "review_threshold must be between 0 and 1 (got " + format_mm(f.review_threshold) + ")");
  if (geometry_known) c.box(context, "box", f.box);

  const bool choice = f.type == ocr::FieldType::kCheckboxGroup || f.type == ocr::FieldType::kCircledChoice;
  if (choice) {
    // Worded as the parser words a missing key, so the two reports of one mistake merge.
    if (f.options.empty()) c.error(context, "'options' is required");
    std::map<std::string, int> seen;
    for (const auto& o : f.options) {
      std::string where = context + ": option '" + o.value + "'";
      if (o.value.empty()) c.error(context, "an option has an empty value");
      if (++seen[o.value] == 2) c.error(context, "duplicate option value '" + o.value + "'");
      if (geometry_known) c.box(where, "box", o.box);
    }
    if (f.multiple && f.type != ocr::FieldType::kCheckboxGroup) c.error(context, "'multiple' applies only to checkbox_group fields");
    return;
  }
  if (!f.options.empty()) c.error(context, "'options' applies only to checkbox_group and circled_choice fields");
  if (!is_language_list(f.read.lang))
    c.error(context, "lang '" + f.read.lang + "' is not a Tesseract language list such as jpn, eng or jpn+eng");
  check_parts(c, f, context, geometry_known);
  c.names(context, "normaliser", f.normalisers, text::normaliser_names());
  c.names(context, "validator", f.validators, text::validator_names());
  if (f.type == ocr::FieldType::kDigitBoxes) {
    if (f.cells.empty()) c.error(context, "'cells' is required");
    if (geometry_known)
      for (std::size_t i = 0; i < f.cells.size(); ++i) c.box(context, "cells[" + std::to_string(i + 1) + "]", f.cells[i]);
  } else if (!f.cells.empty()) {
    c.error(context, "'cells' applies only to digit_boxes fields");
  }
}

void check_printed(Checker& c, const ocr::PrintedItem& item, const std::string& context) {
  switch (item.kind) {
    case ocr::PrintedItem::Kind::kText:
      c.point(context, "text", item.box.x, item.box.y);
      if (item.size_mm <= 0 || item.size_mm > 100)
        c.error(context, "size_mm must be more than 0 and at most 100 (got " + format_mm(item.size_mm) + ")");
      break;
    case ocr::PrintedItem::Kind::kLine:
      c.point(context, "start", item.box.x, item.box.y);
      c.point(context, "end", item.box.x + item.box.w, item.box.y + item.box.h);
      break;
    case ocr::PrintedItem::Kind::kRect:
    case ocr::PrintedItem::Kind::kCircleMark:
      c.box(context, "box", item.box);
      break;
  }
  if (item.kind != ocr::PrintedItem::Kind::kText && (item.stroke_mm <= 0 || item.stroke_mm > 20))
    c.error(context, "stroke_mm must be more than 0 and at most 20 (got " + format_mm(item.stroke_mm) + ")");
}

}  // namespace

void check_template_into(const ocr::FormTemplate& form, bool require_reference_image, const ParseNotes& notes,
                         std::vector<std::string>& errors) {
  Checker c(form, errors);
  if (form.id.empty())
    c.error("", "'id' is required");
  else if (!is_identifier(form.id, true))
    c.error("", "id '" + form.id + "' must use only a-z, 0-9 and _");
  const auto pixels = [](const ocr::FormTemplate& f, double dpi) {
    return f.width_mm / 25.4 * dpi * (f.height_mm / 25.4 * dpi);
  };
  const auto side_ok = [](double mm) { return mm >= kMinPageSideMm && mm <= kMaxPageSideMm; };
  const bool page_ok = !notes.page_unusable && side_ok(form.width_mm) && side_ok(form.height_mm) &&
                       pixels(form, 300) <= kMaxTemplatePixels;
  if (!notes.page_unusable && !page_ok)
    c.error("page", "width_mm and height_mm must each be " + format_mm(kMinPageSideMm) + " to " +
                        format_mm(kMaxPageSideMm) + " mm, and the page at most " +
                        format_mm(kMaxTemplatePixels / 1e6) + " M pixels at 300 dpi (got " +
                        format_mm(form.width_mm) + " x " + format_mm(form.height_mm) + ")");
  if (!form.reference_image.empty()) {
    if (form.reference_dpi < kMinReferenceDpi || form.reference_dpi > kMaxReferenceDpi)
      c.error("reference", "dpi must be " + format_mm(kMinReferenceDpi) + " to " + format_mm(kMaxReferenceDpi) +
                               " (got " + format_mm(form.reference_dpi) + ")");
    else if (page_ok && pixels(form, form.reference_dpi) > kMaxTemplatePixels)
      c.error("reference", "the page at " + format_mm(form.reference_dpi) + " dpi is over " +
                               format_mm(kMaxTemplatePixels / 1e6) + " M pixels");
    std::error_code ec;
    if (require_reference_image && !std::filesystem::is_regular_file(form.reference_image, ec))
      c.error("reference", "image not found: " + form.reference_image);
  }
  if (form.fields.empty()) c.error("", "the template has no fields ('fields' is missing or empty)");

  std::map<std::string, std::size_t> first_use;
  for (std::size_t i = 0; i < form.fields.size(); ++i) {
    const ocr::FieldSpec& f = form.fields[i];
    const std::string context = f.name.empty() ? "fields[" + std::to_string(i + 1) + "]" : "field '" + f.name + "'";
    check_field(c, f, context, page_ok && notes.fields_without_geometry.count(i) == 0);
    if (f.name.empty()) continue;
    auto [it, inserted] = first_use.emplace(f.name, i);
    if (!inserted) c.error(context, "duplicate name (also fields[" + std::to_string(it->second + 1) + "])");
  }
  // reading_of names the name this フリガナ reads, postal_code_of the address this 郵便番号
  // belongs to: each must name a text field of this template.
  for (const ocr::FieldSpec& f : form.fields) {
    for (const auto& [key, target_name] : {std::pair<const char*, const std::string&>{"reading_of", f.reading_of},
                                           std::pair<const char*, const std::string&>{"postal_code_of", f.postal_code_of}}) {
      if (target_name.empty()) continue;
      const std::string context = "field '" + f.name + "'";
      const ocr::FieldSpec* target = form.find_field(target_name);
      if (!target)
        c.error(context, std::string(key) + " names no field of this template ('" + target_name + "')");
      else if (target->type != ocr::FieldType::kText)
        c.error(context, std::string(key) + " must name a text field ('" + target_name + "' is " +
                             std::string(ocr::field_type_name(target->type)) + ")");
    }
  }
  for (std::size_t i = 0; i < form.printed.size(); ++i) {
    if (!page_ok || notes.printed_without_geometry.count(i) != 0) continue;
    check_printed(c, form.printed[i], "printed[" + std::to_string(i + 1) + "]");
  }
}

}  // namespace kamiflow::template_detail
