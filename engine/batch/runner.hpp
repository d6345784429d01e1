// kamiflow::engine::BatchRunner: turns input files into committed records, exactly once.
//
// Flow: inputs (files, directories, globs) are expanded and sorted; each file is hashed (sha256)
// and opened on the calling thread, and every page not yet in the journal becomes a job. A pool of
// `jobs` workers, each owning its own ocr::Extractor (built by `make_extractor`) and its own
// PageSource, decodes and reads pages in parallel. Results come back to the CALLING thread in
// input order (a reorder buffer, at most `max_in_flight` pages alive at once, so memory stays
// flat); there the callbacks run and each page is committed in its own transaction.
//
// Exactly-once: the journal (RecordStore table `pages`, keyed by file sha256 + page) is written
// in the same transaction as the page's record. A rerun — after kill -9, a power cut, Ctrl-C or
// simply the same folder again — skips journaled pages, so every page ends up recorded once.
// Side effects outside the database (tray copies, crops) are written before the commit and are
// idempotent, so redoing an uncommitted page never duplicates them.
//
// Inputs are never modified (only read; optionally moved to `done_dir` after ALL their pages are
// committed). Bad files/pages go to the quarantine tray, unclassified pages to the unclassified
// tray; the batch goes on.
//
// Callbacks run on the calling thread, one at a time, in input order (so a Lua state needs no
// locking). A non-ok Status from a callback stops the batch: in-flight pages are abandoned
// uncommitted and run() returns that Status (the journal stays consistent; a rerun redoes them).
// Thread-safety: one run() at a time per BatchRunner; the RecordStore must not be used by
// another thread meanwhile.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/batch/summary.hpp"
#include "engine/store/journal.hpp"
#include "engine/base/logging.hpp"
#include "engine/batch/progress.hpp"
#include "engine/store/record_store.hpp"
#include "kamiflow/ocr/extractor.hpp"
#include "kamiflow/ocr/page_source.hpp"
#include "kamiflow/status.hpp"

namespace kamiflow::engine {

// What on_record decides for a record.
enum class Verdict {
  kAuto,         // needs_review when any field is flagged, else accepted
  kAccept,       // accepted even if flagged (the workflow vouched for it)
  kNeedsReview,  // send to review even if nothing is flagged
  kDrop,         // no record; the page is journaled "dropped" with `reason`
};

struct RecordDecision {
  Verdict verdict = Verdict::kAuto;
  std::string reason;  // kDrop: the journal's reason; kNeedsReview: stored as json.review_reason for the clerk
  nlohmann::json extra = nlohmann::json::object();  // merged into the record's stored JSON
};

// May modify the record (fix values, add flags) before it is stored.
using OnRecord = std::function<Result<RecordDecision>(ocr::Record& record)>;
// A page (or whole file, page 0) that went to the quarantine or unclassified tray.
using OnReject = std::function<Status(const PageRef& page, PageState state, const Status& reason)>;
using OnBatchEnd = std::function<Status(const BatchSummary& summary)>;

struct BatchCallbacks {
  OnRecord on_record;      // empty: Verdict::kAuto for every record
  OnReject on_reject;      // may be empty
  OnBatchEnd on_batch_end; // may be empty
};

// Builds one Extractor per worker; called once on each worker thread.
using ExtractorFactory = std::function<Result<std::unique_ptr<ocr::Extractor>>()>;
// Opens an input file; the default is ocr::PageSource::open. Called on the calling thread (to count
// pages) and on workers (to decode them), so it must be safe to call concurrently.
using PageSourceOpener =
    std::function<Result<std::unique_ptr<ocr::PageSource>>(const std::string& path, const ocr::PageSourceLimits&)>;
using FileHasher = std::function<Result<std::string>(const std::string& path)>;

// The usual factory: ocr::Extractor::create over shared, immutable templates.
[[nodiscard]] ExtractorFactory extractor_factory(std::vector<std::shared_ptr<const ocr::FormTemplate>> templates,
                                                 ocr::ExtractOptions options = {});

struct BatchOptions {
  std::vector<std::string> inputs;  // files, directories, glob patterns ("scans/*.tif")
  bool recursive = false;           // descend into subdirectories of directory inputs
  int jobs = 0;                     // workers; 0 = hardware cores
  int max_in_flight = 0;            // pages decoded/being read at once; 0 = 2 x jobs
  std::string quarantine_dir;       // copies of unusable files + reasons; empty = journal only
  std::string unclassified_dir;     // copies of unclassified pages' files; empty = journal only
  std::string crops_dir;            // PNG crops of flagged fields; empty = none saved
  bool crop_all_fields = false;     // with crops_dir: save every field's crop (reports, demos)
  std::string done_dir;             // move inputs here once all their pages are committed; empty = leave
  ocr::PageSourceLimits limits;

  ExtractorFactory make_extractor;  // required
  PageSourceOpener open_source;     // empty = ocr::PageSource::open
  FileHasher hash_file;             // empty = ocr::sha256_file

  const std::atomic<bool>* cancel = nullptr;  // set (e.g. by a signal): stop taking new pages
  std::function<void(const ProgressSnapshot&)> on_progress;  // after each page; may be empty
  Logger logger;                    // empty = null_logger()
};

class BatchRunner {
 public:
  BatchRunner(RecordStore& store, BatchOptions options, BatchCallbacks callbacks = {});

  // Runs the whole batch. Ok with summary.interrupted = true when cancelled; a non-ok Status for
  // failures that stop the batch (callback error, database I/O, extractor creation, no inputs).
  [[nodiscard]] Result<BatchSummary> run();

 private:
  RecordStore& store_;
  BatchOptions options_;
  BatchCallbacks callbacks_;
};

// Expands files, directories and glob patterns into a sorted, de-duplicated list of regular
// files (hidden files and names ending .tmp/.part are left out: they are being written; .json
// files found in a folder are metadata, such as the samples' ground truth, and left out too).
[[nodiscard]] Result<std::vector<std::string>> expand_inputs(const std::vector<std::string>& inputs, bool recursive);

// While alive, SIGINT and SIGTERM set flag() instead of killing the process (a second SIGINT
// kills as usual). Only one may exist at a time; the previous handlers come back on destruction.
class SignalCancellation {
 public:
  SignalCancellation();
  ~SignalCancellation();
  SignalCancellation(const SignalCancellation&) = delete;
  SignalCancellation& operator=(const SignalCancellation&) = delete;
  const std::atomic<bool>& flag() const;
};

}  // namespace kamiflow::engine
