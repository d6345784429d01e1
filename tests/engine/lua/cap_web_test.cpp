// capabilities.web declarations (engine/lua/web_grant.cpp) and kamiflow.web's refusals; the verbs
// themselves run against a real browser in tests/engine/os/web_test.cpp and rpa_test.cpp.
#include <gtest/gtest.h>

#include <cstdlib>

#include "engine/lua/capabilities.hpp"
#include "engine/lua/runtime.hpp"
#include "test_support.hpp"

namespace kamiflow {
namespace {
using nlohmann::json;

Status declare(const json& web) { return WorkflowGrants::from_declaration({{"web", web}}).status(); }

TEST(LuaCapWeb, DeclarationMistakesAreNamed) {
  EXPECT_NE(declare(json::object()).message().find("capabilities.web.origins: missing"), std::string::npos);
  EXPECT_NE(declare({{"origins", {"ftp://x"}}}).message().find("capabilities.web"), std::string::npos);
  EXPECT_NE(declare({{"origins", {"http://127.0.0.1:1"}}, {"colour", 1}}).message().find("capabilities.web.colour: unknown key"),
            std::string::npos);
  EXPECT_NE(declare({{"origins", {"http://127.0.0.1:1"}}, {"show", "yes"}}).message().find("show"), std::string::npos);
  // A credential is named by where it lives, never given as a value.
  Status inline_secret = declare({{"origins", {"http://127.0.0.1:1"}}, {"credentials", {{"password", "hunter2"}}}});
  EXPECT_NE(inline_secret.message().find("never the value itself"), std::string::npos) << inline_secret.message();
  ::unsetenv("KAMIFLOW_TEST_NO_SUCH_SECRET");
  Status missing = declare({{"origins", {"http://127.0.0.1:1"}},
                            {"credentials", {{"password", {{"env", "KAMIFLOW_TEST_NO_SUCH_SECRET"}}}}}});
  EXPECT_NE(missing.message().find("KAMIFLOW_TEST_NO_SUCH_SECRET is not set"), std::string::npos) << missing.message();
  EXPECT_TRUE(declare({{"origins", {"http://127.0.0.1:1"}}, {"credentials", {{"password", {{"file", "/nonexistent"}}}}}})
                  .message()
                  .find("cannot read the file /nonexistent") != std::string::npos);
}

TEST(LuaCapWeb, ACredentialFileIsReadAndTheTargetDefaultsToTheFirstOrigin) {
  testing::TempDir dir;
  testing::write_file(dir / "pw.txt", "s3cret\n");
  auto g = WorkflowGrants::from_declaration(
      {{"web", {{"origins", {"http://127.0.0.1:1", "http://127.0.0.1:2"}},
                {"credentials", {{"password", {{"file", (dir / "pw.txt").string()}}}}}}}});
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  EXPECT_TRUE((*g)->web);
  EXPECT_EQ((*g)->web_target, "http://127.0.0.1:1");
  EXPECT_FALSE((*g)->web->started());  // the browser starts at the first step, not at declaration
}

TEST(LuaCapWeb, RefusedWhenNotDeclaredAndUndeclaredOriginsRaise) {
  auto rt = LuaRuntime::create();
  ASSERT_TRUE(rt.ok());
  ASSERT_TRUE(install_workflow_modules(**rt).ok());
  {
    auto none = WorkflowGrants::from_declaration(json::object());
    GrantScope scope(**rt, **none);
    Status st = (*rt)->run_string("kamiflow.web.open('http://127.0.0.1:1/')", "w.lua");
    EXPECT_NE(st.message().find("capability 'web' not granted to this workflow (declare capabilities.web)"),
              std::string::npos) << st.message();
  }
  auto g = WorkflowGrants::from_declaration({{"web", {{"origins", {"http://127.0.0.1:1"}}}}});
  ASSERT_TRUE(g.ok());
  GrantScope scope(**rt, **g);
  Status st = (*rt)->run_string("kamiflow.web.open('http://example.org/')", "w.lua");
  EXPECT_EQ(st.code(), StatusCode::kScriptError);
  EXPECT_NE(st.message().find("is not a declared origin"), std::string::npos) << st.message();
  Status bad = (*rt)->run_string("kamiflow.web.click({ label = 'a', id = 'b' })", "w.lua");
  EXPECT_NE(bad.message().find("bad argument #1 to 'click'"), std::string::npos) << bad.message();
  Status journal = (*rt)->run_string("kamiflow.web.journal('k')", "w.lua");
  EXPECT_NE(journal.message().find("no workflow database"), std::string::npos) << journal.message();
  EXPECT_FALSE((*g)->web->started());
}

}  // namespace
}  // namespace kamiflow
