// DriverProcess: a chromedriver child on a free loopback port, its temporary profile directory,
// and a reaper that makes sure neither chromedriver nor the browser it starts outlives kamiflow.
// Internal to the web capability (engine/os/web.cpp).
//
// Contract: start() creates a private temp directory (browser profile, downloads that are refused
// anyway, the driver's log), forks chromedriver in its own process group (so the browser it
// spawns shares that group) with PR_SET_PDEATHSIG=SIGKILL, and forks a reaper in a third process
// group that blocks on a pipe only kamiflow holds open. When kamiflow goes away by any route —
// return, exception, SIGKILL — the pipe reaches EOF and the reaper SIGKILLs the driver's group and
// removes the temp directory. The destructor does the same at once, and reaps both children.
// The spawning thread must outlive the driver (PDEATHSIG follows the thread): use the Lua thread.
// Thread-safety: not thread-safe. Ownership: owns both children and the directory.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <string>

#include "kamiflow/status.hpp"

namespace kamiflow::web_detail {

class DriverProcess {
 public:
  [[nodiscard]] static Result<std::unique_ptr<DriverProcess>> start(const std::filesystem::path& driver);
  ~DriverProcess();
  DriverProcess(const DriverProcess&) = delete;
  DriverProcess& operator=(const DriverProcess&) = delete;

  int port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  const std::filesystem::path& dir() const { return dir_; }
  std::filesystem::path profile_dir() const { return dir_ / "profile"; }
  std::filesystem::path downloads_dir() const { return dir_ / "downloads"; }
  // The last part of the driver's log, for error messages when it fails to start a browser.
  std::string log_tail() const;
  pid_t driver_pid() const { return driver_; }
  pid_t reaper_pid() const { return reaper_; }

 private:
  DriverProcess() = default;
  std::filesystem::path dir_;
  int port_ = 0;
  pid_t driver_ = -1, reaper_ = -1;
  int reaper_pipe_ = -1;  // write end; closing it (or dying) wakes the reaper
};

}  // namespace kamiflow::web_detail
