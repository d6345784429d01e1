// exec_supervisor.cpp through CommandRunner: the timeout holds when the program closes its
// pipes and runs on, and nothing the program started survives it, not even a process that left
// its group with setsid (issue #13, case 5).
#include <gtest/gtest.h>
#include <signal.h>

#include <cerrno>
#include <chrono>
#include <thread>

#include "engine/os/exec.hpp"
#include "test_support.hpp"

namespace kamiflow {
namespace {

using namespace std::chrono_literals;

CommandRunner shell() {
  auto r = CommandRunner::create({"/bin/sh"});
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return std::move(r).value();
}

bool alive(pid_t pid) { return ::kill(pid, 0) == 0 || errno != ESRCH; }

pid_t read_pid(const std::filesystem::path& file) {
  for (int i = 0; i < 200 && !std::filesystem::exists(file); ++i) std::this_thread::sleep_for(10ms);
  const std::string text = testing::read_file(file);
  return text.empty() ? -1 : static_cast<pid_t>(std::stol(text));
}

TEST(ExecSupervisor, TimeoutHoldsWhenTheChildClosesItsPipesAndRunsOn) {
  ExecOptions o;
  o.timeout = 1000ms;
  const auto t0 = std::chrono::steady_clock::now();
  auto r = shell().run("/bin/sh", {"-c", "exec >&- 2>&-; sleep 30"}, o);
  const auto took = std::chrono::steady_clock::now() - t0;
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kTimeout) << r.status().ToString();
  EXPECT_LT(took, 5s) << "returned after the child's 30 s, not at the 1 s timeout";
}

TEST(ExecSupervisor, ASetsidGrandchildIsKilledAtTheTimeout) {
  testing::TempDir dir;
  const auto pidfile = dir / "pid";
  ExecOptions o;
  o.timeout = 1000ms;
  auto r = shell().run("/bin/sh", {"-c", "setsid sleep 300 & echo $! > " + pidfile.string() + "; exec >&- 2>&-; sleep 30"}, o);
  EXPECT_EQ(r.status().code(), StatusCode::kTimeout);
  const pid_t grandchild = read_pid(pidfile);
  ASSERT_GT(grandchild, 0);
  EXPECT_FALSE(alive(grandchild)) << "setsid sleep " << grandchild << " outlived the command";
  if (alive(grandchild)) ::kill(grandchild, SIGKILL);
}

TEST(ExecSupervisor, WhatAFinishedCommandLeftRunningIsKilledToo) {
  testing::TempDir dir;
  const auto pidfile = dir / "pid";
  auto r = shell().run("/bin/sh", {"-c", "setsid sleep 300 >/dev/null 2>&1 & echo $! > " + pidfile.string() + "; echo done"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->exit_code, 0);
  EXPECT_EQ(r->out, "done\n");
  const pid_t grandchild = read_pid(pidfile);
  ASSERT_GT(grandchild, 0);
  EXPECT_FALSE(alive(grandchild)) << "a daemon started by the command outlived it";
  if (alive(grandchild)) ::kill(grandchild, SIGKILL);
}

TEST(ExecSupervisor, ExitStatusAndSignalsStillComeThrough) {
  auto r = shell().run("/bin/sh", {"-c", "echo out; echo err >&2; exit 7"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->exit_code, 7);
  EXPECT_EQ(r->out, "out\n");
  EXPECT_EQ(r->err, "err\n");
  auto k = shell().run("/bin/sh", {"-c", "kill -TERM $$"});
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(k->term_signal, SIGTERM);
}

}  // namespace
}  // namespace kamiflow
