#include "engine/os/webdriver_process.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

namespace kamiflow::web_detail {
namespace fs = std::filesystem;
namespace {

// A port the kernel just handed out on 127.0.0.1; chromedriver binds it a moment later. The race
// with another process is real but rare; start() retries on a driver that never gets ready.
Result<int> free_loopback_port() {
  const int s = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (s < 0) return Status::IOError(std::string("socket: ") + std::strerror(errno));
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  const bool ok = ::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
                  ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len) == 0;
  ::close(s);
  if (!ok) return Status::IOError(std::string("no free loopback port: ") + std::strerror(errno));
  return static_cast<int>(ntohs(a.sin_port));
}

// In a child after fork(): only async-signal-safe calls from here on.
void close_fds_except(int keep) {
  for (int fd = 3; fd < 4096; ++fd)
    if (fd != keep) ::close(fd);
}

void wait_quietly(pid_t pid) {
  if (pid <= 0) return;
  while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
  }
}

}  // namespace

Result<std::unique_ptr<DriverProcess>> DriverProcess::start(const fs::path& driver) {
  if (::access(driver.c_str(), X_OK) != 0)
    return Status::NotFound("web: " + driver.string() + " is missing (install Debian's chromium-driver)");
  std::string tmpl = (fs::temp_directory_path() / "kamiflow-web-XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr) return Status::IOError(std::string("web: mkdtemp: ") + std::strerror(errno));
  std::unique_ptr<DriverProcess> p(new DriverProcess());
  p->dir_ = tmpl;
  std::error_code ec;
  fs::create_directories(p->profile_dir(), ec);
  fs::create_directories(p->downloads_dir(), ec);
  KF_ASSIGN_OR_RETURN(p->port_, free_loopback_port());

  // Everything the children need is built before fork(): after it, no allocation.
  const std::string port_arg = "--port=" + std::to_string(p->port_);
  const std::string log = (p->dir_ / "driver.log").string();
  std::vector<char*> argv{const_cast<char*>(driver.c_str()), const_cast<char*>(port_arg.c_str()),
                          const_cast<char*>("--allowed-ips=127.0.0.1"), nullptr};
  const std::string dir = p->dir_.string();
  const char* rm_argv[] = {"rm", "-rf", "--", dir.c_str(), nullptr};
  const pid_t parent = ::getpid();

  const pid_t pid = ::fork();
  if (pid < 0) return Status::IOError(std::string("web: fork: ") + std::strerror(errno));
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);  // the parent died before prctl took effect
    ::setpgid(0, 0);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    const int devnull = ::open("/dev/null", O_RDONLY);
    const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (devnull >= 0) ::dup2(devnull, 0);
    if (out >= 0) {
      ::dup2(out, 1);
      ::dup2(out, 2);
    }
    close_fds_except(-1);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::setpgid(pid, pid);  // also from the parent: no window where the group does not exist yet
  p->driver_ = pid;

  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return Status::IOError(std::string("web: pipe: ") + std::strerror(errno));
  const pid_t reaper = ::fork();
  if (reaper < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return Status::IOError(std::string("web: fork: ") + std::strerror(errno));
  }
  if (reaper == 0) {
    // Its own group: a Ctrl-C or kill of kamiflow's group must not take the reaper with it.
    ::setpgid(0, 0);
    close_fds_except(fds[0]);
    char c;
    while (::read(fds[0], &c, 1) != 0) {
      if (errno != EINTR) break;
    }
    ::kill(-pid, SIGKILL);
    ::usleep(300 * 1000);  // let the killed browser release its profile files
    ::execv("/bin/rm", const_cast<char**>(rm_argv));
    ::_exit(0);
  }
  ::close(fds[0]);
  p->reaper_ = reaper;
  p->reaper_pipe_ = fds[1];
  return p;
}

DriverProcess::~DriverProcess() {
  if (driver_ > 0) {
    ::kill(-driver_, SIGKILL);  // the browser is in the driver's group
    wait_quietly(driver_);
  }
  if (reaper_pipe_ >= 0) ::close(reaper_pipe_);
  wait_quietly(reaper_);
  std::error_code ec;
  if (!dir_.empty()) fs::remove_all(dir_, ec);
}

std::string DriverProcess::log_tail() const {
  std::ifstream in(dir_ / "driver.log");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  return s.size() > 400 ? s.substr(s.size() - 400) : s;
}

}  // namespace kamiflow::web_detail
