// kamiflow::engine::watch_folder: a hot folder. Scanners and clerks drop files into a directory;
// each file is processed once it has stopped growing.
//
// Contract: polls `dir` every `poll_interval_ms`; a file is taken when its size and mtime are the
// same in two consecutive polls (a scanner still writing it changes one of them). Taken files go
// through a normal BatchRunner batch with the same journal, so a file is never done twice — not
// after a restart, not when dropped again under another name. Stops on `cancel`, after
// `max_idle_polls` polls in a row with nothing new, or once `max_files` files were taken (0 = no
// limit; the limits exist for tests and cron-style runs). Blocks the calling thread; callbacks
// run on it, exactly as with BatchRunner.
#pragma once

#include <atomic>
#include <string>

#include "engine/batch/runner.hpp"

namespace kamiflow::engine {

struct WatchOptions {
  std::string dir;
  bool recursive = false;
  int poll_interval_ms = 1000;
  int max_idle_polls = 0;  // 0 = watch until cancelled
  long long max_files = 0;  // 0 = no limit
  const std::atomic<bool>* cancel = nullptr;
};

// `batch` supplies everything but the inputs (extractor factory, trays, jobs, ...). The returned
// summary adds up every batch run while watching.
[[nodiscard]] Result<BatchSummary> watch_folder(RecordStore& store, const WatchOptions& watch, BatchOptions batch,
                                                const BatchCallbacks& callbacks = {});

}  // namespace kamiflow::engine
