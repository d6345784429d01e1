// The Lua state's life cycle and its two limits: a capping allocator and a sticky count hook.
// What the sandbox contains is lua_sandbox.cpp; the kamiflow module is lua_kamiflow_module.cpp.
#include "engine/lua/runtime.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "engine/lua/runtime_internal.hpp"

namespace kamiflow {
namespace {

constexpr std::size_t kMiB = std::size_t{1} << 20;
// Once the cap is hit, this much more is allowed so the error message and traceback can still be
// built; the script itself cannot use it, because every further instruction raises.
constexpr std::size_t kErrorSlackBytes = kMiB;
// Finalizers still run in lua_close; they get this budget even when the script's was unlimited.
constexpr std::uint64_t kCloseBudget = 10'000'000;

std::string memory_message(const LuaRuntime::Limits& limits) {
  return "memory limit exceeded (" + std::to_string((limits.max_bytes + kMiB - 1) / kMiB) + " MiB)";
}

void count_hook(lua_State* L, lua_Debug* ar);

// The cap was really hit. The hook then raises on the very next instruction, not up to
// hook_period (100,000 when no budget is set) later: a script that pcalls the failing
// allocation and ends before then would otherwise exit 0 (call() checks the flag as well).
void mark_memory_exceeded(LuaRuntime::Limits& limits) {
  if (limits.memory_exceeded) return;
  limits.memory_exceeded = true;
  if (limits.state != nullptr) lua_sethook(limits.state, count_hook, LUA_MASKCOUNT, 1);
}

void* capped_alloc(void* ud, void* ptr, std::size_t osize, std::size_t nsize) {
  auto* limits = static_cast<LuaRuntime::Limits*>(ud);
  const std::size_t old_size = ptr != nullptr ? osize : 0;  // for new blocks osize is a type tag
  if (nsize == 0) {
    std::free(ptr);
    limits->used_bytes -= old_size;
    return nullptr;
  }
  // Shrinking must never fail (Lua relies on it), so only growth is checked.
  if (nsize > old_size) {
    // A refusal followed by anything but Lua's retry of the same request (after its emergency
    // GC) was final: lauxlib's string buffers call the allocator directly and never retry.
    if (limits->refusal_pending && (ptr != limits->pending_ptr || nsize != limits->pending_size))
      mark_memory_exceeded(*limits);
    const std::size_t cap = limits->max_bytes + (limits->memory_exceeded ? kErrorSlackBytes : 0);
    if (limits->used_bytes - old_size + nsize > cap) {
      // Lua answers a refusal with an emergency full GC and one retry. Only when the retry is
      // refused too has the script really outgrown the cap; then the state is spent.
      if (limits->refusal_pending) mark_memory_exceeded(*limits);
      limits->refusal_pending = true;
      limits->pending_ptr = ptr;
      limits->pending_size = nsize;
      return nullptr;
    }
  }
  void* grown = std::realloc(ptr, nsize);
  if (grown == nullptr) return nullptr;
  limits->used_bytes = limits->used_bytes - old_size + nsize;
  limits->refusal_pending = false;
  return grown;
}

// Raises from inside the hook, prefixed with the script position the hook fired at.
[[noreturn]] void raise_from_hook(lua_State* L, lua_Debug* ar, const char* message) {
  if (lua_getinfo(L, "Sl", ar) != 0 && ar->currentline > 0)
    lua_pushfstring(L, "%s:%d: %s", ar->short_src, ar->currentline, message);
  else
    lua_pushstring(L, message);
  lua_error(L);
  std::abort();  // not reached: lua_error does not return
}

// Counts instructions in steps of hook_period. Once the budget (or the memory cap) is spent it
// re-arms itself to fire on *every* instruction of whichever thread it runs in: a pcall may
// catch the first error, but the next instruction after the pcall raises again, so the error
// climbs out of any nesting of pcall, xpcall and coroutines.
void count_hook(lua_State* L, lua_Debug* ar) {
  LuaRuntime::Limits& limits = lua_detail::limits_of(L);
  // Between instructions no retry is under way: a refusal still pending was final.
  if (limits.refusal_pending) limits.memory_exceeded = true;
  char message[96];
  if (limits.memory_exceeded) {
    std::snprintf(message, sizeof message, "memory limit exceeded (%zu MiB)", (limits.max_bytes + kMiB - 1) / kMiB);
  } else {
    if (!limits.budget_exhausted && !limits.time_exceeded) {
      limits.used_instructions += static_cast<std::uint64_t>(limits.hook_period);
      if (limits.max_instructions != 0 && limits.used_instructions > limits.max_instructions)
        limits.budget_exhausted = true;
      else if (limits.max_seconds > 0 && std::chrono::steady_clock::now() > limits.deadline)
        limits.time_exceeded = true;
      else
        return;
    }
    if (limits.budget_exhausted)
      std::snprintf(message, sizeof message, "instruction budget exceeded (%llu instructions)",
                    static_cast<unsigned long long>(limits.max_instructions));
    else
      std::snprintf(message, sizeof message, "time limit exceeded (%g s)", limits.max_seconds);
  }
  lua_sethook(L, count_hook, LUA_MASKCOUNT, 1);
  raise_from_hook(L, ar, message);
}

}  // namespace

void lua_detail::charge_pattern_steps(lua_State* L, unsigned instructions) {
  LuaRuntime::Limits& limits = lua_detail::limits_of(L);
  if (!limits.budget_exhausted && !limits.time_exceeded) {
    limits.used_instructions += instructions;
    if (limits.max_instructions != 0 && limits.used_instructions > limits.max_instructions)
      limits.budget_exhausted = true;
    else if (limits.max_seconds > 0 && std::chrono::steady_clock::now() > limits.deadline)
      limits.time_exceeded = true;
    else
      return;
  }
  // From now on every instruction raises again (count_hook), in this thread and the main one,
  // so a pcall around the match does not keep the script alive.
  lua_sethook(L, count_hook, LUA_MASKCOUNT, 1);
  if (limits.state != nullptr) lua_sethook(limits.state, count_hook, LUA_MASKCOUNT, 1);
  if (limits.budget_exhausted)
    luaL_error(L, "instruction budget exceeded (%I instructions)", static_cast<lua_Integer>(limits.max_instructions));
  luaL_error(L, "time limit exceeded (%f s)", limits.max_seconds);
}

namespace {

void arm_hook(lua_State* L, LuaRuntime::Limits& limits) {
  limits.used_instructions = 0;
  if (limits.max_seconds > 0)
    limits.deadline = std::chrono::steady_clock::now() +
                      std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                          std::chrono::duration<double>(limits.max_seconds));
  if (limits.max_instructions == 0 && limits.max_seconds <= 0)
    limits.hook_period = 100'000;  // still armed: it re-raises a memory error after a pcall
  else if (limits.max_instructions == 0)
    limits.hook_period = 1000;
  else
    limits.hook_period = static_cast<int>(std::min<std::uint64_t>(1000, limits.max_instructions));
  lua_sethook(L, count_hook, LUA_MASKCOUNT, limits.hook_period);
}

// Adds a traceback to runtime errors, as lua.c does; non-string error objects are described.
int message_handler(lua_State* L) {
  const char* msg = lua_tostring(L, 1);
  if (msg == nullptr) {
    if (luaL_callmeta(L, 1, "__tostring") != 0 && lua_type(L, -1) == LUA_TSTRING)
      msg = lua_tostring(L, -1);
    else
      msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
  }
  luaL_traceback(L, L, msg, 1);
  return 1;
}

// Warnings (lua_warn, errors in __gc) go to the logger; "@on"-style control messages are ignored.
void warn_to_logger(void* ud, const char* msg, int tocont) {
  auto* limits = static_cast<LuaRuntime::Limits*>(ud);
  try {
    if (limits->warning.empty() && tocont == 0 && msg[0] == '@') return;
    limits->warning += msg;
    if (tocont != 0) return;
    const Logger& logger = limits->owner->options().logger;
    if (logger) logger->warn("lua warning: {}", limits->warning);
  } catch (const std::exception&) {
    // logging never throws into the caller
  }
  limits->warning.clear();
}

int panic_handler(lua_State* L) {
  const char* msg = lua_tostring(L, -1);
  std::fprintf(stderr, "kamiflow: unprotected Lua error: %s\n", msg != nullptr ? msg : "?");
  return 0;  // Lua aborts
}

int setup_state(lua_State* L) {
  lua_detail::open_sandbox_libraries(L);
  lua_detail::open_kamiflow_module(L, lua_detail::runtime_of(L));
  return 0;
}

struct CapabilityOffer {
  const std::string* name;
  LuaCapabilityOpener open;
};

int install_capability(lua_State* L) {
  const auto* offer = static_cast<const CapabilityOffer*>(lua_touserdata(L, 1));
  lua_pushcfunction(L, offer->open);
  lua_call(L, 0, 1);
  lua_setglobal(L, offer->name->c_str());
  return 0;
}

}  // namespace

LuaRuntime::LuaRuntime(LuaRuntimeOptions options)
    : options_(std::move(options)), limits_(std::make_unique<Limits>()) {
  limits_->owner = this;
  limits_->max_bytes = options_.max_memory_bytes;
  limits_->max_instructions = options_.max_instructions;
  limits_->max_seconds = options_.max_seconds;
}

Result<std::unique_ptr<LuaRuntime>> LuaRuntime::create(LuaRuntimeOptions options) {
  std::unique_ptr<LuaRuntime> runtime(new LuaRuntime(std::move(options)));
  Limits* limits = runtime->limits_.get();
  runtime->L_ = lua_newstate(capped_alloc, limits);
  if (runtime->L_ == nullptr) return Status::ResourceLimit("cannot create a Lua state: " + memory_message(*limits));
  *static_cast<Limits**>(lua_getextraspace(runtime->L_)) = limits;
  limits->state = runtime->L_;
  lua_atpanic(runtime->L_, panic_handler);
  lua_setwarnf(runtime->L_, warn_to_logger, limits);

  lua_pushcfunction(runtime->L_, setup_state);
  KF_RETURN_IF_ERROR(runtime->call(0, 0).WithContext("setting up the Lua sandbox"));
  for (const auto& [name, open] : {std::pair<std::string, LuaCapabilityOpener>{"io", lua_detail::open_io_capability},
                                   {"os", lua_detail::open_os_capability}}) {
    Result<bool> offered = runtime->offer_capability(name, open);
    if (!offered.ok()) return offered.status();
  }
  return runtime;
}

LuaRuntime::~LuaRuntime() {
  if (L_ == nullptr) return;
  // __gc finalizers run inside lua_close: keep them bounded too.
  if (!limits_->budget_exhausted && !limits_->time_exceeded && !limits_->memory_exceeded) {
    limits_->max_instructions = kCloseBudget;
    limits_->max_seconds = 0;
    arm_hook(L_, *limits_);
  }
  lua_close(L_);
}

Status LuaRuntime::call(int nargs, int nresults) {
  const int func = lua_gettop(L_) - nargs;
  if (!limits_->spent.ok()) {
    lua_settop(L_, func - 1);
    return limits_->spent;
  }
  arm_hook(L_, *limits_);
  lua_pushcfunction(L_, message_handler);
  lua_insert(L_, func);
  const int status = lua_pcall(L_, nargs, nresults, func);
  if (status == LUA_OK && (limits_->memory_exceeded || limits_->refusal_pending)) {
    limits_->memory_exceeded = true;
    // The script caught the memory error (pcall) and ended before the hook raised it again:
    // the cap was still hit, and docs/lua-api.md says that ends the script.
    lua_settop(L_, func - 1);
    limits_->spent = Status::ResourceLimit(memory_message(*limits_));
    return limits_->spent;
  }
  if (status == LUA_OK) {
    lua_remove(L_, func);
    return Status::Ok();
  }
  const char* raw = lua_tostring(L_, -1);
  std::string message = raw != nullptr ? raw : "(no error message)";
  lua_settop(L_, func - 1);

  if (limits_->memory_exceeded || status == LUA_ERRMEM) {
    limits_->memory_exceeded = true;
    // An allocation refused outside any instruction surfaces as Lua's bare "not enough memory".
    if (message.find("memory limit exceeded") == std::string::npos) message = memory_message(*limits_);
    limits_->spent = Status::ResourceLimit(message);
    return limits_->spent;
  }
  if (limits_->budget_exhausted || limits_->time_exceeded) {
    limits_->spent = Status::Timeout(message);
    return limits_->spent;
  }
  if (status == LUA_ERRRUN || status == LUA_ERRERR || status == LUA_ERRSYNTAX) return Status::ScriptError(message);
  // Lua's C++ build catches *any* exception in a protected call: a binding let one escape.
  return Status::Internal("Lua call failed with status " + std::to_string(status) + ": " + message);
}

Status LuaRuntime::load_and_call(int load_status, int nresults) {
  if (load_status != LUA_OK) {
    const char* raw = lua_tostring(L_, -1);
    std::string message = raw != nullptr ? raw : "(no error message)";
    lua_pop(L_, 1);
    if (load_status == LUA_ERRFILE) return Status::NotFound(message);
    if (load_status == LUA_ERRMEM) return Status::ResourceLimit(memory_message(*limits_));
    return Status::ScriptError(message);
  }
  return call(0, nresults);
}

Status LuaRuntime::run_file(const std::string& path, int nresults) {
  if (!limits_->spent.ok()) return limits_->spent;
  return load_and_call(luaL_loadfilex(L_, path.c_str(), "t"), nresults);
}

Status LuaRuntime::run_string(std::string_view code, std::string_view chunk_name, int nresults) {
  if (!limits_->spent.ok()) return limits_->spent;
  std::string name = "@";  // '@': messages name the chunk like a file ("name:line:")
  name += chunk_name;
  return load_and_call(luaL_loadbufferx(L_, code.data(), code.size(), name.c_str(), "t"), nresults);
}

Result<bool> LuaRuntime::offer_capability(const std::string& name, LuaCapabilityOpener open) {
  if (!granted(name)) return false;
  CapabilityOffer offer{&name, open};
  lua_pushcfunction(L_, install_capability);
  lua_pushlightuserdata(L_, &offer);
  KF_RETURN_IF_ERROR(call(1, 0).WithContext("opening capability '" + name + "'"));
  return true;
}

bool LuaRuntime::granted(std::string_view capability) const {
  return options_.capabilities.count(std::string(capability)) != 0;
}

std::size_t LuaRuntime::memory_used() const { return limits_->used_bytes; }
std::uint64_t LuaRuntime::instructions_used() const { return limits_->used_instructions; }

}  // namespace kamiflow
