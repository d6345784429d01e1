// kamiflow::engine::run_batch_session: one run of the page pipeline the way the front ends
// (`kamiflow batch` and Lua workflows) start it, so they cannot drift apart: an extractor per
// worker for the templates (keeping field crops when BatchOptions::crops_dir is set), SIGINT and
// SIGTERM stop it cleanly (the summary then says interrupted), an optional live progress bar on
// stderr, and a hot-folder watch instead of one pass when `watch` is set.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "engine/batch/runner.hpp"
#include "engine/batch/hot_folder.hpp"
#include "kamiflow/ocr/form_template.hpp"

namespace kamiflow::engine {

struct BatchSession {
  std::vector<std::shared_ptr<const ocr::FormTemplate>> templates;
  bool progress = false;              // live progress bar on stderr, closed with a summary line
  bool summary_table = false;         // the summary table on stderr at the end (with or without the bar)
  std::optional<WatchOptions> watch;  // hot folder; its `cancel` is set by the session
};

// `options` supplies everything but the extractor factory, cancellation and progress callback.
[[nodiscard]] Result<BatchSummary> run_batch_session(RecordStore& store, BatchOptions options,
                                                     const BatchSession& session, BatchCallbacks callbacks = {});

}  // namespace kamiflow::engine
