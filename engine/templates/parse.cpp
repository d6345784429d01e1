// Template table → ocr::FormTemplate. Reads every key it knows, reports the wrong type of each
// value and every key nobody read (typos), then carries on so the author sees all mistakes in one
// run. Geometry, names and cross-field rules are template_loader_check.cpp's job.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <set>
#include <string_view>

#include "engine/templates/loader_internal.hpp"

namespace kamiflow::template_detail {
namespace {

using nlohmann::json;

// The type names a Lua author knows.
std::string lua_type_name(const json& v) {
  if (v.is_null()) return "nil";
  if (v.is_boolean()) return "boolean";
  if (v.is_number()) return "number";
  if (v.is_string()) return "string";
  return "table";
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// Reads one table (a JSON object); remembers which keys were read so finish() can name the rest.
class Reader {
 public:
  Reader(const json& table, std::string context, std::vector<std::string>& errors)
      : table_(table), context_(std::move(context)), errors_(errors) {}

  void error(const std::string& message) { errors_.push_back(context_.empty() ? message : context_ + ": " + message); }
  const std::string& context() const { return context_; }

  // The value at `key`, or nullptr when absent (reports "is required" when it must be there).
  const json* get(const std::string& key, bool required = false) {
    read_.insert(key);
    auto it = table_.find(key);
    if (it == table_.end() || it->is_null()) {
      if (required) error("'" + key + "' is required");
      return nullptr;
    }
    return &*it;
  }

  std::optional<std::string> string(const std::string& key, bool required = false) {
    const json* v = get(key, required);
    if (v == nullptr) return std::nullopt;
    if (!v->is_string()) return wrong_type(key, "a string", *v);
    return v->get<std::string>();
  }
  std::optional<double> number(const std::string& key, bool required = false) {
    const json* v = get(key, required);
    if (v == nullptr) return std::nullopt;
    if (!v->is_number()) return wrong_type(key, "a number", *v);
    // Every number of a template is a size in millimetres, a count, a dpi or a threshold: none
    // is anywhere near 100,000. Bounding them here, where each is read, keeps 1e9 mm out of the
    // int arithmetic downstream ("-2147483648 x -2147483648" at run time); the checks then apply
    // each key's own range (page size, dpi, inside the page).
    const double d = v->get<double>();
    if (!std::isfinite(d) || std::abs(d) > kMaxTemplateNumber) {
      error("'" + key + "' must be between -" + format_mm(kMaxTemplateNumber) + " and " +
            format_mm(kMaxTemplateNumber) + " (got " + format_mm(d) + ")");
      return std::nullopt;
    }
    return d;
  }
  std::optional<bool> boolean(const std::string& key) {
    const json* v = get(key);
    if (v == nullptr) return std::nullopt;
    if (!v->is_boolean()) return wrong_type(key, "a boolean", *v);
    return v->get<bool>();
  }
  // A table with named keys.
  const json* record(const std::string& key, bool required = false) {
    const json* v = get(key, required);
    if (v == nullptr) return nullptr;
    if (!v->is_object() && !(v->is_array() && v->empty())) return wrong_type(key, "a table of named values", *v), nullptr;
    return v;
  }
  // A list { a, b, c }.
  const json* list(const std::string& key, bool required = false) {
    const json* v = get(key, required);
    if (v == nullptr) return nullptr;
    if (!lua_detail_is_list(*v)) return wrong_type(key, "a list", *v), nullptr;
    return v;
  }
  std::optional<std::vector<std::string>> string_list(const std::string& key) {
    const json* v = list(key);
    if (v == nullptr) return std::nullopt;
    std::vector<std::string> out;
    for (const json& item : v->is_array() ? *v : json::array()) {
      if (!item.is_string()) {
        error("'" + key + "' must list strings (found a " + lua_type_name(item) + ")");
        return std::nullopt;
      }
      out.push_back(item.get<std::string>());
    }
    return out;
  }

  // Marks keys as read without reading them (they belong to a part that could not be parsed).
  void ignore(std::initializer_list<const char*> keys) { read_.insert(keys.begin(), keys.end()); }

  // Reports keys nobody read. Keys in `elsewhere` are valid somewhere but not here.
  void finish(const std::vector<std::string>& known_here, const std::vector<std::string>& elsewhere = {},
              const std::string& elsewhere_why = "") {
    for (const auto& [key, value] : table_.items()) {
      if (read_.count(key) != 0) continue;
      if (std::find(elsewhere.begin(), elsewhere.end(), key) != elsewhere.end()) {
        error("key '" + key + "' " + elsewhere_why);
        continue;
      }
      std::string message = "unknown key '" + key + "'";
      std::string best;
      std::size_t best_distance = 3;  // suggest only close matches
      for (const auto& candidate : known_here) {
        std::size_t d = edit_distance(key, candidate);
        if (d < best_distance) best_distance = d, best = candidate;
      }
      if (!best.empty()) message += " (did you mean '" + best + "'?)";
      error(message);
    }
  }

 private:
  static bool lua_detail_is_list(const json& v) { return v.is_array() || (v.is_object() && v.empty()); }

  std::nullopt_t wrong_type(const std::string& key, const char* expected, const json& v) {
    error("'" + key + "' must be " + expected + " (got " + lua_type_name(v) + ")");
    return std::nullopt;
  }

  const json& table_;
  std::string context_;
  std::vector<std::string>& errors_;
  std::set<std::string> read_;
};

const std::vector<std::string> kTopKeys = {"id", "title", "page", "reference", "fields", "printed", "review"};
const std::vector<std::string> kFieldKeys = {"name",      "label",       "type",     "box",      "lang",
                                             "whitelist", "single_line", "required", "normalise", "validate",
                                             "review_threshold", "cells", "options",  "multiple", "writing", "reading_of", "parts",
                                             "postal_code_of"};
const std::vector<std::string> kReadKeys = {"lang", "whitelist", "single_line", "normalise", "validate"};
const std::vector<std::string> kPrintedKeys = {"kind", "x",    "y",       "w",         "h",   "x1", "y1",
                                               "x2",   "y2",   "size_mm", "stroke_mm", "text", "bold"};

bool is_choice(ocr::FieldType t) {
  return t == ocr::FieldType::kCheckboxGroup || t == ocr::FieldType::kCircledChoice;
}

// A box table { x=, y=, w=, h= }; false when it could not be read.
bool parse_box(Reader& parent, const std::string& key, ocr::BoxMm& out, std::vector<std::string>& errors) {
  const json* table = parent.record(key, true);
  if (table == nullptr) return false;
  Reader r(*table, parent.context().empty() ? key : parent.context() + ": " + key, errors);
  auto x = r.number("x", true), y = r.number("y", true), w = r.number("w", true), h = r.number("h", true);
  r.finish({"x", "y", "w", "h"});
  if (!x || !y || !w || !h) return false;
  out = {*x, *y, *w, *h};
  return true;
}

bool parse_cells(Reader& r, ocr::FieldSpec& field, std::vector<std::string>& errors) {
  const json* cells = r.get("cells", true);
  if (cells == nullptr) return false;
  if (cells->is_number()) {
    const double n = cells->get<double>();
    if (n != std::floor(n) || n < 1 || n > 64) {
      r.error("'cells' must be a whole number of boxes from 1 to 64 (got " + format_mm(n) + ")");
      return false;
    }
    const int count = static_cast<int>(n);
    for (int i = 0; i < count; ++i)  // split the field's box evenly, left to right
      field.cells.push_back({field.box.x + field.box.w * i / count, field.box.y, field.box.w / count, field.box.h});
    return true;
  }
  if (!cells->is_array()) {
    r.error("'cells' must be a number of boxes or a list of boxes (got " + lua_type_name(*cells) + ")");
    return false;
  }
  bool ok = true;
  for (std::size_t i = 0; i < cells->size(); ++i) {
    json holder = {{"cell", (*cells)[i]}};  // reuse parse_box's checks and messages
    Reader cell_reader(holder, r.context() + ": cells[" + std::to_string(i + 1) + "]", errors);
    ocr::BoxMm box;
    if (parse_box(cell_reader, "cell", box, errors))
      field.cells.push_back(box);
    else
      ok = false;
  }
  return ok;
}

bool parse_options(Reader& r, ocr::FieldSpec& field, std::vector<std::string>& errors) {
  const json* options = r.list("options", true);
  if (options == nullptr) return false;
  bool ok = true;
  std::size_t index = 0;
  for (const json& item : options->is_array() ? *options : json::array()) {
    ++index;
    std::string where = r.context() + ": options[" + std::to_string(index) + "]";
    if (!item.is_object()) {
      errors.push_back(where + ": must be a table { value = ..., label = ..., box = {...} }");
      ok = false;
      continue;
    }
    if (auto v = item.find("value"); v != item.end() && v->is_string())
      where = r.context() + ": option '" + v->get<std::string>() + "'";
    Reader o(item, where, errors);
    ocr::ChoiceOption option;
    auto value = o.string("value", true);
    auto label = o.string("label");
    bool box_ok = parse_box(o, "box", option.box, errors);
    o.finish({"value", "label", "box"});
    if (!value || !box_ok) {
      ok = false;
      continue;
    }
    option.value = *value;
    option.label = label.value_or("");
    field.options.push_back(std::move(option));
  }
  return ok;
}

ocr::FieldSpec parse_field(const json& item, std::size_t index, std::vector<std::string>& errors, bool& geometry_ok) {
  ocr::FieldSpec field;
  std::string context = "fields[" + std::to_string(index + 1) + "]";
  if (auto n = item.find("name"); n != item.end() && n->is_string()) context = "field '" + n->get<std::string>() + "'";
  Reader r(item, context, errors);
  field.name = r.string("name", true).value_or("");
  field.label = r.string("label").value_or("");

  std::optional<ocr::FieldType> type;
  if (auto type_name = r.string("type", true)) {
    type = ocr::parse_field_type(*type_name);
    if (!type)
      r.error("unknown type '" + *type_name +
              "' (known: text, kana, digits, date, digit_boxes, checkbox_group, circled_choice)");
  }
  field.type = type.value_or(ocr::FieldType::kText);
  geometry_ok = parse_box(r, "box", field.box, errors);
  field.required = r.boolean("required").value_or(false);
  if (auto t = r.number("review_threshold")) field.review_threshold = *t, field.review_threshold_set = true;

  if (!type) {  // the type decides which keys apply; without it only the common keys are checked
    r.ignore({"lang", "whitelist", "single_line", "normalise", "validate", "cells", "options", "multiple", "writing", "reading_of", "parts",
              "postal_code_of"});
    r.finish(kFieldKeys);
    return field;
  }
  const FieldTypeDefaults defaults = field_type_defaults(*type);
  std::vector<std::string> not_here;
  if (is_choice(*type)) {
    parse_options(r, field, errors);  // problems reported; the checks see what could be read
    if (*type == ocr::FieldType::kCheckboxGroup)
      field.multiple = r.boolean("multiple").value_or(false);
    else
      not_here.push_back("multiple");
    not_here.insert(not_here.end(), kReadKeys.begin(), kReadKeys.end());
    not_here.insert(not_here.end(), {"cells", "writing", "parts", "postal_code_of"});
  } else {
    field.postal_code_of = r.string("postal_code_of").value_or("");
    field.read.lang = r.string("lang").value_or(defaults.read.lang);
    field.read.whitelist = r.string("whitelist").value_or(defaults.read.whitelist);
    field.read.single_line = r.boolean("single_line").value_or(defaults.read.single_line);
    field.normalisers = r.string_list("normalise").value_or(defaults.normalisers);
    field.validators = r.string_list("validate").value_or(defaults.validators);
    if (*type == ocr::FieldType::kDigitBoxes) {
      parse_cells(r, field, errors);
      if (auto w = r.string("writing")) {
        if (auto parsed = ocr::parse_writing_mode(*w)) field.writing = *parsed;
        else r.error("'writing' must be \"auto\", \"typed\" or \"handwritten\" (got '" + *w + "')");
      }
    } else {
      not_here.insert(not_here.end(), {"cells", "writing"});
    }
    if (const json* parts = *type == ocr::FieldType::kDate ? r.get("parts") : nullptr)
      parse_date_parts(*parts, field, r.context(), errors);
    else if (*type != ocr::FieldType::kDate)
      not_here.push_back("parts");
    not_here.insert(not_here.end(), {"options", "multiple"});
  }
  if (*type == ocr::FieldType::kKana)
    field.reading_of = r.string("reading_of").value_or("");
  else
    not_here.push_back("reading_of");
  r.finish(kFieldKeys, not_here, std::string("does not apply to ") + std::string(ocr::field_type_name(*type)) + " fields");
  return field;
}

bool parse_printed(const json& item, std::size_t index, ocr::PrintedItem& out, std::vector<std::string>& errors) {
  std::string context = "printed[" + std::to_string(index + 1) + "]";
  if (!item.is_object()) {
    errors.push_back(context + ": must be a table { kind = ..., ... }");
    return false;
  }
  Reader r(item, context, errors);
  auto kind = r.string("kind", true);
  if (!kind) {
    r.ignore({"x", "y", "w", "h", "x1", "y1", "x2", "y2", "size_mm", "stroke_mm", "text", "bold"});
    r.finish(kPrintedKeys);
    return false;
  }
  Reader k(item, context + " (" + *kind + ")", errors);
  k.ignore({"kind"});
  bool ok = true;
  auto need = [&](const char* key) {
    auto v = k.number(key, true);
    if (!v) ok = false;
    return v.value_or(0);
  };
  if (*kind == "text") {
    out.kind = ocr::PrintedItem::Kind::kText;
    double x = need("x"), y = need("y");
    out.text = k.string("text", true).value_or("");
    out.size_mm = k.number("size_mm").value_or(out.size_mm);
    out.bold = k.boolean("bold").value_or(false);
    out.box = {x, y, 0, out.size_mm};
  } else if (*kind == "line") {
    out.kind = ocr::PrintedItem::Kind::kLine;
    double x1 = need("x1"), y1 = need("y1"), x2 = need("x2"), y2 = need("y2");
    out.stroke_mm = k.number("stroke_mm").value_or(out.stroke_mm);
    out.box = {x1, y1, x2 - x1, y2 - y1};
  } else if (*kind == "rect" || *kind == "circle_mark") {
    out.kind = *kind == "rect" ? ocr::PrintedItem::Kind::kRect : ocr::PrintedItem::Kind::kCircleMark;
    double x = need("x"), y = need("y"), w = need("w"), h = need("h");
    out.stroke_mm = k.number("stroke_mm").value_or(out.stroke_mm);
    out.box = {x, y, w, h};
  } else {
    k.error("unknown kind '" + *kind + "' (known: text, line, rect, circle_mark)");
    return false;
  }
  k.finish(kPrintedKeys, kPrintedKeys, "does not apply to " + *kind + " items");
  return ok;
}

}  // namespace

Result<std::string> reference_inside(const std::string& image, const std::string& template_dir) {
  // A template is data someone sent: it may name its blank form, nothing else on the machine.
  // Both paths are resolved with symlinks followed (weakly_canonical), so a link in the folder
  // pointing out of it is refused as well as "../../etc/passwd" and absolute paths elsewhere.
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path dir = fs::weakly_canonical(fs::absolute(template_dir), ec);
  fs::path p(image);
  if (p.is_relative()) p = fs::path(template_dir) / p;
  const fs::path real = ec ? fs::path() : fs::weakly_canonical(fs::absolute(p), ec);
  const fs::path rel = real.lexically_relative(dir);
  if (ec || rel.empty() || *rel.begin() == ".." || rel == ".")
    return Status::InvalidInput("image '" + image + "' must be a file inside the template's folder " + dir.string());
  return real.string();  // the resolved path: what was checked is what gets read
}

std::string format_mm(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", value);
  return buffer;
}

ocr::FormTemplate parse_template(const json& table, const std::string& template_dir, std::vector<std::string>& errors,
                                 ParseNotes& notes) {
  ocr::FormTemplate form;
  Reader r(table, "", errors);
  form.id = r.string("id", true).value_or("");
  form.title = r.string("title").value_or("");
  if (const json* page = r.record("page")) {
    Reader p(*page, "page", errors);
    auto width = p.number("width_mm"), height = p.number("height_mm");
    p.finish({"width_mm", "height_mm"});
    form.width_mm = width.value_or(form.width_mm);
    form.height_mm = height.value_or(form.height_mm);
  } else if (r.get("page") != nullptr) {
    notes.page_unusable = true;
  }
  if (const json* reference = r.record("reference")) {
    Reader ref(*reference, "reference", errors);
    auto image = ref.string("image", true);
    form.reference_dpi = ref.number("dpi").value_or(form.reference_dpi);
    ref.finish({"image", "dpi"});
    if (image) {
      Result<std::string> inside = reference_inside(*image, template_dir);
      if (inside.ok()) form.reference_image = *inside;
      else ref.error(inside.status().message());
    }
  }
  if (const json* fields = r.list("fields")) {
    for (std::size_t i = 0; i < fields->size() && fields->is_array(); ++i) {
      const json& item = (*fields)[i];
      if (!item.is_object()) {
        errors.push_back("fields[" + std::to_string(i + 1) + "]: must be a table { name = ..., type = ..., ... }");
        continue;
      }
      bool geometry_ok = true;
      form.fields.push_back(parse_field(item, i, errors, geometry_ok));
      if (!geometry_ok) notes.fields_without_geometry.insert(form.fields.size() - 1);
    }
  }
  if (const json* review = r.record("review")) {  // review = { checks = 2 }: double entry
    Reader rv(*review, "review", errors);
    const auto checks = rv.number("checks");
    rv.finish({"checks"});
    if (checks && *checks != 1 && *checks != 2) rv.error("'checks' must be 1 or 2");
    else if (checks) form.review_checks = static_cast<int>(*checks);
  }
  if (const json* printed = r.list("printed")) {
    for (std::size_t i = 0; i < printed->size() && printed->is_array(); ++i) {
      ocr::PrintedItem item;
      if (!parse_printed((*printed)[i], i, item, errors)) notes.printed_without_geometry.insert(form.printed.size());
      form.printed.push_back(std::move(item));
    }
  }
  r.finish(kTopKeys);
  return form;
}

}  // namespace kamiflow::template_detail
