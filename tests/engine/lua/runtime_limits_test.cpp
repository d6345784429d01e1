// Issue #13, cases 4 and 6: kamiflow.json.decode refuses JSON nested deeper than its limit
// (instead of overflowing the C stack), and a memory error swallowed by pcall still ends the
// script, as docs/lua-api.md promises.
#include <gtest/gtest.h>
#include <lua.hpp>

#include "engine/lua/capabilities.hpp"
#include "engine/lua/json.hpp"
#include "engine/lua/runtime.hpp"

namespace kamiflow {
namespace {

TEST(LuaJsonDepth, DeepJsonIsRefusedWithAReasonNotACrash) {
  auto rt = LuaRuntime::create();
  ASSERT_TRUE(rt.ok());
  ASSERT_TRUE(install_workflow_modules(**rt).ok());
  auto grants = WorkflowGrants::from_declaration({{"json", true}});
  ASSERT_TRUE(grants.ok());
  GrantScope scope(**rt, **grants);
  const Status st = (*rt)->run_string(
      "local deep = string.rep('[', 30000) .. string.rep(']', 30000)\n"
      "local ok, v, err = pcall(kamiflow.json.decode, deep)\n"
      "assert(ok and v == nil, 'decode must return nil, message')\n"
      "assert(err:find('nested deeper than 128 levels'), err)\n"
      "local fine = kamiflow.json.decode(string.rep('[', 100) .. '1' .. string.rep(']', 100))\n"
      "for i = 1, 100 do fine = fine[1] end\n"
      "assert(fine == 1)\n"
      "assert(kamiflow.json.decode('[\"[[[[\", {\"a\": \"]]]\"}]')[1] == '[[[[', 'brackets in strings do not count')",
      "deep", 0);
  EXPECT_TRUE(st.ok()) << st.ToString();
}

std::string deep_json(int depth) { return std::string(depth, '[') + std::string(depth, ']'); }

TEST(LuaJsonDepth, BoundedParseCountsOnlyStructure) {
  EXPECT_TRUE(lua_detail::parse_json_bounded(deep_json(128)).ok());
  const auto deep = lua_detail::parse_json_bounded(deep_json(129));
  ASSERT_FALSE(deep.ok());
  EXPECT_EQ(deep.status().message(), "JSON nested deeper than 128 levels");
  EXPECT_TRUE(lua_detail::parse_json_bounded(R"(["\"[[[[[[[[[[", "\\"])", 2).ok());
  EXPECT_EQ(lua_detail::parse_json_bounded("[1,").status().message(), "not valid JSON");
}

TEST(LuaMemory, AMemoryErrorSwallowedByPcallStillEndsTheScript) {
  for (const char* code : {
           // A single refused allocation, caught 37 times, then a normal end: exit 0 before.
           "for i = 1, 37 do pcall(string.rep, 'x', 1 << 30) end\nreturn 'survived'",
           // Growth refused inside a pcall'd function.
           "pcall(function() local t = {} for i = 1, 1e9 do t[i] = i end end)\nreturn 'survived'",
       }) {
    LuaRuntimeOptions o;
    o.max_memory_bytes = 16 << 20;
    o.max_instructions = 0;
    o.max_seconds = 0;  // the hook's slowest period: nothing but the memory rule can end it
    auto rt = LuaRuntime::create(o);
    ASSERT_TRUE(rt.ok());
    const Status st = (*rt)->run_string(code, "oom", 1);
    EXPECT_EQ(st.code(), StatusCode::kResourceLimit) << code << " → " << st.ToString();
    EXPECT_NE(st.message().find("memory limit exceeded (16 MiB)"), std::string::npos) << st.message();
    EXPECT_EQ((*rt)->run_string("return 1", "after", 1).code(), StatusCode::kResourceLimit) << "the runtime is spent";
  }
}

}  // namespace
}  // namespace kamiflow
