// BatchRunner::run(): produce page jobs in input order, collect results in the same order,
// run the callbacks and commit each page (see batch_runner.hpp for the contract).
#include "engine/batch/runner.hpp"

#include <chrono>
#include <deque>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <thread>

#include "engine/batch/commit.hpp"
#include "engine/batch/pool.hpp"

namespace kamiflow::engine {
namespace fs = std::filesystem;
namespace {

// One entry of the reorder queue: a page a worker reads, or an outcome known up front (a file
// that could not be hashed or opened).
struct Item {
  long long seq = 0;
  PageRef ref;
  bool in_pool = false;
  Status known_failure;  // when !in_pool
};

// Walks the expanded inputs lazily, one file at a time, so hashing and opening overlap with the
// workers' OCR instead of delaying the first page.
class Producer {
 public:
  Producer(std::vector<std::string> files, RecordStore& store, const BatchOptions& options, detail::Tracker& tracker)
      : files_(std::move(files)), store_(store), options_(options), tracker_(tracker) {}

  // Next item, or nullopt when every file has been walked. Database errors stop the batch.
  Result<std::optional<Item>> next() {
    while (pending_.empty()) {
      if (file_index_ >= files_.size()) return std::optional<Item>();
      KF_RETURN_IF_ERROR(walk(files_[file_index_++]));
    }
    Item item = std::move(pending_.front());
    pending_.pop_front();
    return std::optional<Item>(std::move(item));
  }
  long long pages_seen() const { return pages_seen_; }
  size_t files_walked() const { return file_index_; }

 private:
  Status walk(const std::string& path) {
    auto hashed = options_.hash_file(path);
    if (!hashed.ok()) {
      // No hash, no journal key: it is quarantined now and retried by the next run.
      add_known(PageRef{path, 0, ""}, hashed.status());
      tracker_.expect(path, 1);
      return Status::Ok();
    }
    const std::string sha = *hashed;
    if (!seen_sha_.insert(sha).second) {  // the same bytes under another name in this batch
      tracker_.expect(path, 0);
      ++tracker_.summary().skipped;
      return Status::Ok();
    }
    KF_ASSIGN_OR_RETURN(std::set<int> finished, store_.finished_pages(sha));
    if (finished.count(0)) {  // refused as a whole by an earlier run
      tracker_.expect(path, 0);
      ++tracker_.summary().skipped;
      return Status::Ok();
    }
    auto source = options_.open_source(path, options_.limits);
    if (!source.ok()) {
      add_known(PageRef{path, 0, sha}, source.status());
      tracker_.expect(path, 1);
      return Status::Ok();
    }
    int pages = (*source)->page_count();
    int todo = 0;
    for (int p = 1; p <= pages; ++p) {
      if (finished.count(p)) {
        ++tracker_.summary().skipped;
        continue;
      }
      Item item;
      item.seq = next_seq_++;
      item.ref = PageRef{path, p, sha};
      item.in_pool = true;
      pending_.push_back(std::move(item));
      ++todo;
    }
    pages_seen_ += todo;
    tracker_.expect(path, todo);
    return Status::Ok();
  }

  void add_known(PageRef ref, Status why) {
    Item item;
    item.seq = next_seq_++;
    item.ref = std::move(ref);
    item.known_failure = std::move(why);
    pending_.push_back(std::move(item));
    ++pages_seen_;
  }

  std::vector<std::string> files_;
  RecordStore& store_;
  const BatchOptions& options_;
  detail::Tracker& tracker_;
  size_t file_index_ = 0;
  long long next_seq_ = 0;
  long long pages_seen_ = 0;
  std::deque<Item> pending_;
  std::set<std::string> seen_sha_;
};

}  // namespace

BatchRunner::BatchRunner(RecordStore& store, BatchOptions options, BatchCallbacks callbacks)
    : store_(store), options_(std::move(options)), callbacks_(std::move(callbacks)) {
  if (!options_.open_source)
    options_.open_source = [](const std::string& p, const ocr::PageSourceLimits& l) { return ocr::PageSource::open(p, l); };
  if (!options_.hash_file) options_.hash_file = [](const std::string& p) { return ocr::sha256_file(p); };
  if (!options_.logger) options_.logger = null_logger();
  if (options_.jobs <= 0) options_.jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (options_.max_in_flight <= 0) options_.max_in_flight = 2 * options_.jobs;
}

Result<BatchSummary> BatchRunner::run() {
  if (!options_.make_extractor) return Status::InvalidInput("batch runner: no extractor factory given");
  KF_ASSIGN_OR_RETURN(std::vector<std::string> files, expand_inputs(options_.inputs, options_.recursive));
  const auto started = std::chrono::steady_clock::now();
  KF_ASSIGN_OR_RETURN(long long batch_id, store_.begin_batch(options_.inputs));

  detail::Tracker tracker(options_);
  tracker.summary().batch_id = batch_id;
  tracker.summary().files = static_cast<long long>(files.size());
  detail::Committer committer(store_, options_, callbacks_, tracker, batch_id);
  Producer producer(files, store_, options_, tracker);

  detail::WorkerPool pool(options_.jobs, options_.make_extractor, options_.open_source, options_.limits);
  KF_RETURN_IF_ERROR(pool.start());

  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(); };
  auto cancelled = [&] { return options_.cancel && options_.cancel->load(); };
  std::deque<Item> in_flight;
  bool producing = true;
  for (;;) {
    while (producing && !cancelled() && static_cast<int>(in_flight.size()) < options_.max_in_flight) {
      KF_ASSIGN_OR_RETURN(std::optional<Item> item, producer.next());
      if (!item) {
        producing = false;
        break;
      }
      if (item->in_pool) pool.submit(detail::PageJob{item->seq, item->ref});
      in_flight.push_back(std::move(*item));
    }
    if (in_flight.empty()) break;
    Item item = std::move(in_flight.front());
    in_flight.pop_front();
    Result<ocr::Record> outcome = item.in_pool ? pool.take(item.seq) : Result<ocr::Record>(item.known_failure);
    KF_RETURN_IF_ERROR(committer.deliver(item.ref, std::move(outcome)));

    if (options_.on_progress) {
      ProgressSnapshot snap;
      const BatchSummary& s = tracker.summary();
      snap.pages_done = s.pages;
      snap.skipped = s.skipped;
      snap.rejected = s.rejected + s.unclassified;
      snap.files_total = static_cast<long long>(files.size());
      snap.files_done = static_cast<long long>(producer.files_walked());
      // Pages are only known once a file is opened: extrapolate from the files walked so far.
      double per_file = producer.files_walked() ? double(producer.pages_seen()) / double(producer.files_walked()) : 1;
      snap.pages_total = producer.pages_seen() +
                         static_cast<long long>(per_file * double(files.size() - producer.files_walked()));
      snap.total_is_estimate = producer.files_walked() < files.size();
      snap.elapsed_seconds = elapsed();
      options_.on_progress(snap);
    }
  }
  BatchSummary& summary = tracker.summary();
  summary.interrupted = cancelled() && producing;  // stopped before every page was taken
  summary.seconds = elapsed();
  summary.pages_per_second = summary.seconds > 0 ? double(summary.pages) / summary.seconds : 0;
  KF_RETURN_IF_ERROR(store_.finish_batch(batch_id, to_json(summary)));
  if (callbacks_.on_batch_end) KF_RETURN_IF_ERROR(callbacks_.on_batch_end(summary));
  return summary;
}

}  // namespace kamiflow::engine
