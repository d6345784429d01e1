// The sandbox's allow-list, and a table of escape attempts that must each fail in a specific way.
#include <gtest/gtest.h>
#include <lua.hpp>

#include <set>
#include <string>

#include "engine/lua/runtime.hpp"

namespace kamiflow {
namespace {

std::unique_ptr<LuaRuntime> sandbox() {
  auto runtime = LuaRuntime::create();
  EXPECT_TRUE(runtime.ok()) << runtime.status().ToString();
  return std::move(runtime).value();
}

// The keys of the table `expr` evaluates to.
std::set<std::string> keys_of(LuaRuntime& rt, const std::string& expr) {
  std::string code = "local out = {} for k in pairs(" + expr + ") do out[#out + 1] = tostring(k) end "
                     "return table.concat(out, ' ')";
  EXPECT_TRUE(rt.run_string(code, "keys", 1).ok());
  std::set<std::string> keys;
  std::string all = lua_tostring(rt.state(), -1);
  lua_pop(rt.state(), 1);
  size_t start = 0;
  while (start < all.size()) {
    size_t end = all.find(' ', start);
    if (end == std::string::npos) end = all.size();
    keys.insert(all.substr(start, end - start));
    start = end + 1;
  }
  return keys;
}

TEST(LuaSandbox, GlobalsAreExactlyTheAllowList) {
  auto rt = sandbox();
  const std::set<std::string> expected = {
      "_G",       "_VERSION", "assert",   "collectgarbage", "error",  "getmetatable", "ipairs",
      "load",     "next",     "pairs",    "pcall",          "print",  "rawequal",     "rawget",
      "rawlen",   "rawset",   "select",   "setmetatable",   "tonumber", "tostring",   "type",
      "warn",     "xpcall",   "string",   "table",          "math",   "utf8",         "coroutine",
      "os",       "kamiflow"};
  EXPECT_EQ(keys_of(*rt, "_G"), expected);
  EXPECT_EQ(keys_of(*rt, "os"), (std::set<std::string>{"clock", "date", "difftime", "time"}));
  EXPECT_EQ(keys_of(*rt, "kamiflow"), (std::set<std::string>{"args", "log", "text", "version"}));
  EXPECT_EQ(keys_of(*rt, "string").count("dump"), 0u);
}

struct Escape {
  const char* name;
  const char* code;
  const char* error;  // a substring the ScriptError message must contain
};

class SandboxEscape : public ::testing::TestWithParam<Escape> {};

TEST_P(SandboxEscape, FailsWithSpecificError) {
  auto rt = sandbox();
  Status st = rt->run_string(GetParam().code, "escape.lua");
  ASSERT_EQ(st.code(), StatusCode::kScriptError) << st.ToString();
  EXPECT_NE(st.message().find(GetParam().error), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("escape.lua:"), std::string::npos) << st.message();  // names file:line
}

const Escape kEscapes[] = {
    {"io_open", "io.open('/etc/passwd')", "attempt to index a nil value (global 'io')"},
    {"io_via_G", "_G.io.popen('id')", "attempt to index a nil value (field 'io')"},
    {"io_rawget", "rawget(_G, 'io').lines('/etc/passwd')", "attempt to index a nil value"},
    {"os_execute", "os.execute('touch /tmp/kamiflow-pwned')", "attempt to call a nil value (field 'execute')"},
    {"os_getenv", "os.getenv('HOME')", "attempt to call a nil value (field 'getenv')"},
    {"os_exit", "os.exit(0)", "attempt to call a nil value (field 'exit')"},
    {"os_remove", "os.remove('/tmp/x')", "attempt to call a nil value (field 'remove')"},
    {"require", "require 'x'", "attempt to call a nil value (global 'require')"},
    {"package_loadlib", "package.loadlib('libc.so.6', 'system')", "attempt to index a nil value (global 'package')"},
    {"debug_getinfo", "debug.getinfo(1)", "attempt to index a nil value (global 'debug')"},
    {"debug_sethook", "debug.sethook()", "attempt to index a nil value (global 'debug')"},
    {"string_dump", "string.dump(print)", "attempt to call a nil value (field 'dump')"},
    {"string_method_dump", "local f = function() end return (''):dump(f)", "attempt to call a nil value (method 'dump')"},
    {"load_binary", "assert(load('\\27Lua\\84\\0'))", "attempt to load a binary chunk (mode is 't')"},
    {"load_binary_mode_b", "assert(load('\\27Lua\\84\\0', 'x', 'b'))", "attempt to load a binary chunk (mode is 't')"},
    {"load_binary_reader",
     "local sent = false\n"
     "assert(load(function() if sent then return nil end sent = true return '\\27Lua\\84' end, 'r', 'bt'))",
     "attempt to load a binary chunk (mode is 't')"},
    {"load_text_env_still_sandboxed", "assert(load('return io.open', 'inner', 't', _G))()",
     "attempt to index a nil value (global 'io')"},
    {"load_misuse", "load({})", "bad argument #1 to 'load' (string or function expected, got table)"},
    {"dofile", "dofile('/etc/passwd')", "attempt to call a nil value (global 'dofile')"},
    {"loadfile", "loadfile('/etc/passwd')", "attempt to call a nil value (global 'loadfile')"},
    {"string_metatable_index", "getmetatable('').__index.dump = nil", "attempt to index a boolean value"},
    {"string_metatable_replace", "setmetatable('', {})", "bad argument #1 to 'setmetatable' (table expected, got string)"},
    {"gc_finalizer", "setmetatable({}, {__gc = function() while true do end end})",
     "bad argument #2 to 'setmetatable' (__gc metamethods are not allowed in the sandbox)"},
    {"protected_metatable", "local t = setmetatable({}, {__metatable = 'locked'}) setmetatable(t, {})",
     "cannot change a protected metatable"},
    {"collectgarbage_no_escape", "collectgarbage('collect') return io.write('x')",
     "attempt to index a nil value (global 'io')"},
    {"coroutine_no_escape", "coroutine.wrap(function() return os.execute('id') end)()",
     "attempt to call a nil value (field 'execute')"},
};

INSTANTIATE_TEST_SUITE_P(LuaSandbox, SandboxEscape, ::testing::ValuesIn(kEscapes),
                         [](const ::testing::TestParamInfo<Escape>& info) { return std::string(info.param.name); });

TEST(LuaSandbox, TextLoadStillWorks) {
  auto rt = sandbox();
  ASSERT_TRUE(rt->run_string("return load('return 6 * 7')()", "load", 1).ok());
  EXPECT_EQ(lua_tointeger(rt->state(), -1), 42);
  lua_pop(rt->state(), 1);
  // An explicit env is honoured, as in plain Lua.
  ASSERT_TRUE(rt->run_string("return load('return x', 'c', 't', {x = 'env'})()", "load", 1).ok());
  EXPECT_STREQ(lua_tostring(rt->state(), -1), "env");
  lua_pop(rt->state(), 1);
}

TEST(LuaSandbox, ReplacedBaseFunctionsBehaveLikeTheOriginals) {
  auto rt = sandbox();
  ASSERT_TRUE(rt->run_string("local t = setmetatable({}, {__index = function() return 'meta' end})\n"
                             "local ok, msg = xpcall(error, function(m) return 'handled ' .. m end, 'oops')\n"
                             "local co = coroutine.wrap(function() return xpcall(coroutine.yield, print, 'y') end)\n"
                             "return t.x .. ' ' .. tostring(ok) .. ' ' .. msg .. ' ' .. co() .. ' ' .. "
                             "select('#', xpcall(function(...) return ... end, print, 1, 2, 3))",
                             "replaced", 1)
                  .ok());
  EXPECT_STREQ(lua_tostring(rt->state(), -1), "meta false handled oops y 4");
}

TEST(LuaSandbox, SafeOsFunctionsWork) {
  auto rt = sandbox();
  ASSERT_TRUE(rt->run_string("return os.date('!%Y-%m-%d', 0) .. ' ' .. math.type(os.time())", "os", 1).ok());
  EXPECT_STREQ(lua_tostring(rt->state(), -1), "1970-01-01 integer");
}

}  // namespace
}  // namespace kamiflow
