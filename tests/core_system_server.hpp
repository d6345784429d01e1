// Test set-up for the web robot tests: starts the demo core system (samples/core_system/server.py,
// /usr/bin/python3) on a free port and stops it; asks it which records it holds. Header-only so
// the test CMake file (which globs *_test.cpp) needs no edit.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/os/http.hpp"
#include "test_support.hpp"

namespace kamiflow::testing {

// Tests of the web capability need Debian's chromium and chromium-driver (test group of
// cmake/install-deps.sh); without them they skip with this message.
inline bool browser_available() {
  return ::access("/usr/bin/chromedriver", X_OK) == 0 && ::access("/usr/bin/chromium", X_OK) == 0 &&
         ::access("/usr/bin/python3", X_OK) == 0;
}

class CoreSystemServer {
 public:
  // `extra`: more server arguments, e.g. {"--postal-master", path}.
  explicit CoreSystemServer(const std::filesystem::path& dir, const std::vector<std::string>& extra = {}) {
    const auto ready = dir / "core_ready.txt";
    std::filesystem::remove(ready);
    std::vector<std::string> argv = {"/usr/bin/python3", (source_dir() / "samples/core_system/server.py").string(),
                                     "--port", "0", "--ready-file", ready.string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    pid_ = spawn_quiet(argv);
    for (int i = 0; i < 100 && pid_ > 0; ++i) {
      const std::string line = read_file(ready);
      if (line.rfind("READY ", 0) == 0) {
        url_ = line.substr(6, line.find_last_not_of("\r\n") - 5);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  ~CoreSystemServer() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  CoreSystemServer(const CoreSystemServer&) = delete;
  CoreSystemServer& operator=(const CoreSystemServer&) = delete;

  bool ok() const { return !url_.empty(); }
  const std::string& url() const { return url_; }  // "http://127.0.0.1:PORT"

  // The records the server holds (GET /api/records).
  nlohmann::json records() const {
    HttpOptions o;
    o.allowed_origins = {url_};
    auto client = HttpClient::create(o);
    if (!client.ok()) return nlohmann::json::array();
    auto r = client->get(url_ + "/api/records");
    if (!r.ok()) return nlohmann::json::array();
    return nlohmann::json::parse(r->body, nullptr, false).value("records", nlohmann::json::array());
  }

 private:
  int pid_ = -1;
  std::string url_;
};

// Processes whose command line mentions `needle` (e.g. a test's temp dir holding the browser
// profile), from /proc.
inline std::vector<int> processes_mentioning(const std::string& needle) {
  std::vector<int> out;
  for (const auto& e : std::filesystem::directory_iterator("/proc")) {
    const std::string name = e.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::string cmd = read_file(e.path() / "cmdline");
    for (auto& c : cmd)
      if (c == '\0') c = ' ';
    const std::string stat = read_file(e.path() / "stat");
    const bool zombie = stat.find(") Z") != std::string::npos;
    if (!zombie && cmd.find(needle) != std::string::npos) out.push_back(std::stoi(name));
  }
  return out;
}

}  // namespace kamiflow::testing
