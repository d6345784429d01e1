// Internals of the template loader: the table → FormTemplate parser (template_loader_parse.cpp)
// and the semantic checks (template_loader_check.cpp). Not a public API.
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/templates/loader.hpp"

namespace kamiflow::template_detail {

// What the parser learned that the checks need: fields whose geometry could not be read (so the
// checks do not pile "no area" on top of "box is required").
struct ParseNotes {
  std::set<std::size_t> fields_without_geometry;
  std::set<std::size_t> printed_without_geometry;
  bool page_unusable = false;
};

// Builds the template from the table the file returned (converted to JSON). Every problem is
// appended to `errors` as "context: message" (no file name); parsing goes on after each one.
ocr::FormTemplate parse_template(const nlohmann::json& table, const std::string& template_dir,
                                 std::vector<std::string>& errors, ParseNotes& notes);

// The `parts` table of a date field (parse_parts.cpp), into field.parts; field.box must be read.
void parse_date_parts(const nlohmann::json& parts, ocr::FieldSpec& field, const std::string& context,
                      std::vector<std::string>& errors);

void check_template_into(const ocr::FormTemplate& form, bool require_reference_image, const ParseNotes& notes,
                         std::vector<std::string>& errors);

// "230", "12.5": millimetres as a template author wrote them.
std::string format_mm(double value);

// No number in a template may exceed this in magnitude (parse.cpp); keys have tighter ranges
// in check.cpp (page sides, dpi, the pixels they make).
inline constexpr double kMaxTemplateNumber = 100'000;
// Page sides in mm, and the most pixels a page or its reference image may make (at 300 dpi for
// the page, at its own dpi for the reference): PageSourceLimits' default, so a template can never
// ask for a raster kamiflow would refuse to decode.
inline constexpr double kMinPageSideMm = 10, kMaxPageSideMm = 1200;
inline constexpr double kMinReferenceDpi = 50, kMaxReferenceDpi = 1200;
inline constexpr double kMaxTemplatePixels = 120'000'000;

// `image` (relative to `template_dir` or absolute) resolved with symlinks followed, when that
// lies inside the template's folder; otherwise InvalidInput naming the folder.
[[nodiscard]] Result<std::string> reference_inside(const std::string& image, const std::string& template_dir);

}  // namespace kamiflow::template_detail
