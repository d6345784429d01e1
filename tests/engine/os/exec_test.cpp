#include "engine/os/exec.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "test_support.hpp"

namespace kamiflow {
namespace {

using namespace std::chrono_literals;

ExecOptions with_timeout(std::chrono::milliseconds t) {
  ExecOptions o;
  o.timeout = t;
  return o;
}

CommandRunner runner(const std::vector<std::filesystem::path>& declared) {
  auto r = CommandRunner::create(declared);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return std::move(r).value();
}

TEST(CapExec, RunsDeclaredCommandWithArgvAndNoShell) {
  auto r = runner({"/bin/echo"});
  auto res = r.run("/bin/echo", {"山田", "$HOME", "; rm -rf /", "a  b"});
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->exit_code, 0);
  EXPECT_EQ(res->out, "山田 $HOME ; rm -rf / a  b\n");  // arguments arrive verbatim
  EXPECT_EQ(res->err, "");
  // A bare name matching the declared file name works too.
  EXPECT_EQ(r.run("echo", {"x"}).value_or({}).out, "x\n");
}

TEST(CapExec, UndeclaredCommandsAreRefused) {
  auto r = runner({"/bin/echo"});
  for (const char* cmd : {"/bin/sh", "sh", "/usr/bin/env", "../bin/echo", "bin/echo"}) {
    auto res = r.run(cmd, {"-c", "echo hi"});
    ASSERT_FALSE(res.ok()) << cmd;
    EXPECT_EQ(res.status().code(), StatusCode::kPermissionDenied) << cmd;
    EXPECT_NE(res.status().message().find(cmd), std::string::npos);
    EXPECT_NE(res.status().message().find("/bin/echo"), std::string::npos);
  }
}

TEST(CapExec, CapturesStderrAndExitCodeAndDoesNotLeakEnvironment) {
  auto r = runner({"/bin/sh"});
  ::setenv("KAMIFLOW_SECRET", "hunter2", 1);
  auto res = r.run("/bin/sh", {"-c", "echo out; echo err >&2; echo \"[$KAMIFLOW_SECRET][$EXTRA]\"; exit 7"},
                   [] { ExecOptions o; o.env = {"EXTRA=given"}; return o; }());
  ::unsetenv("KAMIFLOW_SECRET");
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->exit_code, 7);
  EXPECT_EQ(res->out, "out\n[][given]\n");
  EXPECT_EQ(res->err, "err\n");
}

TEST(CapExec, TimeoutKillsTheProcessGroup) {
  auto r = runner({"/bin/sleep", "/bin/sh"});
  const auto start = std::chrono::steady_clock::now();
  auto res = r.run("/bin/sleep", {"10"}, with_timeout(200ms));
  EXPECT_EQ(res.status().code(), StatusCode::kTimeout);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
  // A grandchild holding the pipe open must not keep run() waiting.
  const auto start2 = std::chrono::steady_clock::now();
  auto res2 = r.run("sh", {"-c", "sleep 10 & sleep 10"}, with_timeout(200ms));
  EXPECT_EQ(res2.status().code(), StatusCode::kTimeout);
  EXPECT_LT(std::chrono::steady_clock::now() - start2, 3s);
}

TEST(CapExec, OutputIsCappedAndFlagged) {
  auto r = runner({"/bin/sh"});
  auto res = r.run("sh", {"-c", "i=0; while [ $i -lt 200 ]; do echo 0123456789; i=$((i+1)); done"},
                   [] { ExecOptions o; o.max_output_bytes = 100; return o; }());
  ASSERT_TRUE(res.ok());
  EXPECT_EQ(res->out.size(), 100u);
  EXPECT_TRUE(res->truncated);
}

TEST(CapExec, DeclarationsMustBeAbsoluteExistingExecutables) {
  EXPECT_EQ(CommandRunner::create({"echo"}).status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(CommandRunner::create({"/no/such/tool"}).status().code(), StatusCode::kNotFound);
  testing::TempDir dir;
  testing::write_file(dir / "data.txt", "not a program");
  std::filesystem::permissions(dir / "data.txt", std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  EXPECT_EQ(CommandRunner::create({dir / "data.txt"}).status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(CommandRunner::create({dir.path()}).status().code(), StatusCode::kInvalidInput);
}

}  // namespace
}  // namespace kamiflow
