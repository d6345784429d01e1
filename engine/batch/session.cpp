// run_batch_session: the shared start-up and shut-down around BatchRunner / watch_folder.
#include "engine/batch/session.hpp"

#include <iostream>

#include "engine/batch/progress.hpp"

namespace kamiflow::engine {

Result<BatchSummary> run_batch_session(RecordStore& store, BatchOptions options, const BatchSession& session,
                                       BatchCallbacks callbacks) {
  ocr::ExtractOptions extract;
  extract.keep_crops = !options.crops_dir.empty();
  extract.page_seconds = options.limits.page_seconds;  // one budget: rendering, then reading
  options.make_extractor = extractor_factory(session.templates, extract);
  SignalCancellation signals;
  options.cancel = &signals.flag();
  std::optional<ProgressReporter> progress;
  if (session.progress) {
    progress.emplace(ProgressReporter::for_stderr());
    options.on_progress = [&](const ProgressSnapshot& s) { progress->update(s); };
  }

  Result<BatchSummary> summary = Status::Internal("not run");
  if (session.watch) {
    WatchOptions w = *session.watch;
    w.cancel = &signals.flag();
    summary = watch_folder(store, w, options, callbacks);
  } else {
    summary = BatchRunner(store, options, callbacks).run();
  }
  if (!summary.ok()) return summary;
  if (signals.flag().load()) summary->interrupted = true;
  if (progress) {
    progress->finish(*summary, session.summary_table);
  } else if (session.summary_table) {
    std::cerr << render_summary_table(*summary);
  }
  return summary;
}

}  // namespace kamiflow::engine
