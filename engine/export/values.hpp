// How one stored value becomes one exported cell: date styles (ISO, YYYYMMDD, 和暦, 和暦コード),
// choices as labels or ids, value maps (男 → 1), blanks. Pure functions; thread-safe.
//
// Errors are InvalidInput with a message a clerk can act on (Japanese or English, see
// engine/base/messages.hpp): a date that is not a date, a value missing from the column's map.
// The exporter then holds the record back and lists it; it never writes a guess.
#pragma once

#include <string>

#include "engine/export/profile.hpp"
#include "kamiflow/ocr/form_template.hpp"
#include "kamiflow/status.hpp"

namespace kamiflow::exporting {

// An ISO date (or any date text date_to_iso accepts, e.g. a reviewer's 令和7年4月11日) in `style`.
[[nodiscard]] Result<std::string> format_date(const std::string& value, DateStyle style);

// The cell for field `spec` holding `value`, under column `col` of `profile`.
[[nodiscard]] Result<std::string> format_field(const ocr::FieldSpec& spec, const std::string& value,
                                               const Column& col, const ExportProfile& profile);

}  // namespace kamiflow::exporting
