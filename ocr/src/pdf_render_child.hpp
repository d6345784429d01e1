// Internal to ocr/: rendering one PDF page in a forked child process, under a time and memory
// budget, so that a hostile page (nested form XObjects drawing each other, 2^32 operations) or a
// poppler crash costs that page only, never a worker or the batch.
//
// Why a child: poppler-cpp has no abort callback, and a thread cannot be stopped safely; a
// process can (SIGKILL). The child renders into a shared anonymous mapping the parent made, so
// the pixels are not copied through a pipe; RLIMIT_AS bounds its memory (not under ASan, whose
// shadow memory needs the address space). Fork safety: every poppler call of the parent holds
// poppler_mutex(), and so does the fork, so the child never inherits a poppler lock held by
// another thread; after fork the child touches only poppler and its own memory, then _exit()s.
#pragma once

#include <mutex>

#include <opencv2/core.hpp>

#include "kamiflow/status.hpp"

namespace poppler {
class page;
}

namespace kamiflow::ocr::page_source_detail {

// Held around every poppler call made in this process.
std::mutex& poppler_mutex();

struct RenderBudget {
  double seconds = 0;          // 0: render in this process, no watchdog
  long long memory_bytes = 0;  // 0: no memory limit for the child
};

// Renders `page` at `dpi` to 8-bit BGR. `max_pixels_hint` is width x height as the page box
// declares it (already checked against the pixel limit): the shared buffer is sized from it.
// Errors carry no file name: Timeout "took longer than N s to render", ResourceLimit "needed
// more than N MiB", Corruption "the renderer crashed (signal S)", Corruption "could not be
// rendered". Call with `lock` holding poppler_mutex(): it is released while the child renders
// (other workers may fork theirs) and held again on return.
[[nodiscard]] Result<cv::Mat> render_page_bgr(poppler::page& page, double dpi, long long width_hint,
                                              long long height_hint, const RenderBudget& budget,
                                              std::unique_lock<std::mutex>& lock);

}  // namespace kamiflow::ocr::page_source_detail
