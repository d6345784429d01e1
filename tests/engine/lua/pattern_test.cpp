// pattern.cpp: the sandbox's string.find/match/gmatch/gsub. They give what stock Lua 5.4 gives
// (compared case by case with a plain lua_State), and unlike stock Lua a backtracking pattern
// is stopped by the wall-clock limit and the instruction budget, even inside pcall (issue #13,
// case 8).
#include <gtest/gtest.h>
#include <lua.hpp>

#include <chrono>

#include "engine/lua/runtime.hpp"

namespace kamiflow {
namespace {

// Serialises every result of `expr` (or the error message) so two states can be compared.
const char* kShow = R"(
local function show(...)
  local n = select('#', ...)
  local out = {}
  for i = 1, n do
    local v = select(i, ...)
    out[#out + 1] = type(v) .. ':' .. tostring(v)
  end
  return table.concat(out, ' ')
end
local function all(f) local ok, r = pcall(function() return show(f()) end)
  if ok then return r end
  return 'error:' .. tostring(r):gsub('^.-:%d+: ', '') end
)";

std::string run_stock(const std::string& expr) {
  lua_State* L = luaL_newstate();
  luaL_openlibs(L);
  const std::string code = std::string(kShow) + "return all(function() return " + expr + " end)";
  std::string out = luaL_dostring(L, code.c_str()) == LUA_OK ? lua_tostring(L, -1) : "load failed";
  lua_close(L);
  return out;
}

std::string run_sandbox(const std::string& expr) {
  auto rt = LuaRuntime::create();
  if (!rt.ok()) return "no runtime";
  const Status st = (*rt)->run_string(std::string(kShow) + "return all(function() return " + expr + " end)", "t", 1);
  if (!st.ok()) return st.ToString();
  return lua_tostring((*rt)->state(), -1);
}

TEST(LuaPattern, GivesWhatStockLuaGives) {
  const char* cases[] = {
      "string.find('hello world', 'o w')",
      "string.find('hello world', 'l+')",
      "string.find('hello', 'l', 1, true)",
      "string.find('a.b', '.', 1, true)",
      "string.find('hello', '')",
      "string.find('hello', '', 10)",
      "string.find('hello', 'l', -2)",
      "string.find('hello', 'xyz')",
      "string.find('  key = value ', '^%s*(%w+)%s*=%s*(%w+)%s*$')",
      "string.find('abc', '()b()')",
      "string.match('2024-05-16', '(%d+)-(%d+)-(%d+)')",
      "string.match('THE (quick) fox', '%((%a+)%)')",
      "string.match('f(a(b)c)d', '%b()')",
      "string.match('THE quick', '%f[%a]%a+', 4)",
      "string.match('hello', '(h)(e)(l)(l)(o)')",
      "string.match('abcabc', '(abc)%1')",
      "string.match('aaa', 'a-b')",
      "string.match('aaab', 'a-b')",
      "string.match('x = [[y]]', '%[%[(.-)%]%]')",
      "string.match('caf\\195\\169', '[%w\\128-\\255]+')",
      "string.match('[]x', '[]]')",
      "string.match('a^b', 'a^b')",
      "string.match('-x-', '[%-x]+')",
      "string.match('hello', '^(h?)e')",
      "string.match('', '.*')",
      "string.match('abc', 'b', -1)",
      "string.match('abc', '%')",
      "string.match('abc', '[a')",
      "string.match('abc', '(()')",
      "string.match('abc', '%1')",
      "string.match('abc', '%f')",
      "string.match('abc', '%b')",
      "string.gsub('hello world', 'o', '0')",
      "string.gsub('hello world', '(%w+)', '<%1>')",
      "string.gsub('hello world', '%w+', '%0 %0', 1)",
      "string.gsub('abc', '', '-')",
      "string.gsub('hello', 'l', {l = 'L'})",
      "string.gsub('hello', '.', {h = 1, e = false})",
      "string.gsub('$name is $age', '%$(%w+)', {name = 'Ann', age = 7})",
      "string.gsub('abc', '%w', function(c) return c:upper() .. '.' end)",
      "string.gsub('abc', '%w', function(c) if c == 'b' then return nil end return '' end)",
      "string.gsub('abc', '^a', 'X')",
      "string.gsub('abc', 'x*', '-')",
      "string.gsub('abc', 'b', '%2')",
      "string.gsub('abc', 'b', '%x')",
      "string.gsub('abc', 'b', {b = {}})",
      "string.gsub('abc', 'b', true)",
      "string.gsub('one two  three', '%s+', ' ')",
      "('x'):rep(3):gsub('x', '%%')",
      "(function() local t = {} for k, v in string.gmatch('a=1, b=2, c=3', '(%w+)=(%w+)') do t[#t+1] = k .. v end return table.concat(t, ';') end)()",
      "(function() local t = {} for w in ('one two three'):gmatch('%a+') do t[#t+1] = w end return table.concat(t, ',') end)()",
      "(function() local t = {} for w in ('abc'):gmatch('') do t[#t+1] = '[' .. w .. ']' end return table.concat(t) end)()",
      "(function() local t = {} for a, b in ('abcd'):gmatch('()(.)') do t[#t+1] = a .. b end return table.concat(t) end)()",
      "(function() local t = {} for w in ('a,b,,c'):gmatch('([^,]*)') do t[#t+1] = '<' .. w .. '>' end return table.concat(t) end)()",
      "(function() local t = {} for w in ('hello world'):gmatch('%a+', 3) do t[#t+1] = w end return table.concat(t, ',') end)()",
      "(function() local t = {} for w in ('^a^a'):gmatch('^a') do t[#t+1] = w end return #t end)()",
      "string.find(123456, 34)",
      "string.gsub(12345, 3, 'x')",
  };
  for (const char* c : cases) EXPECT_EQ(run_sandbox(c), run_stock(c)) << c;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

TEST(LuaPattern, BacktrackingIsStoppedByTheWallClockEvenInsidePcall) {
  LuaRuntimeOptions o;
  o.max_seconds = 1;
  o.max_instructions = 0;
  auto rt = LuaRuntime::create(o);
  ASSERT_TRUE(rt.ok());
  const auto t0 = std::chrono::steady_clock::now();
  const Status st = (*rt)->run_string(
      "local ok = pcall(string.find, ('a'):rep(100000), ('a*'):rep(20) .. 'b')\n"
      "return 'survived'",
      "backtrack", 1);
  EXPECT_LT(seconds_since(t0), 10);
  EXPECT_EQ(st.code(), StatusCode::kTimeout) << st.ToString();
  EXPECT_NE(st.message().find("time limit exceeded"), std::string::npos) << st.message();
}

TEST(LuaPattern, BacktrackingCountsAgainstTheInstructionBudget) {
  LuaRuntimeOptions o;
  o.max_seconds = 0;
  o.max_instructions = 1'000'000;
  auto rt = LuaRuntime::create(o);
  ASSERT_TRUE(rt.ok());
  const auto t0 = std::chrono::steady_clock::now();
  const Status st = (*rt)->run_string("return ('x'):rep(50000):gsub('x*x*x*x*y', '')", "gsub", 1);
  EXPECT_LT(seconds_since(t0), 10);
  EXPECT_EQ(st.code(), StatusCode::kTimeout) << st.ToString();
  EXPECT_NE(st.message().find("instruction budget exceeded"), std::string::npos) << st.message();
}

TEST(LuaPattern, EveryEntryHasAWallClockLimitByDefault) {
  EXPECT_GT(LuaRuntimeOptions{}.max_seconds, 0);
  // The instruction count misses coroutines that end before the hook period; the clock does not.
  LuaRuntimeOptions o;
  o.max_seconds = 1;
  auto rt = LuaRuntime::create(o);
  ASSERT_TRUE(rt.ok());
  const auto t0 = std::chrono::steady_clock::now();
  const Status st = (*rt)->run_string(
      "while true do pcall(coroutine.wrap(function() for i = 1, 900 do end end)) end", "wrap", 0);
  EXPECT_LT(seconds_since(t0), 10);
  EXPECT_EQ(st.code(), StatusCode::kTimeout) << st.ToString();
}

}  // namespace
}  // namespace kamiflow
