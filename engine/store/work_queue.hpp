// kamiflow::engine::WorkQueue: the pages many worker machines share (docs/scale-out.md), in the
// PostgreSQL database that also holds the records and the journal. PostgreSQL only.
//
// Table queue: one row per page to do (path on the shared scan folder, file sha256, page; page 0
// = a file that could not be opened at enqueue time, which the worker quarantines), unique on
// (file_sha256, page), so enqueueing a file twice adds nothing. Table workers: one row per worker
// name with its heartbeat.
//
// Claiming: SELECT ... FOR UPDATE SKIP LOCKED on the oldest pending row, or on a claimed row whose
// lease has run out (its worker died: kill -9, power loss, network cut), then state 'claimed',
// claimed_by, lease_until = now + lease. Concurrent workers never claim the same row; a row whose
// worker is alive is never taken away as long as its heartbeat renews the lease.
// Finishing: the row's terminal state is written by RecordStore::commit_* in the page's own
// transaction (RecordStore::bind_queue_item), never here, so record, journal and queue change
// together or not at all. If two workers ever hold the same page (a lease that ran out while
// its worker was merely slow), the journal's unique key lets exactly one record in.
//
// Thread-safety: one WorkQueue per thread (the worker's heartbeat has its own). Ownership: owns
// its connection.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kamiflow/status.hpp"

namespace kamiflow::engine {

struct QueueItem {
  long long id = 0;
  long long batch_id = 0;
  std::string path;  // absolute, as enqueued (the shared folder's mount point on every machine)
  std::string file_sha256;
  int page = 0;
  std::string open_error;  // page 0: why the file could not be opened at enqueue time
};

struct BatchProgress {
  long long batch_id = 0;
  long long pending = 0, claimed = 0, done = 0, quarantined = 0, unclassified = 0, dropped = 0;
};

struct WorkerInfo {
  std::string name;
  std::string heartbeat_at;  // ISO 8601 UTC
  long long pages = 0;       // pages this worker committed
  bool alive = false;        // heartbeat within its lease
};

struct QueueStatus {
  std::vector<BatchProgress> batches;
  std::vector<WorkerInfo> workers;
  double pages_per_second_last_minute = 0;
};

class WorkQueue {
 public:
  // InvalidInput for anything but a postgresql:// URL. Creates the queue tables when missing.
  [[nodiscard]] static Result<std::unique_ptr<WorkQueue>> open(const std::string& url);
  ~WorkQueue();
  WorkQueue(const WorkQueue&) = delete;
  WorkQueue& operator=(const WorkQueue&) = delete;

  // Adds one row per page (pages >= 1), or one page-0 row carrying `open_error`. Returns how
  // many rows were new (0 when the file was enqueued before). One transaction per file.
  [[nodiscard]] Result<int> enqueue(long long batch_id, const std::string& path, const std::string& sha256,
                                    int pages, const std::string& open_error);
  // The next page for `worker`, or nullopt when nothing is pending or reclaimable.
  [[nodiscard]] Result<std::optional<QueueItem>> claim(const std::string& worker, int lease_seconds);
  // Renews the leases of `worker`'s claimed rows and its heartbeat row (`state`: running/stopped).
  [[nodiscard]] Status heartbeat(const std::string& worker, int lease_seconds, const std::string& state = "running");
  // Counts a committed page for the worker's status line (not part of the page's transaction:
  // a count lost to a crash costs nothing).
  [[nodiscard]] Status count_page(const std::string& worker);
  // Pages not yet in a terminal state (pending or claimed).
  [[nodiscard]] Result<long long> open_pages();
  [[nodiscard]] Result<QueueStatus> status();
  [[nodiscard]] bool connection_lost() const;

  struct Impl;

 private:
  explicit WorkQueue(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kamiflow::engine
