// kamiflow's process exit codes: a typed enum, documented in README.md ("Exit codes").
#pragma once

namespace kamiflow {

enum class ExitCode : int {
  kOk = 0,             // everything finished; nothing rejected
  kFailure = 1,        // could not run (I/O error, missing language data, internal error)
  kUsage = 2,          // bad command line, unknown option, unreadable template or script
  kRejects = 3,        // finished, but some pages were rejected/quarantined or unclassified
  kScriptError = 4,    // a Lua workflow raised an error (message names file:line)
  kInterrupted = 130,  // stopped by SIGINT/SIGTERM; rerun resumes where it stopped
};

constexpr int to_int(ExitCode c) { return static_cast<int>(c); }

}  // namespace kamiflow
