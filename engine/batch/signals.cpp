// SignalCancellation: SIGINT/SIGTERM become "finish in-flight pages, commit, stop".
#include <csignal>

#include "engine/batch/runner.hpp"

namespace kamiflow::engine {
namespace {

// A signal handler may only touch lock-free atomics; std::atomic<bool> is lock-free on Linux.
std::atomic<bool> g_cancel{false};
struct sigaction g_old_int, g_old_term;

extern "C" void on_stop_signal(int sig) {
  if (sig == SIGINT && g_cancel.load()) {
    // Second Ctrl-C: the user really wants out. The journal keeps the run resumable anyway.
    std::signal(SIGINT, SIG_DFL);
    std::raise(SIGINT);
    return;
  }
  g_cancel.store(true);
}

}  // namespace

SignalCancellation::SignalCancellation() {
  g_cancel.store(false);
  struct sigaction sa{};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, &g_old_int);
  sigaction(SIGTERM, &sa, &g_old_term);
}

SignalCancellation::~SignalCancellation() {
  sigaction(SIGINT, &g_old_int, nullptr);
  sigaction(SIGTERM, &g_old_term, nullptr);
}

const std::atomic<bool>& SignalCancellation::flag() const { return g_cancel; }

}  // namespace kamiflow::engine
