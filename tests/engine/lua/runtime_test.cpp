#include "engine/lua/runtime.hpp"

#include <gtest/gtest.h>
#include <lua.hpp>
#include <spdlog/sinks/ostream_sink.h>

#include <sstream>

#include "test_support.hpp"

namespace kamiflow {
namespace {

std::unique_ptr<LuaRuntime> make_runtime(LuaRuntimeOptions options = {}) {
  auto runtime = LuaRuntime::create(std::move(options));
  EXPECT_TRUE(runtime.ok()) << runtime.status().ToString();
  return std::move(runtime).value();
}

// Runs `code` and returns its single result as a string ("" + failure when it raised).
std::string eval(LuaRuntime& rt, const std::string& code) {
  Status st = rt.run_string(code, "test", 1);
  if (!st.ok()) return "error: " + st.ToString();
  size_t n = 0;
  const char* s = luaL_tolstring(rt.state(), -1, &n);
  std::string out(s, n);
  lua_pop(rt.state(), 2);
  return out;
}

TEST(LuaRuntime, RunsChunksAndLeavesRequestedResults) {
  auto rt = make_runtime();
  ASSERT_TRUE(rt->run_string("return 1 + 2, 'x'", "chunk", 2).ok());
  lua_State* L = rt->state();
  EXPECT_EQ(lua_gettop(L), 2);
  EXPECT_EQ(lua_tointeger(L, 1), 3);
  EXPECT_STREQ(lua_tostring(L, 2), "x");
  lua_settop(L, 0);
  ASSERT_TRUE(rt->run_string("x = 1", "chunk").ok());
  EXPECT_EQ(lua_gettop(L), 0);
}

TEST(LuaRuntime, ScriptErrorsNameFileLineAndCarryATraceback) {
  auto rt = make_runtime();
  const std::string path = (testing::source_dir() / "tests/lua/fails.lua").string();
  Status st = rt->run_file(path);
  ASSERT_EQ(st.code(), StatusCode::kScriptError);
  EXPECT_EQ(st.message().rfind(path + ":5: value must be positive, got -1", 0), 0u) << st.message();
  EXPECT_NE(st.message().find("stack traceback:"), std::string::npos);
  EXPECT_NE(st.message().find("fails.lua:8: in main chunk"), std::string::npos) << st.message();
  EXPECT_EQ(lua_gettop(rt->state()), 0);  // nothing left behind on failure
}

TEST(LuaRuntime, SyntaxErrorsNameFileAndLine) {
  testing::TempDir dir;
  testing::write_file(dir / "bad.lua", "local a = 1\nlocal b = = 2\n");
  auto rt = make_runtime();
  Status st = rt->run_file((dir / "bad.lua").string());
  ASSERT_EQ(st.code(), StatusCode::kScriptError);
  EXPECT_NE(st.message().find("bad.lua:2:"), std::string::npos) << st.message();
}

TEST(LuaRuntime, MissingFileIsNotFound) {
  auto rt = make_runtime();
  EXPECT_EQ(rt->run_file("/nonexistent/x.lua").code(), StatusCode::kNotFound);
}

TEST(LuaRuntime, NonStringErrorObjectsAreDescribed) {
  auto rt = make_runtime();
  Status st = rt->run_string("error({})", "chunk");
  ASSERT_EQ(st.code(), StatusCode::kScriptError);
  EXPECT_NE(st.message().find("(error object is a table value)"), std::string::npos) << st.message();
  st = rt->run_string("error(setmetatable({}, {__tostring = function() return 'custom' end}))", "chunk");
  EXPECT_EQ(st.message().rfind("custom", 0), 0u) << st.message();
}

TEST(LuaRuntime, RunawayLoopStopsWithBudgetError) {
  LuaRuntimeOptions o;
  o.max_instructions = 100'000;
  auto rt = make_runtime(o);
  Status st = rt->run_string("local n = 0\nwhile true do n = n + 1 end", "loop");
  ASSERT_EQ(st.code(), StatusCode::kTimeout);
  EXPECT_EQ(st.message().rfind("loop:2: instruction budget exceeded (100000 instructions)", 0), 0u) << st.message();
  // The runtime is spent: it refuses further work with the same status instead of resuming.
  EXPECT_EQ(rt->run_string("return 1", "again"), st);
}

// Each of these tries to survive the budget error by catching it. All must end.
class BudgetEscape : public ::testing::TestWithParam<const char*> {};

TEST_P(BudgetEscape, Ends) {
  LuaRuntimeOptions o;
  o.max_instructions = 200'000;
  auto rt = make_runtime(o);
  Status st = rt->run_string(GetParam(), "escape");
  EXPECT_EQ(st.code(), StatusCode::kTimeout) << st.ToString();
  EXPECT_NE(st.message().find("instruction budget exceeded (200000 instructions)"), std::string::npos) << st.message();
}

// Test names for the cases below, in order (ctest shows them instead of the script).
const char* const kBudgetEscapeNames[] = {"loop", "pcall_loop", "pcall_error", "xpcall_loop", "xpcall_looping_handler", "nested_pcall", "coroutine_loop", "coroutine_yield", "close_handler_loop", "gsub_callback", "sort_comparator", "xpcall_error_handler", "coroutine_xpcall_yield", "index_metamethod_recursion"};

INSTANTIATE_TEST_SUITE_P(
    LuaRuntime, BudgetEscape,
    ::testing::Values(
        "while true do end",
        "while true do pcall(function() while true do end end) end",
        "while true do pcall(error) end",
        "while true do xpcall(function() while true do end end, function(m) return m end) end",
        "while true do xpcall(function() while true do end end, function() while true do end end) end",
        "while true do pcall(pcall, pcall, function() while true do end end) end",
        "while true do local co = coroutine.wrap(function() while true do end end); pcall(co) end",
        "local co = coroutine.wrap(function() while true do coroutine.yield() end end)\n"
        "while true do pcall(co) end",
        "while true do pcall(function()\n"
        "  local guard <close> = setmetatable({}, {__close = function() while true do end end})\n"
        "  while true do end end) end",
        "while true do pcall(string.gsub, ('x'):rep(100), '.', function() while true do end end) end",
        "while true do pcall(table.sort, {3, 2, 1}, function() while true do end end) end",
        "while true do local ok = xpcall(error, function() while true do end end) end",
        "local co = coroutine.wrap(function() while true do xpcall(coroutine.yield, print) end end)\n"
        "while true do pcall(co) end",
        "local t = setmetatable({}, {__index = function(t, k) return t[k] end})\n"
        "while true do pcall(function() return t.x end) end"),
    [](const ::testing::TestParamInfo<const char*>& i) { return std::string(kBudgetEscapeNames[i.index]); });

TEST(LuaRuntime, BudgetAppliesPerEntry) {
  LuaRuntimeOptions o;
  o.max_instructions = 100'000;
  auto rt = make_runtime(o);
  for (int i = 0; i < 5; ++i)  // 5 x ~40k instructions: each run fits, their sum would not
    ASSERT_TRUE(rt->run_string("for i = 1, 10000 do end", "fits").ok()) << i;
}

TEST(LuaRuntime, WallClockLimitStopsExpensiveInstructions) {
  LuaRuntimeOptions o;
  o.max_instructions = 0;  // unlimited: only the clock can stop it
  o.max_seconds = 0.2;
  auto rt = make_runtime(o);
  Status st = rt->run_string("while true do pcall(error) end", "slow");
  ASSERT_EQ(st.code(), StatusCode::kTimeout);
  EXPECT_NE(st.message().find("time limit exceeded (0.2 s)"), std::string::npos) << st.message();
}

class MemoryEscape : public ::testing::TestWithParam<const char*> {};

TEST_P(MemoryEscape, EndsAtTheCap) {
  LuaRuntimeOptions o;
  o.max_memory_bytes = 16u << 20;
  o.max_instructions = 0;  // only the cap can stop these
  o.max_seconds = 30;      // a safety net, so a regression fails instead of hanging
  auto rt = make_runtime(o);
  Status st = rt->run_string(GetParam(), "hog");
  EXPECT_EQ(st.code(), StatusCode::kResourceLimit) << st.ToString();
  EXPECT_NE(st.message().find("memory limit exceeded (16 MiB)"), std::string::npos) << st.message();
  EXPECT_LE(rt->memory_used(), (16u << 20) + (1u << 20));
}

// Test names for the cases below, in order (ctest shows them instead of the script).
const char* const kMemoryEscapeNames[] = {"table_growth", "huge_rep", "pcall_table_growth", "pcall_string_growth"};

INSTANTIATE_TEST_SUITE_P(
    LuaRuntime, MemoryEscape,
    ::testing::Values(
        "local t = {} while true do t[#t + 1] = ('x'):rep(100) .. #t end",
        "return ('x'):rep(1 << 30)",
        "local keep = {} while true do pcall(function() for i = 1, math.maxinteger do keep[#keep + 1] = {} end end) end",
        "local keep = {} while true do pcall(function() keep[#keep + 1] = ('y'):rep(1 << 20) .. #keep end) end"),
    [](const ::testing::TestParamInfo<const char*>& i) { return std::string(kMemoryEscapeNames[i.index]); });

TEST(LuaRuntime, GarbageDoesNotCountAgainstTheCap) {
  LuaRuntimeOptions o;
  o.max_memory_bytes = 8u << 20;
  auto rt = make_runtime(o);
  // ~50 MiB allocated in total, never more than a few MiB alive.
  EXPECT_TRUE(rt->run_string("for i = 1, 50 do local s = ('z'):rep(1 << 20) end", "churn").ok());
}

TEST(LuaRuntime, KamiflowModuleHasVersionAndArgs) {
  LuaRuntimeOptions o;
  o.args = {"first", "二番目"};
  auto rt = make_runtime(o);
  EXPECT_EQ(eval(*rt, "return #kamiflow.args .. ':' .. table.concat(kamiflow.args, ',')"), "2:first,二番目");
  EXPECT_EQ(eval(*rt, "return type(kamiflow.version) == 'string' and kamiflow.version:match('^%d+%.%d+%.%d+$') ~= nil"),
            "true");
}

TEST(LuaRuntime, KamiflowLogGoesToTheGivenLogger) {
  std::ostringstream out;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
  sink->set_pattern("%l|%v");
  LuaRuntimeOptions o;
  o.logger = std::make_shared<spdlog::logger>("test", sink);
  o.logger->set_level(spdlog::level::trace);
  auto rt = make_runtime(o);
  ASSERT_TRUE(rt->run_string("kamiflow.log.info('hello {}')\nkamiflow.log.debug('d')\n"
                             "kamiflow.log.warn('w')\nkamiflow.log.error('e')\nwarn('careful')",
                             "logs.lua")
                  .ok());
  EXPECT_EQ(out.str(),
            "info|logs.lua:1: hello {}\ndebug|logs.lua:2: d\nwarning|logs.lua:3: w\nerror|logs.lua:4: e\n"
            "warning|lua warning: careful\n");
  Status st = rt->run_string("kamiflow.log.info({})", "misuse");
  EXPECT_NE(st.message().find("bad argument #1 to 'info' (string expected, got table)"), std::string::npos)
      << st.message();
}

TEST(LuaRuntime, KamiflowTextBindsNormalisersAndValidators) {
  auto rt = make_runtime();
  EXPECT_EQ(eval(*rt, "return kamiflow.text.nfkc('１２３ＡＢＣ')"), "123ABC");
  EXPECT_EQ(eval(*rt, "return kamiflow.text.postal_code('1000001')"), "100-0001");
  EXPECT_EQ(eval(*rt, "return kamiflow.text.date_to_iso('令和3年4月1日')"), "2021-04-01");
  EXPECT_EQ(eval(*rt, "return kamiflow.text.hiragana_to_katakana('やまだ')"), "ヤマダ");
  EXPECT_EQ(eval(*rt, "return kamiflow.text.is_katakana('ヤマダ')"), "true");
  EXPECT_EQ(eval(*rt, "return kamiflow.text.normalise('postal_code', '1000001')"), "100-0001");
  // Expected failures: nil plus a message, never a raise.
  EXPECT_EQ(eval(*rt, "local v, err = kamiflow.text.postal_code('abc') return v == nil and type(err)"), "string");
  EXPECT_EQ(eval(*rt, "local v, err = kamiflow.text.validate('katakana', 'abc') return v == nil and type(err)"),
            "string");
  EXPECT_EQ(eval(*rt, "return kamiflow.text.validate('katakana', 'カタカナ')"), "true");
  EXPECT_EQ(eval(*rt, "local v, err = kamiflow.text.my_number_check_digit('12') return tostring(v) .. ' ' .. err"),
            "nil expected the first 11 digits of a My Number");
  EXPECT_EQ(eval(*rt, "local n = kamiflow.text.normalisers() return #n > 0 and type(n[1])"), "string");
  // Misuse raises, Lua style.
  EXPECT_NE(eval(*rt, "return kamiflow.text.normalise('no_such', 'x')")
                .find("bad argument #1 to 'normalise' (unknown normaliser 'no_such')"),
            std::string::npos);
  EXPECT_NE(eval(*rt, "return kamiflow.text.nfkc()").find("bad argument #1 to 'nfkc'"), std::string::npos);
}

int open_answer_library(lua_State* L) {
  lua_createtable(L, 0, 1);
  lua_pushinteger(L, 42);
  lua_setfield(L, -2, "answer");
  return 1;
}

TEST(LuaRuntime, CapabilitiesEnterOnlyWhenGranted) {
  auto plain = make_runtime();
  Result<bool> offered = plain->offer_capability("answer", open_answer_library);
  ASSERT_TRUE(offered.ok());
  EXPECT_FALSE(*offered);
  EXPECT_EQ(eval(*plain, "return tostring(answer) .. ' ' .. tostring(io)"), "nil nil");

  LuaRuntimeOptions o;
  o.capabilities = {"answer", "io"};
  auto granted = make_runtime(o);
  offered = granted->offer_capability("answer", open_answer_library);
  ASSERT_TRUE(offered.ok());
  EXPECT_TRUE(*offered);
  EXPECT_EQ(eval(*granted, "return answer.answer"), "42");
  EXPECT_EQ(eval(*granted, "return type(io.open)"), "function");
  EXPECT_EQ(eval(*granted, "return tostring(os.execute)"), "nil");  // "os" was not granted
}

// --- `kamiflow run`, end to end -------------------------------------------------------------

std::string script(const std::string& name) { return (testing::source_dir() / "tests/lua" / name).string(); }

TEST(RunCommand, RunsAScriptWithArgs) {
  auto r = testing::run_process({testing::kamiflow_binary(), "run", script("hello.lua"), "a", "b"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("version: "), std::string::npos);
  EXPECT_NE(r.out.find("args: 2 a b\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("postal: 100-0001\n"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("hello.lua:5: hello from the script"), std::string::npos) << r.err;
}

TEST(RunCommand, ScriptErrorExitsFourWithFileLine) {
  auto r = testing::run_process({testing::kamiflow_binary(), "run", script("fails.lua")});
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_NE(r.err.find("fails.lua:5: value must be positive, got -1"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("stack traceback:"), std::string::npos) << r.err;
}

TEST(RunCommand, LimitsComeFromTheCommandLine) {
  auto r = testing::run_process(
      {testing::kamiflow_binary(), "run", "--max-instructions", "100000", script("runaway.lua")});
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_NE(r.err.find("instruction budget exceeded (100000 instructions)"), std::string::npos) << r.err;
  r = testing::run_process({testing::kamiflow_binary(), "run", "--max-memory-mb", "8", script("memory_hog.lua")});
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_NE(r.err.find("memory limit exceeded (8 MiB)"), std::string::npos) << r.err;
}

TEST(RunCommand, MissingScriptIsAUsageError) {
  auto r = testing::run_process({testing::kamiflow_binary(), "run", "/nonexistent/script.lua"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("/nonexistent/script.lua"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace kamiflow
