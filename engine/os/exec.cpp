#include "engine/os/exec.hpp"

#include "engine/os/exec_supervisor.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace kamiflow {
namespace fs = std::filesystem;
namespace {

// Owns a file descriptor; closes it once.
struct Fd {
  int fd = -1;
  Fd() = default;
  explicit Fd(int f) : fd(f) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  void reset() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
};

}  // namespace

Result<CommandRunner> CommandRunner::create(const std::vector<fs::path>& declared) {
  std::vector<Declared> out;
  for (const auto& p : declared) {
    if (!p.is_absolute()) return Status::InvalidInput("declared command must be an absolute path: " + p.string());
    std::error_code ec;
    fs::path canonical = fs::canonical(p, ec);
    if (ec) return Status::NotFound("declared command " + p.string() + ": " + ec.message());
    // Mode bits, not access(X_OK): the answer must not depend on which user runs kamiflow.
    const auto perms = fs::status(canonical, ec).permissions();
    const auto any_exec = fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec;
    if (ec || !fs::is_regular_file(canonical) || (perms & any_exec) == fs::perms::none) {
      return Status::InvalidInput("declared command is not executable: " + p.string());
    }
    out.push_back({p, canonical});
  }
  return CommandRunner(std::move(out));
}

Result<fs::path> CommandRunner::resolve(const std::string& command) const {
  const fs::path want(command);
  for (const auto& d : declared_) {
    if (want.is_absolute()) {
      if (want == d.path || want == d.canonical) return d.path;
    } else if (command == d.path.filename().string()) {
      return d.path;
    }
  }
  std::string names;
  for (const auto& d : declared_) names += (names.empty() ? "" : ", ") + d.path.string();
  return Status::PermissionDenied("command " + command + " is not declared (declared: " +
                                  (names.empty() ? "none" : names) + ")");
}

Result<ExecResult> CommandRunner::run(const std::string& command, const std::vector<std::string>& args,
                                      const ExecOptions& options) const {
  KF_ASSIGN_OR_RETURN(fs::path program, resolve(command));
  int out_pipe[2], err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) return Status::IOError(std::string("pipe: ") + std::strerror(errno));
  Fd out_r(out_pipe[0]), out_w(out_pipe[1]);
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) return Status::IOError(std::string("pipe: ") + std::strerror(errno));
  Fd err_r(err_pipe[0]), err_w(err_pipe[1]);

  std::vector<std::string> argv_s{program.string()};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<std::string> env_s{"PATH=/usr/bin:/bin", "LANG=C.UTF-8"};
  env_s.insert(env_s.end(), options.env.begin(), options.env.end());
  KF_ASSIGN_OR_RETURN(const exec_detail::Supervised sup,
                      exec_detail::start_supervised({program.string(), std::move(argv_s), std::move(env_s),
                                                     options.cwd.string(), out_w.fd, err_w.fd}));
  out_w.reset();
  err_w.reset();
  Fd status_r(sup.status_fd);

  // Reads both outputs and the supervisor's report until all three end or the deadline passes.
  // The deadline holds whatever the program does with its pipes: closing them early and
  // running on, or handing them to a grandchild, changes nothing.
  ExecResult result;
  const auto deadline = std::chrono::steady_clock::now() + options.timeout;
  bool timed_out = false;
  pid_t program_pid = -1;
  int wait_status = 0;
  bool have_status = false;
  std::string report;  // the supervisor's bytes: pid, then wait status
  std::string* sinks[2] = {&result.out, &result.err};
  Fd* fds[3] = {&out_r, &err_r, &status_r};
  while (out_r.fd >= 0 || err_r.fd >= 0 || status_r.fd >= 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    // Once the supervisor has reported, every process of the command is dead. A pipe still
    // open then is a copy another thread's fork() inherited (a PDF page's renderer): drain what
    // is buffered and stop, instead of waiting for that process.
    const bool all_dead = report.size() >= sizeof(pid_t) + sizeof(int);
    pollfd p[3] = {{out_r.fd, POLLIN, 0}, {err_r.fd, POLLIN, 0}, {status_r.fd, POLLIN, 0}};  // fd -1: ignored
    const int n = ::poll(p, 3, static_cast<int>(std::min<long long>(left.count(), all_dead ? 100 : 1000)));
    if (n < 0 && errno != EINTR) break;
    if (n == 0 && all_dead) break;
    for (int k = 0; k < 3; ++k) {
      if (p[k].fd < 0 || !(p[k].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      char buf[65536];
      const ssize_t got = ::read(p[k].fd, buf, sizeof buf);
      if (got <= 0) {
        if (got < 0 && errno == EINTR) continue;
        fds[k]->reset();
        continue;
      }
      if (k == 2) {
        report.append(buf, static_cast<std::size_t>(got));
        continue;
      }
      const std::size_t room = options.max_output_bytes - std::min(options.max_output_bytes, sinks[k]->size());
      sinks[k]->append(buf, std::min(room, static_cast<std::size_t>(got)));
      if (static_cast<std::size_t>(got) > room) result.truncated = true;
    }
  }
  if (report.size() >= sizeof(pid_t)) std::memcpy(&program_pid, report.data(), sizeof(pid_t));
  if (report.size() >= sizeof(pid_t) + sizeof(int)) {
    std::memcpy(&wait_status, report.data() + sizeof(pid_t), sizeof(int));
    have_status = true;
  }
  if (timed_out) {
    exec_detail::stop_supervised(sup, program_pid, 2000);
    return Status::Timeout(program.string() + " killed after " + std::to_string(options.timeout.count()) + " ms");
  }
  int st = 0;
  while (::waitpid(sup.supervisor, &st, 0) < 0 && errno == EINTR) {
  }
  if (!have_status) return Status::Internal("the supervisor of " + program.string() + " ended without a report");
  if (WIFEXITED(wait_status)) {
    result.exit_code = WEXITSTATUS(wait_status);
  } else if (WIFSIGNALED(wait_status)) {
    result.term_signal = WTERMSIG(wait_status);
  }
  return result;
}

}  // namespace kamiflow
