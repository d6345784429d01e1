// kamiflow.exec: run a program declared in capabilities.exec.commands (cap_exec.hpp).
//   run{ cmd = "/usr/bin/echo", args = {"a", "b"}, timeout_s = 5 } → result | nil, message
// result = { code = 0, stdout = "...", stderr = "...", signal = 0, truncated = false }. No shell,
// no inherited environment. An undeclared command raises; a timeout (the process group is killed)
// or a program that cannot start returns nil, message. A non-zero exit is a result, not a failure.
#include <chrono>
#include <string>
#include <vector>

#include "engine/lua/cap_common.hpp"
#include "engine/lua/runtime_internal.hpp"

namespace kamiflow::lua_cap {
namespace {

std::vector<std::string> check_args(lua_State* L, int spec) {
  std::vector<std::string> args;
  lua_getfield(L, spec, "args");
  if (!lua_isnil(L, -1)) {
    if (!lua_istable(L, -1)) luaL_argerror(L, 1, "field 'args' must be a list of strings");
    const lua_Integer n = luaL_len(L, -1);
    for (lua_Integer i = 1; i <= n; ++i) {
      lua_rawgeti(L, -1, i);
      std::size_t len = 0;
      const char* s = lua_tolstring(L, -1, &len);
      if (s == nullptr) luaL_argerror(L, 1, lua_pushfstring(L, "args[%d] is not a string", static_cast<int>(i)));
      args.emplace_back(s, len);
      lua_pop(L, 1);
    }
  }
  lua_pop(L, 1);
  return args;
}

int exec_run(lua_State* L) {
  const WorkflowGrants& grants = require(L, "exec");
  luaL_checktype(L, 1, LUA_TTABLE);
  const std::string cmd = opt_string_field(L, 1, "cmd", "");
  if (cmd.empty()) luaL_argerror(L, 1, "field 'cmd' (the program) is required");
  std::vector<std::string> args = check_args(L, 1);
  ExecOptions options;
  const double timeout_s = opt_number_field(L, 1, "timeout_s", grants.exec_timeout_s);
  options.timeout = std::chrono::milliseconds(static_cast<long long>(timeout_s * 1000));
  return lua_detail::guarded(L, [&] {
    auto r = grants.exec->run(cmd, args, options);
    if (!r.ok()) return fail(L, r.status());
    lua_createtable(L, 0, 5);
    lua_pushinteger(L, r->exit_code);
    lua_setfield(L, -2, "code");
    lua_pushlstring(L, r->out.data(), r->out.size());
    lua_setfield(L, -2, "stdout");
    lua_pushlstring(L, r->err.data(), r->err.size());
    lua_setfield(L, -2, "stderr");
    lua_pushinteger(L, r->term_signal);
    lua_setfield(L, -2, "signal");
    lua_pushboolean(L, r->truncated ? 1 : 0);
    lua_setfield(L, -2, "truncated");
    return 1;
  });
}

constexpr luaL_Reg kExecFunctions[] = {{"run", exec_run}, {nullptr, nullptr}};

}  // namespace

int open_exec(lua_State* L) {
  luaL_newlib(L, kExecFunctions);
  return 1;
}

}  // namespace kamiflow::lua_cap
