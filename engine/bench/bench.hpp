// kamiflow::engine::bench: `kamiflow bench`, throughput and overheads measured on generated scans.
//
// What one run measures (docs/bench.md):
//   1. kamiflow itself, through the BatchRunner users run (worker pool, one Extractor per worker,
//      SQLite sink): pages/s with 1 worker and with `jobs` workers, per-stage times, VmRSS after a
//      small and a large number of pages.
//   2. The floor: every Tesseract call the 1-worker run made, captured (image + request) and
//      replayed through already-initialised engines. No zone-OCR engine on Tesseract beats it.
//   3. The baseline: the `tesseract` CLI once per OCR field and page (how pytesseract works).
// Contract: run_bench() writes only inside its work directory (a fresh temp dir by default, removed
// afterwards) and never touches the user's data. It is single-threaded from the caller's point of
// view (it starts its own workers). The pure helpers below (ratios, aggregation, /proc parsing)
// have no side effects and are what the unit tests check.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kamiflow/ocr/extractor.hpp"
#include "kamiflow/status.hpp"

namespace kamiflow::engine::bench {

struct BenchOptions {
  std::string form = "jido_teate";  // 20 fields: the size the speed targets are stated for;
                                    // "all": a mixed batch of every sample form (classification)
  std::filesystem::path forms_dir;      // empty: samples::default_forms_dir()
  int pages = 40;                       // pages in the all-workers run (cycled over the distinct set)
  int distinct_pages = 40;              // pages generated; the 1-worker run reads min(pages, this)
  int jobs = 0;                         // all-workers run; 0 = hardware cores
  std::uint64_t seed = 4242;
  int rss_small_checkpoint = 100;       // VmRSS read after this many pages (or `pages` if fewer)
  int baseline_pages = 3;               // pages whose crops go through the `tesseract` CLI
  int baseline_no_limit_calls = 6;      // of those crops, this many also without OMP_THREAD_LIMIT
  bool baseline = true;                 // false: skip the CLI baseline (tests, no tesseract binary)
  bool floor = true;                    // false: skip capture and replay
  bool previous = true;                 // false: skip the run with the previous reading
  std::string tesseract_cli = "tesseract";
  std::filesystem::path work_dir;       // empty: a temp dir, removed afterwards
  std::function<void(const std::string&)> say;  // progress lines; may be empty
};

// Mean milliseconds per page spent in each stage, summed over workers (CPU-ish time, not wall).
struct StageBreakdown {
  double decode = 0, preprocess = 0, classify = 0, register_ = 0, recognise = 0, normalise = 0, sinks = 0;
  double other = 0;  // extract() wall time not attributed to a stage
  double total() const { return decode + preprocess + classify + register_ + recognise + normalise + sinks + other; }
  nlohmann::json to_json() const;
};

// Sums per-page samples into a StageBreakdown. Pure; the unit of every input is milliseconds.
class StageAccumulator {
 public:
  void add_extract(const ocr::StageTimes& t, double extract_wall_ms);
  void add_decode(double ms) { decode_ms_ += ms; }
  void add_sink(double ms) { sink_ms_ += ms; }
  long pages() const { return pages_; }
  StageBreakdown per_page() const;  // zeros when no page was added

 private:
  long pages_ = 0;
  double decode_ms_ = 0, sink_ms_ = 0, extract_ms_ = 0;
  ocr::StageTimes sum_;
};

struct BenchReport {
  std::string form;
  double fields = 0, ocr_fields = 0;  // per page: the mean over the forms with --form all
  int pages = 0, distinct_pages = 0, pages_1_worker = 0;
  bool cycled = false;  // pages > distinct_pages: the same scans were read again under other names
  int workers = 0;
  unsigned cores = 0;
  double pages_per_second = 0, pages_per_second_1_worker = 0, scaling = 0;
  StageBreakdown stages, stages_1_worker;
  long rejected = 0;  // pages that produced no record (should be 0 on generated scans)
  // The same pages read as before issue #18 (ExtractOptions::previous_reading), same workers.
  double pages_per_second_previous = 0, previous_ratio = 0, recognise_ms_previous = 0;

  int rss_checkpoint_small = 0, rss_checkpoint_large = 0;
  double rss_mb_small = 0, rss_mb_large = 0, rss_growth_percent = 0, rss_peak_mb = 0;

  // Floor: steady state of the 1-worker run (its first page, which pays Tesseract Init, left out).
  long ocr_calls = 0;
  double ocr_calls_per_page = 0;
  double recognise_ms_per_page = 0, floor_ms_per_page = 0, floor_ratio = 0, ocr_share = 0;
  // The floor split by model ("jpn tessdata-4.0.0", "jpn tessdata", ...): what each model costs a
  // page, so the price of the second Japanese model is a figure, not a guess.
  struct ModelCost {
    double calls_per_page = 0, ms_per_page = 0, ms_per_call = 0;
  };
  std::map<std::string, ModelCost> floor_by_model;

  // Baseline: `tesseract` CLI, one process per call.
  std::string omp_thread_limit;  // as the CLI children saw it ("" = unset)
  long baseline_calls = 0, baseline_failures = 0;
  double baseline_ms_per_call = 0, baseline_ms_per_call_no_limit = 0;
  long baseline_calls_no_limit = 0;
  double baseline_seconds_per_page = 0, baseline_ratio = 0, baseline_ratio_1_worker = 0;
  double baseline_ratio_no_limit = 0;

  double load_average_start = 0, load_average_end = 0;

  nlohmann::json to_json() const;
  std::string to_table() const;
};

[[nodiscard]] Result<BenchReport> run_bench(const BenchOptions& options);

// ---- the parts run_bench() is made of (engine/src/bench_*.cpp) ----
namespace detail {
struct CapturedCall {
  long page_on_worker = 0;  // 0 = the worker's first page (which also pays Tesseract Init)
  ocr::OcrCall call;
};
struct TimedCalls {
  double total_ms = 0;
  long calls = 0;
  long failures = 0;  // CLI: non-zero exit or could not start
  std::map<std::string, std::pair<long, double>> by_model;  // model label -> calls, ms (floor only)
};
// "jpn tessdata-4.0.0": the language and the last part of the model's tessdata directory.
std::string model_label(const ocr::OcrCall& call);
// Replays `calls` (page_on_worker >= min_page) through engines initialised and warmed up first.
[[nodiscard]] Result<TimedCalls> replay_floor(const std::vector<CapturedCall>& calls, long min_page);
// Writes each call's image as PNG into `dir` and runs `program` once per call, one after another.
// `keep_omp_limit` false removes OMP_THREAD_LIMIT from the children's environment.
[[nodiscard]] Result<TimedCalls> run_cli(const std::vector<const ocr::OcrCall*>& calls, const std::filesystem::path& dir,
                                         const std::string& program, bool keep_omp_limit);
}  // namespace detail

// ---- pure helpers (unit-tested) ----

// num / den, or 0 when den is not positive (a ratio of nothing is reported as 0, not inf/NaN).
double ratio(double num, double den);
// 100 * (large - small) / small; 0 when small is not positive.
double growth_percent(double small, double large);
// The value in kB of `key` ("VmRSS", "VmHWM") in a /proc/<pid>/status text, as MiB.
std::optional<double> parse_status_mb(std::string_view status_text, std::string_view key);
// Reads `key` from /proc/self/status (or `path`); NotFound when absent (non-Linux).
[[nodiscard]] Result<double> read_status_mb(std::string_view key, const std::string& path = "/proc/self/status");
// The 1-minute load average from /proc/loadavg text; nullopt when unparsable.
std::optional<double> parse_loadavg(std::string_view text);
// The argv of one `tesseract` CLI call equivalent to the given Tesseract call.
std::vector<std::string> tesseract_cli_argv(const std::string& program, const std::string& image_path,
                                            const ocr::OcrCall& call);
// Whether a field type is read by Tesseract (text, kana, digits, date, digit boxes).
bool is_ocr_field(ocr::FieldType type);

}  // namespace kamiflow::engine::bench
