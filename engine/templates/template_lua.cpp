// A draft template as Lua text: the same layout as the hand-written sample templates, one field per
// entry, each preceded by a comment that marks it as a guess and says what it rests on.
#include <cstdio>
#include <string>

#include "engine/templates/template_draft.hpp"
#include "kamiflow/ocr/form_template.hpp"

namespace kamiflow {
namespace {

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s = buf;
  while (s.find('.') != std::string::npos && (s.back() == '0' || s.back() == '.')) s.pop_back();
  return s == "-0" ? "0" : s;
}

// A Lua string literal: quotes, backslashes and control characters escaped; UTF-8 kept as is.
std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') out += '\\', out += static_cast<char>(c);
    else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\%03d", c);
      out += buf;
    } else out += static_cast<char>(c);
  }
  return out + "\"";
}

std::string box(const ocr::BoxMm& b) {
  return "{ x = " + num(b.x) + ", y = " + num(b.y) + ", w = " + num(b.w) + ", h = " + num(b.h) + " }";
}

std::string list(const std::vector<std::string>& names) {
  std::string out = "{";
  for (size_t i = 0; i < names.size(); ++i) out += (i ? ", " : " ") + quoted(names[i]);
  return out + (names.empty() ? "}" : " }");
}

// Comments are one line each: a note never breaks out of its `--`.
std::string comment(const std::string& s) {
  std::string out;
  for (char c : s) out += (c == '\n' || c == '\r') ? ' ' : c;
  return out;
}

}  // namespace

std::string template_lua(const TemplateDraft& d) {
  const auto& f = d.form;
  std::string o;
  o += "-- Draft template made by `kamiflow template new`" + (d.source.empty() ? "" : " from " + comment(d.source)) + ".\n";
  o += "-- Every field below is a GUESS: check its name, box and type with `kamiflow template preview`,\n";
  o += "-- edit, then read a few filled scans with `kamiflow template check` (docs/templates.md).\n";
  o += "-- Geometry in mm on the reference image (the deskewed blank form).\n";
  o += "return {\n";
  o += "  id = " + quoted(f.id) + ", title = " + quoted(f.title) + ",\n";
  o += "  page = { width_mm = " + num(f.width_mm) + ", height_mm = " + num(f.height_mm) + " },\n";
  o += "  reference = { image = " + quoted(f.reference_image) + ", dpi = " + num(f.reference_dpi) + " },\n";
  o += "  fields = {\n";
  for (size_t i = 0; i < f.fields.size(); ++i) {
    const auto& x = f.fields[i];
    o += "    -- guess, check: " + comment(i < d.notes.size() ? d.notes[i] : "") + "\n";
    o += "    { name = " + quoted(x.name) + ", label = " + quoted(x.label) + ", type = " +
         quoted(std::string(ocr::field_type_name(x.type))) + ", box = " + box(x.box) + ",\n";
    const bool choice = x.type == ocr::FieldType::kCheckboxGroup || x.type == ocr::FieldType::kCircledChoice;
    if (!choice) {
      o += "      lang = " + quoted(x.read.lang) + ", whitelist = " + quoted(x.read.whitelist) +
           ", normalise = " + list(x.normalisers) + ", validate = " + list(x.validators);
      if (!x.reading_of.empty()) o += ", reading_of = " + quoted(x.reading_of);
      if (!x.postal_code_of.empty()) o += ", postal_code_of = " + quoted(x.postal_code_of);
      o += ",\n";
    }
    if (x.type == ocr::FieldType::kCheckboxGroup) o += std::string("      multiple = ") + (x.multiple ? "true" : "false") + ",\n";
    if (!x.parts.empty()) {
      o += "      parts = { era = " + quoted(x.parts.era);
      for (const auto& s : x.parts.slots) o += ", " + s.name + " = { x = " + num(s.box.x) + ", w = " + num(s.box.w) + " }";
      o += " },\n";
    }
    if (!x.cells.empty()) {
      o += "      cells = {\n";
      for (const auto& c : x.cells) o += "        " + box(c) + ",\n";
      o += "      },\n";
    }
    if (!x.options.empty()) {
      o += "      options = {\n";
      for (const auto& opt : x.options) {
        o += "        { value = " + quoted(opt.value) + ", label = " + quoted(opt.label) + ", box = " + box(opt.box) + " },\n";
      }
      o += "      },\n";
    }
    o += "    },\n";
  }
  o += "  },\n}\n";
  return o;
}

}  // namespace kamiflow
