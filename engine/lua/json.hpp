// Lua value → nlohmann::json, for code that reads what a script returned (template tables,
// workflow declarations, records handed back from Lua) without talking to the Lua stack.
//
// Contract: reads with raw access only (no metamethods run, so no script code runs and nothing
// can raise); never modifies the value. Tables whose keys are exactly 1..n become arrays, tables
// with only string keys become objects, the empty table becomes an empty object (use
// is_list_like() when either is fine). Functions, userdata, threads, mixed or non-string keys,
// cycles, NaN/inf and nesting deeper than `max_depth` are errors naming the path
// ("fields[2].box: a function value cannot be converted").
#pragma once

#include <lua.hpp>

#include <nlohmann/json.hpp>

#include "kamiflow/status.hpp"

namespace kamiflow::lua_detail {

[[nodiscard]] Result<nlohmann::json> lua_to_json(lua_State* L, int index, int max_depth = 32);

// True for arrays and for the empty object (an empty Lua table is both).
inline bool is_list_like(const nlohmann::json& j) { return j.is_array() || (j.is_object() && j.empty()); }

}  // namespace kamiflow::lua_detail
