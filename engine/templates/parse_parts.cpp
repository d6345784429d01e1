// The `parts` key of a date field: the era and 年/月/日 printed on the form, the numbers written in
// slots between them (docs/templates.md). Only the shape is read here; whether the slots fit the
// box, in order and without overlap, is check.cpp's job, so code-built templates get it too.
//
//   parts = { era = "令和", year = { x = 150, w = 9 }, month = { x = 163, w = 8 }, day = { x = 175, w = 8 } }
#include <algorithm>
#include <string_view>

#include "engine/templates/loader_internal.hpp"

namespace kamiflow::template_detail {
namespace {

using nlohmann::json;

const char* type_name(const json& v) {
  if (v.is_boolean()) return "boolean";
  if (v.is_number()) return "number";
  if (v.is_string()) return "string";
  return "table";
}

bool is_table(const json& v) { return v.is_object() || (v.is_array() && v.empty()); }

// Names keys of `table` outside `known` (a typo such as `mnth` must not silently drop a slot).
void unknown_keys(const json& table, std::initializer_list<std::string_view> known, const std::string& where,
                  std::vector<std::string>& errors) {
  if (!table.is_object()) return;
  for (const auto& [key, value] : table.items()) {
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    std::string list;
    for (std::string_view k : known) list += (list.empty() ? "" : ", ") + std::string(k);
    errors.push_back(where + ": unknown key '" + key + "' (known: " + list + ")");
  }
}

// One slot { x =, w = [, y =, h =] }; y and h default to the field's box. False when unusable.
bool parse_slot(const json& parts, const char* name, const ocr::BoxMm& field_box, const std::string& context,
                ocr::WritingSlot& out, std::vector<std::string>& errors) {
  const std::string where = context + ": parts." + name;
  auto it = parts.find(name);
  if (it == parts.end() || it->is_null()) {
    errors.push_back(context + ": parts: '" + name + "' is required");
    return false;
  }
  if (!is_table(*it)) {
    errors.push_back(where + ": must be a table { x = ..., w = ... } (got " + type_name(*it) + ")");
    return false;
  }
  bool ok = true;
  auto number = [&](const char* key, bool required, double fallback) {
    auto v = it->find(key);
    if (!it->is_object() || v == it->end() || v->is_null()) {
      if (required) errors.push_back(where + ": '" + key + "' is required"), ok = false;
      return fallback;
    }
    if (!v->is_number()) {
      errors.push_back(where + ": '" + key + "' must be a number (got " + type_name(*v) + ")");
      ok = false;
      return fallback;
    }
    return v->get<double>();
  };
  out.name = name;
  out.box.x = number("x", true, 0);
  out.box.w = number("w", true, 0);
  out.box.y = number("y", false, field_box.y);
  out.box.h = number("h", false, field_box.h);
  unknown_keys(*it, {"x", "w", "y", "h"}, where, errors);
  return ok;
}

}  // namespace

void parse_date_parts(const json& table, ocr::FieldSpec& field, const std::string& context,
                      std::vector<std::string>& errors) {
  const json& parts = table.is_array() && table.empty() ? json::object() : table;  // Lua's {} is both
  if (!parts.is_object()) {
    errors.push_back(context + ": 'parts' must be a table { era = ..., year = {...}, month = {...}, day = {...} } (got " +
                     (parts.is_array() ? std::string("a list") : std::string(type_name(parts))) + ")");
    return;
  }
  bool all = true;
  std::string era_name;
  if (auto era = parts.find("era"); era == parts.end() || era->is_null()) {
    errors.push_back(context + ": parts: 'era' is required");
    all = false;
  } else if (!era->is_string()) {
    errors.push_back(context + ": parts: 'era' must be a string such as \"令和\" (got " + type_name(*era) + ")");
    all = false;
  } else {
    era_name = era->get<std::string>();
  }
  std::vector<ocr::WritingSlot> slots;
  for (const char* name : {"year", "month", "day"}) {
    ocr::WritingSlot slot;
    if (parse_slot(parts, name, field.box, context, slot, errors))
      slots.push_back(std::move(slot));
    else
      all = false;
  }
  unknown_keys(parts, {"era", "year", "month", "day"}, context + ": parts", errors);
  // Parts missing a piece cannot be read at all; keeping none spares the checks a second report.
  if (all) field.parts = {std::move(era_name), std::move(slots)};
}

}  // namespace kamiflow::template_detail
