// A record as the workflow's hooks see it, and back (workflow_record.cpp). Not a public API.
//
//   rec = { form = "kokuho_shutoku", file = "in/a.png", page = 1, sha256 = "…", alignment = 0.93,
//           rotation = 0, needs_review = false,
//           fields = { shimei = { value = "…", raw = "…", confidence = 0.91, flags = {…}, type = "text" }, … },
//           order = { "shimei", … },   -- field names in template order
//           extra = {} }               -- extra columns the hook adds (strings, numbers, booleans)
#pragma once

#include <lua.hpp>

#include <nlohmann/json.hpp>

#include "engine/store/journal.hpp"
#include "kamiflow/ocr/record.hpp"
#include "kamiflow/status.hpp"

namespace kamiflow::workflow_detail {

// Pushes the table above. Raises only on memory exhaustion (call it inside a protected call).
void push_record(lua_State* L, const ocr::Record& record);
// Copies fields[*].value and fields[*].flags back into `record` and returns rec.extra (an object).
// Wrong types there are InvalidInput naming the field.
[[nodiscard]] Result<nlohmann::json> read_back(lua_State* L, int index, ocr::Record& record);

// { file = …, page = N, sha256 = …, state = "quarantined" | "unclassified" }
void push_page(lua_State* L, const engine::PageRef& page, engine::PageState state);

}  // namespace kamiflow::workflow_detail
