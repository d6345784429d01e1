// kamiflow::LuaRuntime: one sandboxed Lua 5.4 state with a memory cap and an instruction budget.
//
// Contract:
//   - Owns its lua_State (RAII; closed in the destructor). Not thread-safe: one runtime per thread;
//     the workflow runs on one thread (DESIGN.md §1). Not copyable or movable (the allocator and
//     the hook keep a pointer to the runtime's bookkeeping), so it lives behind a unique_ptr.
//   - Sandboxed by default: base library without dofile/loadfile and with text-only `load`,
//     string (no string.dump), table, math, utf8, coroutine, os.time/clock/date/difftime, and the
//     `kamiflow` module. No io, os.execute/getenv/..., debug, package/require. Anything more is a
//     *capability*: a named library that enters the state only when its name was granted in
//     LuaRuntimeOptions::capabilities (see offer_capability and docs/lua-api.md).
//   - Memory: every allocation goes through an allocator that refuses to exceed
//     max_memory_bytes ("memory limit exceeded (N MiB)", StatusCode::kResourceLimit).
//   - Time: max_instructions VM instructions per entry into Lua (each run_file/run_string/call),
//     enforced by a count hook. Once spent, the hook fires on every instruction and raises again,
//     so no pcall/xpcall/coroutine trick keeps a runaway script alive
//     ("instruction budget exceeded (N instructions)", StatusCode::kTimeout). An optional
//     wall-clock limit works the same way ("time limit exceeded (N s)"). A runtime whose budget,
//     time or memory cap was hit is spent: later calls fail at once with the same Status.
//   - Errors never escape as exceptions: every entry returns Status/Result. Script errors are
//     StatusCode::kScriptError with "file:line: message" and a Lua traceback.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/logging.hpp"
#include "kamiflow/status.hpp"

struct lua_State;

namespace kamiflow {

struct LuaRuntimeOptions {
  std::size_t max_memory_bytes = std::size_t{256} << 20;  // 256 MiB
  std::uint64_t max_instructions = 1'000'000'000;          // per entry into Lua; 0 = unlimited
  // Wall-clock limit per entry; 0 = none. Instructions are not equally costly (an error thrown
  // and caught costs ~1000x a loop step, and a coroutine that runs fewer instructions than the
  // hook period is never counted), so this bounds what the budget cannot. On by default.
  double max_seconds = 60;
  std::set<std::string> capabilities;  // granted capability names ("io", "os", later "fs", "http")
  std::vector<std::string> args;       // kamiflow.args[1..n]
  Logger logger;                       // kamiflow.log.* goes here; null → dropped
};

// A library that may enter a sandbox only when granted: `open` pushes the library table (like a
// luaopen_* function) and returns 1.
using LuaCapabilityOpener = int (*)(lua_State*);

class LuaRuntime {
 public:
  [[nodiscard]] static Result<std::unique_ptr<LuaRuntime>> create(LuaRuntimeOptions options = {});
  ~LuaRuntime();
  LuaRuntime(const LuaRuntime&) = delete;
  LuaRuntime& operator=(const LuaRuntime&) = delete;

  // Runs a Lua source file (text only; binary chunks are refused). Leaves exactly `nresults`
  // values on the stack on success (missing results are nil); nothing on failure.
  [[nodiscard]] Status run_file(const std::string& path, int nresults = 0);
  // Runs `code` as a chunk named `chunk_name` (shown in messages as chunk_name:line).
  [[nodiscard]] Status run_string(std::string_view code, std::string_view chunk_name, int nresults = 0);
  // Calls the function below `nargs` arguments on the stack (like lua_pcall) with the budget
  // reset, a traceback handler and the error mapping described above. Leaves `nresults` values on
  // success; pops the function and arguments either way.
  [[nodiscard]] Status call(int nargs, int nresults);

  // Installs `open`'s library as global `name` if `name` was granted; otherwise leaves the
  // global nil (the script sees no trace of it). Returns whether it was installed, or the error
  // raised while opening it.
  [[nodiscard]] Result<bool> offer_capability(const std::string& name, LuaCapabilityOpener open);
  bool granted(std::string_view capability) const;

  // The raw state, for bindings (record tables, workflow hooks). Use call() for anything that
  // runs script code, so the budget and error mapping apply. Owned by this runtime.
  lua_State* state() const { return L_; }
  const LuaRuntimeOptions& options() const { return options_; }
  std::size_t memory_used() const;
  std::uint64_t instructions_used() const;  // in the current/last entry (hook granularity)

  struct Limits;  // allocator and hook bookkeeping (lua_runtime.cpp)

 private:
  explicit LuaRuntime(LuaRuntimeOptions options);
  Status load_and_call(int load_status, int nresults);

  LuaRuntimeOptions options_;
  std::unique_ptr<Limits> limits_;
  lua_State* L_ = nullptr;
};

}  // namespace kamiflow
