// kamiflow::ocr::check_entry: a value a person typed for a field (a reviewer's correction) put
// through the field's own normalisers and validators — the very chain an OCR read goes through
// (field_postprocess.cpp) — so a correction can never store what the pipeline would have flagged:
// 令和7年4月10日 becomes 2025-04-10, 1000001 becomes 100-0001, and a choice must be one of the
// template's options (its value, or its printed label: 男 → male).
//
// Contract: pure; thread-safe. InvalidInput carries a reason a clerk can act on, in Japanese,
// followed by the rule's own message.
#pragma once

#include <string>
#include <string_view>

#include "kamiflow/ocr/form_template.hpp"
#include "kamiflow/status.hpp"

namespace kamiflow::ocr {

// The canonical value to store, or why the entry is refused. Blank is accepted (as "") unless the
// field is required. Choices: options separated by "," (or 、), only one unless `multiple`.
[[nodiscard]] Result<std::string> check_entry(const FieldSpec& spec, std::string_view typed);

}  // namespace kamiflow::ocr
