// Helpers shared by tests: temporary directories, running the kamiflow binary, reading files.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace kamiflow::testing {

// A fresh directory under the system temp dir, removed (recursively) on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal
  std::string out;     // stdout
  std::string err;     // stderr
};

// Runs argv[0] with the given arguments (no shell), with `env` entries ("K=V") added to the
// environment and `unset` names removed. Captures stdout and stderr.
ProcessResult run_process(const std::vector<std::string>& argv, const std::vector<std::string>& env = {},
                          const std::vector<std::string>& unset = {});

// Starts argv[0] in the background with stdout/stderr to /dev/null (for kill -9 tests); returns
// its pid, or -1 when it could not be started. The caller reaps it with waitpid().
int spawn_quiet(const std::vector<std::string>& argv);

// The kamiflow binary under test and the source tree.
std::string kamiflow_binary();
std::filesystem::path source_dir();

std::string read_file(const std::filesystem::path& p);
void write_file(const std::filesystem::path& p, const std::string& content);

}  // namespace kamiflow::testing
