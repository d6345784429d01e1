// kamiflow::engine::run_worker: one scale-out worker (docs/scale-out.md). Claims pages from the
// PostgreSQL work queue (WorkQueue) under a lease, reads each with the batch's own extraction code
// (the batch WorkerPool with one thread: same Extractor, same PageSource, same budgets), and hands
// the outcome to the batch's Committer (callbacks, quarantine/unclassified trays, crops), whose
// commit writes record + fields + journal row + the queue row's terminal state in ONE transaction.
//
// Exactly-once: a page's record is committed once, whoever reads it, by the journal's unique key.
// A worker killed mid-page leaves its row claimed; when the lease runs out (nobody renewed it)
// another worker claims and redoes it. Callbacks (a workflow's on_record) may run again for a page
// whose earlier worker died before committing, exactly as on one machine after kill -9.
// Connection loss (server restart, network cut): every database step is retried with backoff
// (0.2 s doubling to 5 s) on a fresh connection; a commit whose answer was lost is simply sent
// again and the journal key tells whether it had landed (then it counts as skipped, not doubled).
// Cancellation (SIGTERM/SIGINT through options.batch.cancel): the current page is finished and
// committed, then run_worker returns with summary.interrupted = true.
// Thread-safety: runs on the calling thread plus one OCR thread and one heartbeat thread.
#pragma once

#include <string>

#include "engine/batch/runner.hpp"

namespace kamiflow::engine {

struct WorkerOptions {
  std::string db_url;        // postgresql://...
  std::string name;          // "" = hostname:pid
  int lease_seconds = 60;    // a claim lasts this long without a heartbeat
  int poll_ms = 1000;        // how often an idle worker looks for work
  bool until_empty = false;  // return once no page is pending or claimed (tests, bench, one-off runs)
  int give_up_seconds = 600; // connection trouble longer than this stops the worker (IOError)
  BatchOptions batch;        // make_extractor (required), trays, crops, limits, logger, cancel
  BatchCallbacks callbacks;  // on_record / on_reject (a workflow's hooks)
};

struct WorkerSummary {
  long long pages = 0;       // pages this worker committed (records + rejects + drops)
  long long records = 0;
  long long skipped = 0;     // already journaled by another worker
  long long rejected = 0;    // quarantined + unclassified
  long long reconnects = 0;
  bool interrupted = false;
  double seconds = 0;
};

[[nodiscard]] Result<WorkerSummary> run_worker(const WorkerOptions& options);

// hostname:pid, the default worker name.
[[nodiscard]] std::string default_worker_name();

}  // namespace kamiflow::engine
