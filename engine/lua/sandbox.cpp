// What a sandboxed script can see. The rule is an allow-list: a fresh state gets only the
// libraries opened here, minus the functions that reach the file system, the process or Lua's
// internals. Anything more enters through a granted capability (LuaRuntime::offer_capability).
//
//   base       without dofile, loadfile (file system) and with `load` forced to text mode
//              (binary chunks can break the VM's memory safety). print stays: it only writes
//              to stdout, which is the script's own output. Two functions are replaced because
//              Lua runs some script code with hooks switched off, where the instruction budget
//              cannot reach it: setmetatable refuses __gc (finalizers run hook-less), and
//              xpcall skips the script's message handler once the runtime is spent (a handler
//              called for an error raised by the hook itself runs hook-less too).
//   string     without string.dump (produces bytecode); its metatable is locked so
//              getmetatable("") reveals nothing.
//   table, math, utf8, coroutine
//              pure computation. Coroutines inherit the count hook, so the budget covers them.
//   os         only time, clock, date, difftime: they read the clock and format dates, which
//              workflows need for timestamps; exit, execute, getenv, remove, rename, tmpname and
//              setlocale are not there. The whole os library is the "os" capability.
//   io, debug, package/require
//              absent. io is the "io" capability; debug and package are never offered (debug
//              could remove the instruction hook; package loads native code).
#include "engine/lua/runtime_internal.hpp"

namespace kamiflow::lua_detail {
namespace {

// load(chunk [, chunkname [, mode [, env]]]) with mode always "t". The original `load` is the
// closure's upvalue; the arguments pass through unchanged otherwise (an explicit nil env stays
// an explicit nil, as in the original).
int text_only_load(lua_State* L) {
  const int nargs = lua_gettop(L);
  // Checked here so misuse is reported as 'load' (the original is no longer a global, so its own
  // messages would name it '?').
  const int chunk_type = lua_type(L, 1);
  if (chunk_type != LUA_TSTRING && chunk_type != LUA_TNUMBER && chunk_type != LUA_TFUNCTION)
    return luaL_typeerror(L, 1, "string or function");
  luaL_optstring(L, 2, nullptr);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_pushvalue(L, 1);
  if (nargs >= 2)
    lua_pushvalue(L, 2);
  else
    lua_pushnil(L);
  lua_pushliteral(L, "t");
  int call_args = 3;
  if (nargs >= 4) {
    lua_pushvalue(L, 4);
    call_args = 4;
  }
  lua_call(L, call_args, LUA_MULTRET);
  return lua_gettop(L) - nargs;
}

bool spent(const LuaRuntime::Limits& limits) {
  return limits.budget_exhausted || limits.time_exceeded || limits.memory_exceeded;
}

// setmetatable(table, metatable|nil), as in the base library, but a metatable with a __gc
// field is refused: finalizers run with hooks off, so `__gc = function() while true do end end`
// would be a loop no budget stops. Only setmetatable marks a table for finalization (adding
// __gc later has no effect), so checking here is enough.
int setmetatable_without_gc(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  const int mt_type = lua_type(L, 2);
  luaL_argexpected(L, mt_type == LUA_TNIL || mt_type == LUA_TTABLE, 2, "nil or table");
  if (mt_type == LUA_TTABLE) {
    lua_pushliteral(L, "__gc");
    if (lua_rawget(L, 2) != LUA_TNIL) return luaL_argerror(L, 2, "__gc metamethods are not allowed in the sandbox");
    lua_pop(L, 1);
  }
  if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL) return luaL_error(L, "cannot change a protected metatable");
  lua_settop(L, 2);
  lua_setmetatable(L, 1);
  return 1;
}

// The message handler xpcall really installs: the script's handler (upvalue 1) runs only while
// the runtime is not spent. Once it is, every error may come from the hook, and Lua calls the
// handler for those with hooks off.
int handler_unless_spent(lua_State* L) {
  if (spent(limits_of(L))) return 1;  // the error object, unchanged
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, 1);
  return 1;
}

int finish_xpcall(lua_State* L, int status, lua_KContext results_base) {
  if (status != LUA_OK && status != LUA_YIELD) {
    lua_pushboolean(L, 0);
    lua_pushvalue(L, -2);  // the (handled) error
    return 2;
  }
  return lua_gettop(L) - static_cast<int>(results_base);
}

// xpcall(f, msgh, ...) with msgh wrapped by handler_unless_spent. Uses lua_pcallk with a
// continuation so coroutines can still yield across it, like the original.
int xpcall_guarded(lua_State* L) {
  const int nargs = lua_gettop(L);
  luaL_checktype(L, 2, LUA_TFUNCTION);
  lua_pushvalue(L, 2);
  lua_pushcclosure(L, handler_unless_spent, 1);
  lua_replace(L, 2);
  lua_pushboolean(L, 1);  // first result on success
  lua_pushvalue(L, 1);    // the function
  lua_rotate(L, 3, 2);    // ... below the function's arguments: f, handler, true, f, args...
  const int status = lua_pcallk(L, nargs - 2, LUA_MULTRET, 2, 2, finish_xpcall);
  return finish_xpcall(L, status, 2);
}

void open_library(lua_State* L, const char* name, lua_CFunction open) {
  luaL_requiref(L, name, open, 1);
  lua_pop(L, 1);
}

void remove_field(lua_State* L, int table, const char* name) {
  lua_pushnil(L);
  lua_setfield(L, table, name);
}

void restrict_base(lua_State* L) {
  lua_pushglobaltable(L);
  const int g = lua_gettop(L);
  remove_field(L, g, "dofile");
  remove_field(L, g, "loadfile");
  lua_getfield(L, g, "load");
  lua_pushcclosure(L, text_only_load, 1);
  lua_setfield(L, g, "load");
  lua_pushcfunction(L, setmetatable_without_gc);
  lua_setfield(L, g, "setmetatable");
  lua_pushcfunction(L, xpcall_guarded);
  lua_setfield(L, g, "xpcall");
  lua_pop(L, 1);
}

void restrict_string(lua_State* L) {
  lua_getglobal(L, LUA_STRLIBNAME);
  remove_field(L, lua_gettop(L), "dump");
  lua_pop(L, 1);
  // All strings share one metatable whose __index is the string table. Locking it stops scripts
  // from reading or swapping it (getmetatable("") returns false; setmetatable refuses strings).
  lua_pushliteral(L, "");
  if (lua_getmetatable(L, -1) != 0) {
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

void open_restricted_os(lua_State* L) {
  luaopen_os(L);  // the full table, only to copy the harmless functions out of it
  const int full = lua_gettop(L);
  lua_createtable(L, 0, 4);
  for (const char* name : {"time", "clock", "date", "difftime"}) {
    lua_getfield(L, full, name);
    lua_setfield(L, -2, name);
  }
  lua_setglobal(L, LUA_OSLIBNAME);
  lua_pop(L, 1);
}

}  // namespace

void open_sandbox_libraries(lua_State* L) {
  open_library(L, LUA_GNAME, luaopen_base);
  open_library(L, LUA_STRLIBNAME, luaopen_string);
  open_library(L, LUA_TABLIBNAME, luaopen_table);
  open_library(L, LUA_MATHLIBNAME, luaopen_math);
  open_library(L, LUA_UTF8LIBNAME, luaopen_utf8);
  open_library(L, LUA_COLIBNAME, luaopen_coroutine);
  restrict_base(L);
  restrict_string(L);
  replace_pattern_functions(L);
  open_restricted_os(L);
}

int open_io_capability(lua_State* L) { return luaopen_io(L); }
int open_os_capability(lua_State* L) { return luaopen_os(L); }

}  // namespace kamiflow::lua_detail
