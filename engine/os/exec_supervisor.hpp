// Internal to os/: starting a declared program under a supervisor process that can take down
// everything the program started, even what left its process group (setsid, a double fork).
//
// Why: a process group is not enough. `setsid sleep 1000 &` leaves the group, so kill(-pgid)
// misses it and it outlives kamiflow. The supervisor is a forked copy of kamiflow that makes
// itself a Linux "child subreaper" (prctl PR_SET_CHILD_SUBREAPER): every orphaned descendant of
// the program is re-parented to it, so it can find them (/proc/thread-self/children) and kill them
// when the program ends, when asked to (SIGTERM, at the timeout), or when kamiflow itself dies
// (PR_SET_PDEATHSIG). After fork the supervisor calls only async-signal-safe functions.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "kamiflow/status.hpp"

namespace kamiflow::exec_detail {

struct SpawnRequest {
  std::string program;             // absolute path
  std::vector<std::string> argv;   // argv[0] included
  std::vector<std::string> env;    // the whole environment
  std::string cwd;                 // empty: inherit
  int stdout_fd = -1, stderr_fd = -1;  // write ends the program gets as fd 1 and 2
};

struct Supervised {
  pid_t supervisor = -1;
  // Read end: the supervisor writes the program's pid (a pid_t), then, once the program and
  // every leftover descendant are gone, its wait status (an int), then exits.
  int status_fd = -1;
};

[[nodiscard]] Result<Supervised> start_supervised(const SpawnRequest& request);

// Asks the supervisor to kill everything (SIGTERM), waits up to `grace_ms` for it, then kills it
// and the program's group outright; reaps it.
void stop_supervised(const Supervised& s, pid_t program, int grace_ms);

}  // namespace kamiflow::exec_detail
