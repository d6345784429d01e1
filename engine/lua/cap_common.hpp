// Shared by the lua_cap_*.cpp bindings (kamiflow.fs/csv/json/http/exec): finding the grants
// attached to a state, the two error channels and JSON <-> Lua. Not a public API.
#pragma once

#include <lua.hpp>

#include <nlohmann/json.hpp>

#include "engine/lua/capabilities.hpp"
#include "kamiflow/status.hpp"

namespace kamiflow::lua_cap {

// The grants attached by a GrantScope; raises "capability 'name' not granted to this workflow
// (declare capabilities.name)" when there are none or `name` is not among them.
WorkflowGrants& require(lua_State* L, const char* name);
// The fs roots, for modules that touch files (fs, csv): raises naming `module` when fs is absent.
const FsRoots& require_roots(lua_State* L, const char* module);

// Expected failure: pushes nil, message and returns 2. PermissionDenied is not expected (the
// script asked for something its declaration does not allow), so that one raises instead.
int fail(lua_State* L, const Status& st);

// JSON value → Lua (null → nil, objects → tables, arrays → lists). Raises on stack overflow.
void push_json(lua_State* L, const nlohmann::json& value);
// Lua value at `arg` → JSON; raises "bad argument #arg" when it cannot be converted.
nlohmann::json check_json(lua_State* L, int arg);

// Optional string-keyed table field readers for option tables at `arg` (raise on wrong types).
double opt_number_field(lua_State* L, int arg, const char* key, double fallback);
std::string opt_string_field(lua_State* L, int arg, const char* key, const std::string& fallback);

int open_fs(lua_State* L);
int open_csv(lua_State* L);
int open_json(lua_State* L);
int open_http(lua_State* L);
int open_exec(lua_State* L);
int open_web(lua_State* L);

// capabilities.web → g.web (web_grant.cpp).
[[nodiscard]] Status grant_web(const nlohmann::json& decl, WorkflowGrants& g);

}  // namespace kamiflow::lua_cap
