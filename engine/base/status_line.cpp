#include "engine/base/status_line.hpp"

#include <mutex>

namespace kamiflow::status_line {
namespace {
std::mutex g_mu;
std::FILE* g_out = nullptr;  // where the line is drawn; null = no line on screen
std::string g_line;
}  // namespace

void show(std::FILE* out, const std::string& line) {
  std::lock_guard<std::mutex> lock(g_mu);
  g_out = out;
  g_line = line;
  std::fprintf(out, "\r%s\x1b[K", line.c_str());
  std::fflush(out);
}

void clear() {
  std::lock_guard<std::mutex> lock(g_mu);
  if (g_out) {
    std::fputs("\r\x1b[K", g_out);
    std::fflush(g_out);
  }
  g_out = nullptr;
  g_line.clear();
}

void around(const std::function<void()>& write) {
  std::lock_guard<std::mutex> lock(g_mu);
  if (g_out) {
    std::fputs("\r\x1b[K", g_out);
    std::fflush(g_out);
  }
  write();
  if (g_out) {
    std::fprintf(g_out, "\r%s\x1b[K", g_line.c_str());
    std::fflush(g_out);
  }
}

}  // namespace kamiflow::status_line
