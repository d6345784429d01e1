// Internals shared by the lua_*.cpp files: the runtime's bookkeeping, the libraries the sandbox
// opens, and a guard that keeps C++ exceptions out of Lua. Not a public API.
#pragma once

#include <lua.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>

#include "engine/lua/runtime.hpp"

namespace kamiflow {

struct LuaRuntime::Limits {
  LuaRuntime* owner = nullptr;
  lua_State* state = nullptr;  // the main thread, for re-arming the hook from the allocator
  // Memory (the allocator's view; see lua_runtime.cpp for why "pending" exists).
  std::size_t max_bytes = 0;
  std::size_t used_bytes = 0;
  bool refusal_pending = false;  // one refusal seen; Lua retries once after an emergency GC
  void* pending_ptr = nullptr;   // ...the same request: which block and size were refused
  std::size_t pending_size = 0;
  bool memory_exceeded = false;  // the retry failed too: the cap was really hit (sticky)
  // Instructions (the count hook's view).
  std::uint64_t max_instructions = 0;  // 0 = unlimited
  std::uint64_t used_instructions = 0;
  int hook_period = 1000;
  bool budget_exhausted = false;  // sticky
  double max_seconds = 0;         // 0 = no wall-clock limit
  std::chrono::steady_clock::time_point deadline;
  bool time_exceeded = false;     // sticky
  std::string warning;            // lua_warn pieces until the last one arrives
  Status spent;                   // once the budget or cap was hit, every entry returns this
};

namespace lua_detail {

// The bookkeeping of the runtime that owns L (any thread of it), kept in the state's extra
// space (which coroutines inherit), and that runtime.
inline LuaRuntime::Limits& limits_of(lua_State* L) {
  return **static_cast<LuaRuntime::Limits**>(lua_getextraspace(L));
}
inline LuaRuntime& runtime_of(lua_State* L) { return *limits_of(L).owner; }

// Opens the sandboxed standard libraries into L's globals (lua_sandbox.cpp). Raises on failure.
void open_sandbox_libraries(lua_State* L);
// Sets global `kamiflow` (lua_kamiflow_module.cpp). Raises on failure.
void open_kamiflow_module(lua_State* L, LuaRuntime& runtime);
// Replaces string.find/match/gmatch/gsub with kamiflow's matcher, which counts its steps
// (pattern.cpp). Raises on failure.
void replace_pattern_functions(lua_State* L);
// Charges `instructions` to the current entry's budget and checks the wall clock; when either is
// spent, marks it (sticky, like the count hook) and raises "time limit exceeded" or
// "instruction budget exceeded". For C code that runs long without executing Lua instructions.
void charge_pattern_steps(lua_State* L, unsigned instructions);

// Pushes the kamiflow.text table (lua_text_module.cpp).
int open_text_library(lua_State* L);

// Stock capabilities: the full io and os libraries, offered by every runtime.
int open_io_capability(lua_State* L);
int open_os_capability(lua_State* L);

// Runs `body` (C++ code that may throw std::exception, e.g. bad_alloc) inside a lua_CFunction.
// A C++ exception escaping into Lua's own try/catch would become an unnamed failure, so it is
// turned into an ordinary Lua error here. Lua's own errors pass through untouched: in the C++
// build they are thrown as `lua_longjmp*`, which `catch (const std::exception&)` does not match.
template <typename Body>
int guarded(lua_State* L, Body&& body) {
  std::string what;
  try {
    return body();
  } catch (const std::exception& e) {
    what = e.what();
  }
  return luaL_error(L, "internal error: %s", what.c_str());
}

}  // namespace lua_detail
}  // namespace kamiflow
