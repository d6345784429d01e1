// kamiflow.fs/csv/json/exec bound to a workflow's grants: each refused when undeclared, fs confined
// to its roots, and the happy paths against real files and processes.
#include <gtest/gtest.h>

#include "engine/lua/runtime.hpp"
#include "engine/lua/capabilities.hpp"
#include "test_support.hpp"

namespace kamiflow {
namespace {

std::unique_ptr<LuaRuntime> runtime() {
  auto rt = LuaRuntime::create();
  EXPECT_TRUE(rt.ok());
  EXPECT_TRUE(install_workflow_modules(**rt).ok());
  return std::move(*rt);
}

std::unique_ptr<WorkflowGrants> grants(const nlohmann::json& decl) {
  auto g = WorkflowGrants::from_declaration(decl);
  EXPECT_TRUE(g.ok()) << g.status().ToString();
  return g.ok() ? std::move(*g) : std::make_unique<WorkflowGrants>();
}

struct RefusalCase {
  const char* capability;
  const char* call;
};

TEST(LuaCapGrants, EachCapabilityIsRefusedWhenNotDeclared) {
  const RefusalCase cases[] = {
      {"fs", "kamiflow.fs.read_text('x')"},         {"fs", "kamiflow.fs.list('.')"},
      {"csv", "kamiflow.csv.encode({{'a'}})"},       {"csv", "kamiflow.csv.read('a.csv')"},
      {"json", "kamiflow.json.encode({a = 1})"},     {"json", "kamiflow.json.decode('{}')"},
      {"http", "kamiflow.http.get('http://127.0.0.1:1/')"},
      {"http", "kamiflow.http.post_json('http://127.0.0.1:1/', {})"},
      {"exec", "kamiflow.exec.run{cmd = '/usr/bin/echo'}"},
  };
  testing::TempDir dir;
  // Grants for everything but the capability under test (an attached scope, so the refusal is
  // about the declaration, not about "no workflow").
  for (const auto& c : cases) {
    nlohmann::json decl = {{"fs", {{"roots", {dir.path().string()}}}}, {"csv", true}, {"json", true},
                           {"http", {{"hosts", {"http://127.0.0.1:1"}}}}, {"exec", {{"commands", {"/usr/bin/echo"}}}}};
    decl.erase(c.capability);
    auto rt = runtime();
    auto g = grants(decl);
    GrantScope scope(*rt, *g);
    Status st = rt->run_string(c.call, "refusal.lua");
    ASSERT_FALSE(st.ok()) << c.call;
    EXPECT_NE(st.message().find(std::string("capability '") + c.capability + "' not granted to this workflow (declare capabilities." + c.capability + ")"),
              std::string::npos) << st.message();
    EXPECT_NE(st.message().find("refusal.lua:1:"), std::string::npos) << st.message();
  }
}

TEST(LuaCapGrants, NothingIsGrantedOutsideAWorkflow) {
  auto rt = runtime();
  Status st = rt->run_string("return kamiflow.json.encode({})", "top.lua");
  EXPECT_EQ(st.code(), StatusCode::kScriptError);
  EXPECT_NE(st.message().find("capability 'json' not granted"), std::string::npos);
}

TEST(LuaCapGrants, FsStaysInsideItsRoots) {
  testing::TempDir dir;
  testing::write_file(dir / "outside.txt", "secret");
  const auto root = dir / "root";
  auto rt = runtime();
  auto g = grants({{"fs", {{"roots", {root.string()}}}}});  // created on grant
  GrantScope scope(*rt, *g);
  const std::string r = root.string();
  for (const std::string& call : {"kamiflow.fs.read_text('" + (dir / "outside.txt").string() + "')",
                                 std::string("kamiflow.fs.read_text('../outside.txt')"),
                                 std::string("kamiflow.fs.write_text('/tmp/kamiflow-escape.txt', 'x')"),
                                 "kamiflow.fs.copy('" + r + "/a.txt', '" + (dir / "b.txt").string() + "')"}) {
    Status st = rt->run_string(call, "escape.lua");
    EXPECT_FALSE(st.ok()) << call;
    EXPECT_NE(st.message().find("outside"), std::string::npos) << st.message();
  }
  EXPECT_FALSE(std::filesystem::exists("/tmp/kamiflow-escape.txt"));

  Status st = rt->run_string(R"(
    local fs = kamiflow.fs
    assert(fs.mkdir('sub'))
    assert(fs.write_text('sub/a.txt', '受付 ok'))
    assert(fs.read_text('sub/a.txt') == '受付 ok')
    assert(fs.exists('sub/a.txt') and not fs.exists('sub/none.txt'))
    assert(fs.copy('sub/a.txt', 'b.txt'))
    assert(fs.move('b.txt', 'c.txt'))
    local list = fs.list('.', '*.txt')
    assert(#list == 1 and list[1]:match('c%.txt$'), #list)
    local text, err = fs.read_text('missing.txt')
    assert(text == nil and type(err) == 'string')
  )", "fs.lua");
  EXPECT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(testing::read_file(root / "c.txt"), "受付 ok");
}

TEST(LuaCapGrants, CsvRoundTripsCp932AndJsonRoundTrips) {
  testing::TempDir dir;
  auto rt = runtime();
  auto g = grants({{"fs", {{"roots", {dir.path().string()}}}}, {"csv", true}, {"json", true}});
  GrantScope scope(*rt, *g);
  Status st = rt->run_string(R"(
    local rows = { {'氏名', '金額'}, {'山田 太郎', 1200}, {'髙橋①', '=1+1'} }
    assert(kamiflow.csv.write('x.csv', rows, { encoding = 'cp932' }))
    local back = assert(kamiflow.csv.read('x.csv', { encoding = 'cp932' }))
    assert(back[2][1] == '山田 太郎' and back[2][2] == '1200' and back[3][1] == '髙橋①', back[3][1])
    assert(back[3][2] == "'=1+1")  -- formula neutralised
    local ok, err = pcall(kamiflow.csv.write, 'y.csv', rows, { encoding = 'sjis' })
    assert(not ok and err:match('bad argument'), err)
    local j = kamiflow.json.encode({ name = '太郎', list = {1, 2, 3} })
    local v = kamiflow.json.decode(j)
    assert(v.name == '太郎' and #v.list == 3)
    local none, msg = kamiflow.json.decode('{broken')
    assert(none == nil and msg:match('JSON'))
    local bad, e = pcall(kamiflow.json.encode, { f = print })
    assert(not bad and e:match('bad argument #1'), e)
  )", "csv.lua");
  EXPECT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(testing::read_file(dir / "x.csv").substr(0, 4), "\x8e\x81\x96\xbc");  // 氏名 in CP932
}

TEST(LuaCapGrants, ExecRunsOnlyDeclaredCommands) {
  auto rt = runtime();
  auto g = grants({{"exec", {{"commands", {"/usr/bin/echo"}}, {"timeout_s", 5}}}});
  GrantScope scope(*rt, *g);
  Status st = rt->run_string(R"(
    local r = assert(kamiflow.exec.run{ cmd = '/usr/bin/echo', args = {'hello', '$HOME'} })
    assert(r.code == 0 and r.stdout == 'hello $HOME\n', r.stdout)
    local r2 = assert(kamiflow.exec.run{ cmd = 'echo', args = {'bare'} })
    assert(r2.stdout == 'bare\n')
  )", "exec.lua");
  EXPECT_TRUE(st.ok()) << st.message();
  st = rt->run_string("kamiflow.exec.run{ cmd = '/bin/sh', args = {'-c', 'id'} }", "exec2.lua");
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("/bin/sh"), std::string::npos) << st.message();
}

TEST(LuaCapGrants, BadDeclarationsNameTheKey) {
  struct Case {
    nlohmann::json decl;
    const char* expect;
  } cases[] = {
      {{{"network", true}}, "capabilities.network: unknown capability"},
      {{{"fs", {{"roots", "out"}}}}, "capabilities.fs.roots"},
      {{{"http", {{"hosts", {"http://127.0.0.1:8080"}}, {"timeout", 5}}}}, "capabilities.http.timeout: unknown key"},
      {{{"exec", {{"commands", {"/no/such/program"}}}}}, "capabilities.exec"},
      {{{"csv", "yes"}}, "capabilities.csv: expected true or false"},
  };
  for (const auto& c : cases) {
    auto g = WorkflowGrants::from_declaration(c.decl);
    ASSERT_FALSE(g.ok()) << c.decl.dump();
    EXPECT_NE(g.status().message().find(c.expect), std::string::npos) << g.status().message();
  }
}

}  // namespace
}  // namespace kamiflow
