// Internal to the batch runner: what happens to one finished page on the calling thread —
// callbacks, tray copies, crops, the commit — and the per-batch counters.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "engine/batch/runner.hpp"
#include "engine/batch/quarantine.hpp"

namespace kamiflow::engine::detail {

// Counts outcomes and moves input files to the done folder once all their pages are committed.
class Tracker {
 public:
  explicit Tracker(const BatchOptions& options) : options_(options) {}
  BatchSummary& summary() { return summary_; }
  // `pages` pages of this file will be delivered; 0 means it is complete already.
  void expect(const std::string& path, int pages);
  // One page of the file was committed; `journaled` is false when it could not be (no sha256),
  // which keeps the file where it is so the next run sees it again.
  void completed(const std::string& path, bool journaled);

 private:
  void move_to_done(const std::string& path);
  const BatchOptions& options_;
  BatchSummary summary_;
  std::map<std::string, int> remaining_;
  std::map<std::string, bool> movable_;
};

class Committer {
 public:
  Committer(RecordStore& store, const BatchOptions& options, const BatchCallbacks& callbacks, Tracker& tracker,
            long long batch_id);
  // Runs the callbacks and commits one page. A non-ok Status stops the batch.
  [[nodiscard]] Status deliver(const PageRef& ref, Result<ocr::Record> outcome);

 private:
  Status deliver_record(const PageRef& ref, ocr::Record record);
  Status deliver_reject(const PageRef& ref, const Status& why);
  std::vector<std::string> save_crops(ocr::Record& record);

  RecordStore& store_;
  const BatchOptions& options_;
  const BatchCallbacks& callbacks_;
  Tracker& tracker_;
  long long batch_id_;
  std::optional<Tray> quarantine_, unclassified_;
};

}  // namespace kamiflow::engine::detail
