// CommandRunner: the exec capability a workflow is granted — run declared programs, nothing else.
// No Lua here; the Lua binding wraps this.
//
// Contract: commands are declared as absolute paths at creation (they must exist and be
// executable). run() accepts a declared path, its canonical target, or a bare name equal to a
// declared path's file name; anything else is PermissionDenied naming the command. The program is
// started directly with argv (no shell, so no quoting or injection), stdin from /dev/null, a
// minimal environment (PATH=/usr/bin:/bin, LANG=C.UTF-8, plus ExecOptions::env; the parent's
// environment, which may hold credentials, is not inherited), in its own process group, under a
// supervisor (exec_supervisor.hpp). The timeout holds even when the program closes its pipes and
// runs on. On timeout, and also when the program exits, every process it started is killed
// (SIGKILL), including those that left its group with setsid; on timeout run() returns Timeout. Output beyond max_output_bytes
// per stream is discarded and flagged. Thread-safety: run() is const and may be called
// concurrently.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "kamiflow/status.hpp"

namespace kamiflow {

struct ExecOptions {
  std::chrono::milliseconds timeout{30000};
  std::vector<std::string> env;  // extra "KEY=VALUE" entries
  std::filesystem::path cwd;     // empty: inherit
  std::size_t max_output_bytes = 8u * 1024 * 1024;
};

struct ExecResult {
  int exit_code = -1;    // -1 when killed by a signal
  int term_signal = 0;   // the signal, when killed
  std::string out, err;  // captured stdout and stderr
  bool truncated = false;
};

class CommandRunner {
 public:
  [[nodiscard]] static Result<CommandRunner> create(const std::vector<std::filesystem::path>& declared);

  [[nodiscard]] Result<ExecResult> run(const std::string& command, const std::vector<std::string>& args,
                                       const ExecOptions& options = {}) const;
  // The declared path `command` refers to, or PermissionDenied.
  [[nodiscard]] Result<std::filesystem::path> resolve(const std::string& command) const;

 private:
  struct Declared {
    std::filesystem::path path, canonical;
  };
  explicit CommandRunner(std::vector<Declared> declared) : declared_(std::move(declared)) {}
  std::vector<Declared> declared_;
};

}  // namespace kamiflow
