// kamiflow::engine::bench::run_scale_out_bench: `kamiflow bench --workers N --db postgresql://...`
// (docs/scale-out.md, "Measured"). On this machine, side by side in one run:
//   * throughput with 1..N workers: N scale-out workers (engine/batch/worker.hpp, as threads of
//     this process, each with its own connections and Tesseract) on the PostgreSQL queue, and the
//     single-machine `kamiflow batch -j N` (BatchRunner) on SQLite, over the same generated scans;
//   * the per-page cost of the database alone, without OCR: a SQLite page commit, and on
//     PostgreSQL claim + commit (record, fields, journal, queue row), with the round trips that
//     implies.
// Every run gets a fresh PostgreSQL schema (kf_bench_<pid>_<n>, search_path in the URL), dropped
// afterwards: the user's tables in that database are never touched. Needs CREATE on the database.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kamiflow/status.hpp"

namespace kamiflow::engine::bench {

struct ScaleOutOptions {
  std::string db_url;               // postgresql://...
  int workers = 2;                  // runs with 1, 2, ..., workers
  std::string form = "sodai_gomi";  // sample form of the generated scans
  int pages = 24;                   // scans generated and read by every run
  int store_pages = 200;            // synthetic page commits for the per-page database cost
  std::uint64_t seed = 4242;
  std::filesystem::path forms_dir;  // empty: samples::default_forms_dir()
  std::filesystem::path work_dir;   // empty: a temp dir, removed afterwards
  std::function<void(const std::string&)> say;
};

struct ScaleOutRun {
  int workers = 0;
  double sqlite_pages_per_second = 0, postgres_pages_per_second = 0;
};

struct ScaleOutReport {
  std::string form;
  int pages = 0, fields = 0;
  unsigned cores = 0;
  std::vector<ScaleOutRun> runs;
  double sqlite_ms_per_page = 0;     // one page commit (record + fields + journal), fsynced
  double postgres_ms_per_page = 0;   // claim + the same commit + queue row, one server round trip each
  int postgres_round_trips_per_page = 0;
  nlohmann::json to_json() const;
  std::string to_table() const;
};

[[nodiscard]] Result<ScaleOutReport> run_scale_out_bench(const ScaleOutOptions& options);

}  // namespace kamiflow::engine::bench
