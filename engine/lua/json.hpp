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

// JSON text → nlohmann::json, refusing (before parsing) text whose arrays and objects nest
// deeper than `max_depth`: the parser, the json destructor and the conversion to Lua all recurse
// once per level, so 30,000 nested "[" from an HTTP answer would overflow the C stack. Returns
// InvalidInput "not valid JSON" or "JSON nested deeper than N levels".
inline constexpr int kMaxJsonDecodeDepth = 128;
[[nodiscard]] Result<nlohmann::json> parse_json_bounded(std::string_view text, int max_depth = kMaxJsonDecodeDepth);

// True for arrays and for the empty object (an empty Lua table is both).
inline bool is_list_like(const nlohmann::json& j) { return j.is_array() || (j.is_object() && j.empty()); }

}  // namespace kamiflow::lua_detail
