#include "pdf_render_child.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>

#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>

#if defined(__SANITIZE_ADDRESS__)
#define KAMIFLOW_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KAMIFLOW_ASAN 1
#endif
#endif

namespace kamiflow::ocr::page_source_detail {
namespace {

constexpr long long kMiB = 1 << 20;

struct SharedHeader {
  int width = 0, height = 0;
};

poppler::image render(poppler::page& page, double dpi) {
  poppler::page_renderer renderer;
  renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
  renderer.set_render_hint(poppler::page_renderer::text_antialiasing, true);
  renderer.set_image_format(poppler::image::format_bgr24);
  return renderer.render_page(&page, dpi, dpi);
}

cv::Mat copy_out(const poppler::image& img) {
  // Copy out of poppler's buffer (freed with `img`); its rows are padded.
  const cv::Mat view(img.height(), img.width(), CV_8UC3, const_cast<char*>(img.const_data()),
                     static_cast<std::size_t>(img.bytes_per_row()));
  return view.clone();
}

bool usable(const poppler::image& img) {
  return img.is_valid() && img.width() > 0 && img.height() > 0 && img.format() == poppler::image::format_bgr24;
}

// Splash answers an allocation it cannot make with "Out of memory" on stderr and a 1 x 1 image,
// so a page is only rendered when it has the size its box declares (either way round).
bool declared_size(const poppler::image& img, long long w, long long h) {
  const auto near = [](long long a, long long b) { return a >= b - 2 && a <= b + 2; };
  return (near(img.width(), w) && near(img.height(), h)) || (near(img.width(), h) && near(img.height(), w));
}

// The address space this process already uses, so the child's limit is "that plus the budget".
long long address_space_bytes() {
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return 0;
  long long pages = 0;
  if (std::fscanf(f, "%lld", &pages) != 1) pages = 0;
  std::fclose(f);
  return pages * ::sysconf(_SC_PAGESIZE);
}

// Exit codes of the child.
enum ChildExit { kRendered = 0, kNotRendered = 2, kOutOfMemory = 3, kTooLarge = 4 };

[[noreturn]] void child_render(poppler::page& page, double dpi, long long w, long long h, void* shared,
                               std::size_t capacity, long long as_limit) {
#ifndef KAMIFLOW_ASAN
  if (as_limit > 0) {
    const rlimit lim{static_cast<rlim_t>(as_limit), static_cast<rlim_t>(as_limit)};
    ::setrlimit(RLIMIT_AS, &lim);
  }
#else
  (void)as_limit;
#endif
  int code = kRendered;
  try {
    const poppler::image img = render(page, dpi);
    if (!usable(img)) {
      code = kNotRendered;
    } else if (!declared_size(img, w, h)) {
      code = kOutOfMemory;
    } else {
      const std::size_t row = static_cast<std::size_t>(img.width()) * 3;
      if (sizeof(SharedHeader) + row * static_cast<std::size_t>(img.height()) > capacity) {
        code = kTooLarge;
      } else {
        auto* header = static_cast<SharedHeader*>(shared);
        auto* pixels = static_cast<char*>(shared) + sizeof(SharedHeader);
        for (int y = 0; y < img.height(); ++y)
          std::memcpy(pixels + row * static_cast<std::size_t>(y),
                      img.const_data() + static_cast<std::ptrdiff_t>(y) * img.bytes_per_row(), row);
        header->width = img.width();
        header->height = img.height();
      }
    }
  } catch (const std::bad_alloc&) {
    code = kOutOfMemory;
  } catch (...) {
    code = kNotRendered;
  }
  ::_exit(code);
}

std::string seconds_text(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", s);
  return buf;
}

}  // namespace

std::mutex& poppler_mutex() {
  static std::mutex mu;
  return mu;
}

Result<cv::Mat> render_page_bgr(poppler::page& page, double dpi, long long width_hint, long long height_hint,
                                const RenderBudget& budget, std::unique_lock<std::mutex>& lock) {
  if (budget.seconds <= 0) {
    const poppler::image img = render(page, dpi);
    if (!usable(img)) return Status::Corruption("PDF page could not be rendered");
    if (!declared_size(img, width_hint, height_hint)) return Status::ResourceLimit("rendering ran out of memory");
    return copy_out(img);
  }
  // Room for the page either way round (a /Rotate 90 page renders h x w) and rounding.
  const std::size_t capacity =
      sizeof(SharedHeader) + static_cast<std::size_t>(width_hint + 4) * static_cast<std::size_t>(height_hint + 4) * 3;
  void* shared = ::mmap(nullptr, capacity, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (shared == MAP_FAILED) return Status::ResourceLimit(std::string("cannot map the page buffer: ") + std::strerror(errno));
  struct Unmap {
    void* p;
    std::size_t n;
    ~Unmap() { ::munmap(p, n); }
  } unmap{shared, capacity};
  const long long as_limit = budget.memory_bytes > 0 ? address_space_bytes() + budget.memory_bytes : 0;

  const pid_t pid = ::fork();
  if (pid < 0) return Status::ResourceLimit(std::string("cannot start the PDF renderer: fork: ") + std::strerror(errno));
  if (pid == 0) child_render(page, dpi, width_hint, height_hint, shared, capacity, as_limit);
  lock.unlock();
  struct Relock {
    std::unique_lock<std::mutex>& l;
    ~Relock() { l.lock(); }
  } relock{lock};

  // A pidfd becomes readable when the child exits: poll() gives the timeout, no signals needed.
  const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));  // glibc 2.36's header lacks extern "C"
  bool timed_out = false;
  if (pidfd >= 0) {
    pollfd p{pidfd, POLLIN, 0};
    const auto deadline_ms = static_cast<long long>(std::ceil(budget.seconds * 1000));
    const auto start = std::chrono::steady_clock::now();
    for (;;) {
      const long long left =
          deadline_ms - std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
      if (left <= 0) {
        timed_out = true;
        break;
      }
      const int n = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 60'000)));
      if (n > 0) break;
      if (n < 0 && errno != EINTR) break;
    }
    ::close(pidfd);
  }
  if (timed_out) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out)
    return Status::Timeout("took longer than " + seconds_text(budget.seconds) + " s to render; stopped");
  if (WIFSIGNALED(status)) {
    return Status::Corruption("the PDF renderer crashed on this page (signal " + std::to_string(WTERMSIG(status)) +
                              (budget.memory_bytes > 0 ? "; the memory budget is " +
                                                             std::to_string(budget.memory_bytes / kMiB) + " MiB)"
                                                       : ")"));
  }
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : kNotRendered;
  if (code == kOutOfMemory)
    return Status::ResourceLimit("rendering needed more than the memory budget of " +
                                 std::to_string(budget.memory_bytes / kMiB) + " MiB");
  if (code == kTooLarge) return Status::ResourceLimit("rendered larger than its page box declares");
  if (code != kRendered) return Status::Corruption("PDF page could not be rendered");
  const auto* header = static_cast<const SharedHeader*>(shared);
  const cv::Mat view(header->height, header->width, CV_8UC3, static_cast<char*>(shared) + sizeof(SharedHeader));
  return view.clone();
}

}  // namespace kamiflow::ocr::page_source_detail
