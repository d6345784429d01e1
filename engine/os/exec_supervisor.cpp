#include "engine/os/exec_supervisor.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace kamiflow::exec_detail {
namespace {

// The supervisor's state, for its SIGTERM handler. Only ever set in the supervisor process.
volatile sig_atomic_t g_stop = 0;
volatile pid_t g_program = -1;

void on_term(int) {
  g_stop = 1;
  if (g_program > 0) {  // makes the supervisor's waitpid() return; the rest is done in its loop
    ::kill(-g_program, SIGKILL);
    ::kill(g_program, SIGKILL);
  }
}

bool write_all(int fd, const void* data, std::size_t n) {
  const char* p = static_cast<const char*>(data);
  while (n > 0) {
    const ssize_t w = ::write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    p += w;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}

// Kills the program's group and every child of this process, reaping as it goes; each reaped
// process may hand its own children over (subreaper), so repeat until there are none.
void kill_descendants(pid_t program) {
  ::kill(-program, SIGKILL);
  char buf[4096];
  for (;;) {
    const int fd = ::open("/proc/thread-self/children", O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
      const ssize_t n = ::read(fd, buf, sizeof buf - 1);
      ::close(fd);
      pid_t pid = 0;
      for (ssize_t i = 0; i < n; ++i) {
        if (buf[i] >= '0' && buf[i] <= '9') {
          pid = pid * 10 + (buf[i] - '0');
        } else if (pid > 0) {
          ::kill(-pid, SIGKILL);  // its group, when it made one (setsid)
          ::kill(pid, SIGKILL);
          pid = 0;
        }
      }
    }
    int st = 0;
    if (::waitpid(-1, &st, 0) < 0 && errno == ECHILD) return;
  }
}

[[noreturn]] void supervise(const SpawnRequest& r, char* const* argv, char* const* envp, int status_w,
                            pid_t parent) {
  struct sigaction sa {};
  sa.sa_handler = on_term;  // no SA_RESTART: waitpid() must return on SIGTERM
  ::sigaction(SIGTERM, &sa, nullptr);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  ::prctl(PR_SET_CHILD_SUBREAPER, 1);
  ::prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (::getppid() != parent) ::_exit(1);  // kamiflow died before the line above

  const pid_t program = ::fork();
  if (program == 0) {
    ::setpgid(0, 0);
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    ::sigaction(SIGTERM, &dfl, nullptr);
    const int null_fd = ::open("/dev/null", O_RDONLY);
    if (null_fd >= 0) ::dup2(null_fd, 0);
    ::dup2(r.stdout_fd, 1);
    ::dup2(r.stderr_fd, 2);
    if (!r.cwd.empty() && ::chdir(r.cwd.c_str()) != 0) ::_exit(127);
    ::execve(r.program.c_str(), argv, envp);
    ::_exit(127);
  }
  // Only the program may hold the output pipes, or kamiflow would never see them close.
  ::close(r.stdout_fd);
  ::close(r.stderr_fd);
  if (program < 0) ::_exit(1);
  ::setpgid(program, program);  // also here: whichever of the two runs first
  g_program = program;
  write_all(status_w, &program, sizeof program);
  if (g_stop) on_term(SIGTERM);

  int status = 0;
  for (;;) {
    int st = 0;
    const pid_t got = ::waitpid(-1, &st, 0);
    if (got == program) {
      status = st;
      break;
    }
    if (got < 0 && errno == ECHILD) break;
    if (got < 0 && g_stop) break;
  }
  // The program is done (or is being stopped): nothing it started may outlive it.
  kill_descendants(program);
  if (!g_stop) write_all(status_w, &status, sizeof status);
  ::_exit(0);
}

}  // namespace

Result<Supervised> start_supervised(const SpawnRequest& request) {
  // Everything the child needs is built before fork: after it, no allocation is safe.
  std::vector<std::string> argv_s = request.argv, env_s = request.env;
  std::vector<char*> argv, envp;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  for (auto& e : env_s) envp.push_back(e.data());
  envp.push_back(nullptr);
  int status_pipe[2];
  if (::pipe2(status_pipe, O_CLOEXEC) != 0) return Status::IOError(std::string("pipe: ") + std::strerror(errno));
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    const int e = errno;
    ::close(status_pipe[0]);
    ::close(status_pipe[1]);
    return Status::IOError("cannot start " + request.program + ": fork: " + std::strerror(e));
  }
  if (pid == 0) {
    ::close(status_pipe[0]);
    supervise(request, argv.data(), envp.data(), status_pipe[1], parent);
  }
  ::close(status_pipe[1]);
  return Supervised{pid, status_pipe[0]};
}

void stop_supervised(const Supervised& s, pid_t program, int grace_ms) {
  ::kill(s.supervisor, SIGTERM);
  int st = 0;
  for (int waited_ms = 0;; waited_ms += 2) {
    const pid_t got = ::waitpid(s.supervisor, &st, WNOHANG);
    if (got == s.supervisor || (got < 0 && errno != EINTR)) return;
    if (waited_ms >= grace_ms) break;
    ::usleep(2000);
  }
  ::kill(s.supervisor, SIGKILL);  // it did not clean up in time: at least the program's group goes
  if (program > 0) ::kill(-program, SIGKILL);
  while (::waitpid(s.supervisor, &st, 0) < 0 && errno == EINTR) {
  }
}

}  // namespace kamiflow::exec_detail
