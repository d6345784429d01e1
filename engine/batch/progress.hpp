// kamiflow::engine progress display for long batches.
//
// Contract: rendering is pure (snapshot in, text out; no clock, no terminal), so it is tested
// without a TTY. ProgressReporter decides when and how to draw: on a TTY one line redrawn in place
// on stderr (at most ~10 times a second); otherwise a plain line every `plain_interval` seconds
// so logs stay readable. It prints counts only, never field values (no personal data).
// Thread-safety: ProgressReporter is not thread-safe; the batch runner calls it from its calling
// thread.
#pragma once

#include <chrono>
#include <cstdio>
#include <string>

#include "engine/batch/summary.hpp"

namespace kamiflow::engine {

struct ProgressSnapshot {
  long long pages_done = 0;   // finished this run (any outcome)
  long long pages_total = 0;  // best estimate of pages to do this run (grows as files are opened)
  bool total_is_estimate = false;  // some files not opened yet: shown as "40/~300", never as exact
  long long skipped = 0;      // already done by an earlier run
  long long rejected = 0;     // quarantined + unclassified so far
  long long files_done = 0, files_total = 0;
  double elapsed_seconds = 0;
};

// "[#######.......]  120/300 pages  2.4 p/s  ETA 1m15s  3 rejected" fitted to `width` columns.
[[nodiscard]] std::string render_progress_bar(const ProgressSnapshot& s, int width);
// "progress: 120/300 pages, 2.4 pages/s, ETA 1m15s, 3 rejected, 10 skipped"
[[nodiscard]] std::string render_progress_plain(const ProgressSnapshot& s);
// The table printed when a batch ends (counts, seconds, pages/s).
[[nodiscard]] std::string render_summary_table(const BatchSummary& s);
// "1h02m", "3m05s", "42s"; "--" when unknown (negative).
[[nodiscard]] std::string format_duration(double seconds);

class ProgressReporter {
 public:
  // `out` is usually stderr; `tty` says whether to redraw in place (isatty(fileno(out))).
  ProgressReporter(std::FILE* out, bool tty, double plain_interval_seconds = 10);
  static ProgressReporter for_stderr();

  void update(const ProgressSnapshot& s);   // draws when due
  void finish(const BatchSummary& summary, bool table = true);  // clears the bar, prints the table (unless !table: --json)

 private:
  std::FILE* out_;
  bool tty_;
  double plain_interval_;
  std::chrono::steady_clock::time_point last_draw_{};
  bool drawn_ = false;
};

}  // namespace kamiflow::engine
