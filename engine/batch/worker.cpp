// run_worker (worker.hpp): claim → read → commit, with leases, heartbeats and reconnects.
#include "engine/batch/worker.hpp"

#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include "engine/batch/commit.hpp"
#include "engine/batch/pool.hpp"
#include "engine/store/work_queue.hpp"

namespace kamiflow::engine {
namespace {

using Clock = std::chrono::steady_clock;

// Renews this worker's leases on its own connection, so a long page never loses its claim.
class Heartbeat {
 public:
  Heartbeat(const WorkerOptions& o, std::string name) : o_(o), name_(std::move(name)) {
    thread_ = std::thread([this] { loop(); });
  }
  ~Heartbeat() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

 private:
  void loop() {
    const auto every = std::chrono::milliseconds(std::max(200, o_.lease_seconds * 1000 / 3));
    std::unique_ptr<WorkQueue> q;
    std::unique_lock<std::mutex> lock(mu_);
    while (!stop_) {
      lock.unlock();
      if (!q || q->connection_lost()) {
        auto opened = WorkQueue::open(o_.db_url);
        q = opened.ok() ? std::move(opened).value() : nullptr;
      }
      if (q) {
        Status st = q->heartbeat(name_, o_.lease_seconds);
        if (!st.ok()) o_.batch.logger->debug("heartbeat: {}", st.ToString());
      }
      lock.lock();
      cv_.wait_for(lock, every, [this] { return stop_; });
    }
    lock.unlock();
    if (q && !q->connection_lost()) (void)q->heartbeat(name_, o_.lease_seconds, "stopped");
  }

  const WorkerOptions& o_;
  std::string name_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

class Worker {
 public:
  explicit Worker(const WorkerOptions& o)
      : o_(o), name_(o.name.empty() ? default_worker_name() : o.name), tracker_(o.batch) {}

  Result<WorkerSummary> run() {
    const auto started = Clock::now();
    detail::WorkerPool pool(1, o_.batch.make_extractor, o_.batch.open_source, o_.batch.limits);
    KF_RETURN_IF_ERROR(pool.start());
    KF_RETURN_IF_ERROR(retry("connect", [] { return Status::Ok(); }));
    Heartbeat heartbeat(o_, name_);
    long long seq = 0;
    while (!cancelled()) {
      std::optional<QueueItem> item;
      KF_RETURN_IF_ERROR(retry("claim", [&] {
        KF_ASSIGN_OR_RETURN(item, queue_->claim(name_, o_.lease_seconds));
        return Status::Ok();
      }));
      if (!item) {
        long long open = 0;
        KF_RETURN_IF_ERROR(retry("queue status", [&] {
          KF_ASSIGN_OR_RETURN(open, queue_->open_pages());
          return Status::Ok();
        }));
        if (o_.until_empty && open == 0) break;
        sleep_ms(o_.poll_ms);
        continue;
      }
      const PageRef ref{item->path, item->page, item->file_sha256};
      Result<ocr::Record> outcome = read(pool, *item, seq++);
      KF_RETURN_IF_ERROR(retry("commit " + item->path + " page " + std::to_string(item->page), [&] {
        store_->bind_queue_item(item->id);
        Result<ocr::Record> copy = outcome;  // on_record may change it; a retry starts from the read
        Status st = committer(item->batch_id).deliver(ref, std::move(copy));
        store_->bind_queue_item(0);
        return st;
      }));
      ++summary_.pages;
      (void)queue_->count_page(name_);  // a status counter only
    }
    const BatchSummary& s = tracker_.summary();
    summary_.records = s.records;
    summary_.skipped = s.skipped;
    summary_.rejected = s.rejected + s.unclassified;
    summary_.pages -= s.skipped;
    summary_.interrupted = cancelled();
    summary_.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    return summary_;
  }

 private:
  bool cancelled() const { return o_.batch.cancel && o_.batch.cancel->load(); }
  void sleep_ms(int ms) {
    const auto until = Clock::now() + std::chrono::milliseconds(ms);
    while (Clock::now() < until && !cancelled()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }

  // The page's outcome, read with the batch's pool; failures known without reading come first.
  Result<ocr::Record> read(detail::WorkerPool& pool, const QueueItem& item, long long seq) {
    if (item.page == 0) {
      auto source = o_.batch.open_source(item.path, o_.batch.limits);
      if (!source.ok()) return source.status();
      return Status::InvalidInput(item.open_error);
    }
    if (item.path != hashed_path_) {
      auto sha = o_.batch.hash_file(item.path);
      if (!sha.ok()) return sha.status();
      hashed_path_ = item.path;
      hashed_sha_ = *sha;
    }
    if (hashed_sha_ != item.file_sha256)
      return Status::Corruption(item.path + " changed after it was enqueued (sha256 " + hashed_sha_.substr(0, 12) +
                                ", enqueued as " + item.file_sha256.substr(0, 12) + "); enqueue it again");
    pool.submit(detail::PageJob{seq, PageRef{item.path, item.page, item.file_sha256}});
    return pool.take(seq);
  }

  detail::Committer& committer(long long batch_id) {
    auto it = committers_.find(batch_id);
    if (it == committers_.end())
      it = committers_
               .emplace(batch_id, std::make_unique<detail::Committer>(*store_, o_.batch, o_.callbacks, tracker_, batch_id))
               .first;
    return *it->second;
  }

  bool lost() const { return !store_ || !queue_ || store_->connection_lost() || queue_->connection_lost(); }

  Status reconnect() {
    committers_.clear();  // they hold the old store
    store_.reset();
    queue_.reset();
    auto store = RecordStore::open(o_.db_url);
    if (!store.ok()) return store.status();
    auto queue = WorkQueue::open(o_.db_url);
    if (!queue.ok()) return queue.status();
    store_ = std::move(store).value();
    queue_ = std::move(queue).value();
    return Status::Ok();
  }

  // Runs `step`; while the connection is the problem, reconnects with backoff and runs it again.
  // Any other failure goes back to the caller at once.
  template <typename Step>
  Status retry(const std::string& what, Step step) {
    const auto first_failure = Clock::now();
    int delay_ms = 200;
    for (;;) {
      Status st = lost() ? reconnect() : Status::Ok();
      if (st.ok()) {
        st = step();
        if (st.ok() || !lost()) return st;
      }
      const double waited = std::chrono::duration<double>(Clock::now() - first_failure).count();
      if (waited > o_.give_up_seconds)
        return st.WithContext(what + ": database unreachable for " + std::to_string(int(waited)) + " s");
      // Stopping: nothing is owed but a commit (a page already read is never thrown away).
      if (cancelled() && what.rfind("commit", 0) != 0) return Status::Ok();
      o_.batch.logger->warn("{}: {} (retrying in {} ms)", what, st.ToString(), delay_ms);
      ++summary_.reconnects;
      std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
      delay_ms = std::min(delay_ms * 2, 5000);
    }
  }

  const WorkerOptions& o_;
  std::string name_;
  detail::Tracker tracker_;
  std::unique_ptr<RecordStore> store_;
  std::unique_ptr<WorkQueue> queue_;
  std::map<long long, std::unique_ptr<detail::Committer>> committers_;
  std::string hashed_path_, hashed_sha_;
  WorkerSummary summary_;
};

}  // namespace

std::string default_worker_name() {
  char host[256] = {0};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return std::string(host[0] ? host : "worker") + ":" + std::to_string(getpid());
}

Result<WorkerSummary> run_worker(const WorkerOptions& in) {
  if (!in.batch.make_extractor) return Status::InvalidInput("worker: no extractor factory given");
  WorkerOptions o = in;
  if (!o.batch.open_source)
    o.batch.open_source = [](const std::string& p, const ocr::PageSourceLimits& l) { return ocr::PageSource::open(p, l); };
  if (!o.batch.hash_file) o.batch.hash_file = [](const std::string& p) { return ocr::sha256_file(p); };
  if (!o.batch.logger) o.batch.logger = null_logger();
  o.batch.done_dir.clear();  // inputs on a shared folder stay where every worker can read them
  Worker w(o);
  return w.run();
}

}  // namespace kamiflow::engine
