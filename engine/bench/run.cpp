// `kamiflow bench`: generate scans, run them through the BatchRunner users run (with timing
// wrappers around the Extractor and the PageSource it is given), then the floor and the baseline.
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

#include "engine/batch/runner.hpp"
#include "engine/bench/bench.hpp"
#include "engine/store/record_store.hpp"
#include "samples/generator/samples.hpp"

namespace kamiflow::engine::bench {
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

// What the wrappers record during one BatchRunner run. Workers write under `mu`; the calling
// thread (callbacks) writes the sink and RSS fields, which only it touches.
struct Probe {
  std::mutex mu;
  StageAccumulator stages;
  bool capture = false;
  std::vector<detail::CapturedCall> calls;
  double steady_recognise_ms = 0;  // pages after each worker's first
  long steady_pages = 0;
};

class TimedSource final : public ocr::PageSource {
 public:
  TimedSource(std::unique_ptr<ocr::PageSource> inner, std::shared_ptr<Probe> probe)
      : inner_(std::move(inner)), probe_(std::move(probe)) {}
  int page_count() const override { return inner_->page_count(); }
  Result<ocr::PageImage> page(int index) override {
    auto t0 = Clock::now();
    Result<ocr::PageImage> r = inner_->page(index);
    const double ms = ms_since(t0);
    std::lock_guard lock(probe_->mu);
    probe_->stages.add_decode(ms);
    return r;
  }
  const std::string& path() const override { return inner_->path(); }
  std::string format() const override { return inner_->format(); }

 private:
  std::unique_ptr<ocr::PageSource> inner_;
  std::shared_ptr<Probe> probe_;
};

class TimedExtractor final : public ocr::Extractor {
 public:
  TimedExtractor(std::unique_ptr<ocr::Extractor> inner, std::shared_ptr<Probe> probe, std::shared_ptr<long> nth)
      : inner_(std::move(inner)), probe_(std::move(probe)), nth_(std::move(nth)) {}
  Result<ocr::Record> extract(const ocr::PageImage& page, const ocr::PageInfo& info) override {
    auto t0 = Clock::now();
    Result<ocr::Record> r = inner_->extract(page, info);
    const double ms = ms_since(t0);
    const ocr::StageTimes& t = inner_->last_stage_times();
    std::lock_guard lock(probe_->mu);
    probe_->stages.add_extract(t, ms);
    if (*nth_ > 0) {
      probe_->steady_recognise_ms += t.recognise_ms;
      ++probe_->steady_pages;
    }
    ++*nth_;
    return r;
  }
  const ocr::StageTimes& last_stage_times() const override { return inner_->last_stage_times(); }

 private:
  std::unique_ptr<ocr::Extractor> inner_;
  std::shared_ptr<Probe> probe_;
  std::shared_ptr<long> nth_;  // pages this worker has read; shared with the capture callback
};

struct RunResult {
  BatchSummary summary;
  StageBreakdown stages;
  std::shared_ptr<Probe> probe;
  double rss_small = 0, rss_large = 0;
};

Result<RunResult> run_kamiflow(const std::vector<samples::TemplatePtr>& templates, const std::vector<std::string>& inputs,
                               const fs::path& db, int jobs, bool capture, long rss_small_at,
                               bool previous_reading = false) {
  auto probe = std::make_shared<Probe>();
  probe->capture = capture;
  KF_ASSIGN_OR_RETURN(auto store, RecordStore::open(db.string()));

  BatchOptions o;
  o.inputs = inputs;
  o.jobs = jobs;
  o.make_extractor = [templates, probe, previous_reading]() -> Result<std::unique_ptr<ocr::Extractor>> {
    auto nth = std::make_shared<long>(0);
    ocr::ExtractOptions eo;
    eo.previous_reading = previous_reading;
    if (probe->capture)
      eo.on_ocr_call = [probe, nth](const ocr::OcrCall& call) {
        std::lock_guard lock(probe->mu);
        probe->calls.push_back({*nth, call});
      };
    KF_ASSIGN_OR_RETURN(auto inner, ocr::Extractor::create(templates, std::move(eo)));
    return std::unique_ptr<ocr::Extractor>(new TimedExtractor(std::move(inner), probe, nth));
  };
  o.open_source = [probe](const std::string& path,
                          const ocr::PageSourceLimits& limits) -> Result<std::unique_ptr<ocr::PageSource>> {
    KF_ASSIGN_OR_RETURN(auto inner, ocr::PageSource::open(path, limits));
    return std::unique_ptr<ocr::PageSource>(new TimedSource(std::move(inner), probe));
  };
  // Cycled inputs are links to the same scans: key the journal by content AND name so each one is
  // a new page to read (the real hash is still computed, as in a user's batch).
  o.hash_file = [](const std::string& path) -> Result<std::string> {
    KF_ASSIGN_OR_RETURN(std::string sha, ocr::sha256_file(path));
    return sha + "#" + fs::path(path).filename().string();
  };

  RunResult out;
  std::optional<Clock::time_point> record_done;  // calling thread only
  double sink_ms = 0;
  BatchCallbacks cb;
  cb.on_record = [&](ocr::Record&) -> Result<RecordDecision> {
    record_done = Clock::now();
    return RecordDecision{};
  };
  // Progress is reported right after the page's commit: the gap since on_record is the sink.
  o.on_progress = [&](const ProgressSnapshot& s) {
    if (record_done) sink_ms += ms_since(*record_done);
    record_done.reset();
    if (s.pages_done == rss_small_at) out.rss_small = read_status_mb("VmRSS").value_or(0);
  };
  BatchRunner runner(*store, std::move(o), std::move(cb));
  KF_ASSIGN_OR_RETURN(out.summary, runner.run());
  out.rss_large = read_status_mb("VmRSS").value_or(0);
  {
    std::lock_guard lock(probe->mu);
    probe->stages.add_sink(sink_ms);
    out.stages = probe->stages.per_page();
  }
  out.probe = std::move(probe);
  return out;
}

double load_average() {
  std::ifstream in("/proc/loadavg");
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_loadavg(ss.str()).value_or(0);
}

// A fresh directory removed on destruction unless the caller chose it.
struct WorkDir {
  fs::path path;
  bool owned = false;
  ~WorkDir() {
    std::error_code ec;
    if (owned) fs::remove_all(path, ec);
  }
};

Status make_work_dir(const BenchOptions& o, WorkDir& wd) {
  std::error_code ec;
  if (!o.work_dir.empty()) {
    wd.path = o.work_dir;
    fs::create_directories(wd.path, ec);
    if (ec) return Status::IOError("cannot create " + wd.path.string() + ": " + ec.message());
    return Status::Ok();
  }
  std::string tmpl = (fs::temp_directory_path(ec) / "kamiflow-bench-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) return Status::IOError("cannot create a temp directory for the bench");
  wd.path = tmpl;
  wd.owned = true;
  return Status::Ok();
}

}  // namespace

Result<BenchReport> run_bench(const BenchOptions& o) {
  auto say = [&](const std::string& s) {
    if (o.say) o.say(s);
  };
  if (o.pages < 1 || o.distinct_pages < 1) return Status::InvalidInput("--pages must be at least 1");
  BenchReport rep;
  rep.load_average_start = load_average();
  rep.cores = std::max(1u, std::thread::hardware_concurrency());
  rep.workers = o.jobs > 0 ? o.jobs : static_cast<int>(rep.cores);
  rep.form = o.form;

  const fs::path forms_dir = o.forms_dir.empty() ? samples::default_forms_dir() : o.forms_dir;
  // "all": every sample form in one mixed batch, so each page is classified among them.
  KF_ASSIGN_OR_RETURN(std::vector<samples::TemplatePtr> forms,
                      samples::load_forms(forms_dir, o.form == "all" ? std::vector<std::string>{} : std::vector{o.form}));
  for (const auto& form : forms) {
    rep.fields += static_cast<double>(form->fields.size()) / static_cast<double>(forms.size());
    for (const auto& f : form->fields) rep.ocr_fields += is_ocr_field(f.type) ? 1.0 / static_cast<double>(forms.size()) : 0;
  }

  WorkDir wd;
  KF_RETURN_IF_ERROR(make_work_dir(o, wd));
  const int distinct = std::min(o.pages, o.distinct_pages);
  say("generating " + std::to_string(distinct) + " scans of " + o.form + " (seed " + std::to_string(o.seed) + ")");
  samples::GenerateOptions g;
  g.count = distinct;
  g.seed = o.seed;
  g.out_dir = wd.path / "scans";
  g.multipage = 0;  // one file per page: pages are then independent jobs
  KF_ASSIGN_OR_RETURN(samples::GenerateSummary gen, samples::generate(forms, nullptr, g));
  std::vector<std::string> scans;
  for (const auto& f : gen.files)
    if (fs::path(f).extension() != ".json") scans.push_back((g.out_dir / f).string());
  if (scans.empty()) return Status::Internal("the sample generator wrote no scans");

  // The all-workers run covers `pages`; beyond the generated set it reads links to the same scans.
  std::vector<std::string> inputs;
  rep.cycled = o.pages > static_cast<int>(scans.size());
  if (!rep.cycled) {
    inputs = scans;
  } else {
    const fs::path dir = wd.path / "cycled";
    std::error_code ec;
    fs::create_directories(dir, ec);
    for (int i = 0; i < o.pages; ++i) {
      const fs::path& target = scans[static_cast<size_t>(i) % scans.size()];
      char name[32];
      std::snprintf(name, sizeof name, "p%06d", i);
      const fs::path link = dir / (name + fs::path(target).extension().string());
      fs::create_symlink(fs::absolute(target), link, ec);
      if (ec) return Status::IOError("cannot link " + link.string() + ": " + ec.message());
    }
    inputs.push_back(dir.string());
  }
  rep.pages = o.pages;
  rep.distinct_pages = static_cast<int>(scans.size());

  // All workers first, while the process is fresh: its VmRSS checkpoints are then not inflated by
  // the captured crops of the 1-worker run.
  rep.rss_checkpoint_small = std::min(o.rss_small_checkpoint, o.pages);
  rep.rss_checkpoint_large = o.pages;
  say("kamiflow, " + std::to_string(rep.workers) + " workers, " + std::to_string(o.pages) + " pages");
  KF_ASSIGN_OR_RETURN(RunResult all, run_kamiflow(forms, inputs, wd.path / "all.sqlite", rep.workers, false,
                                                  rep.rss_checkpoint_small));
  rep.pages_per_second = all.summary.pages_per_second;
  rep.stages = all.stages;
  rep.rss_mb_small = all.rss_small;
  rep.rss_mb_large = all.rss_large;
  rep.rss_growth_percent = growth_percent(rep.rss_mb_small, rep.rss_mb_large);
  rep.rejected = all.summary.rejected + all.summary.unclassified;

  if (o.previous) {  // the same pages, the same workers, read as before issue #18
    say("previous reading (fast jpn alone, digit boxes by Tesseract), " + std::to_string(rep.workers) + " workers");
    KF_ASSIGN_OR_RETURN(RunResult prev, run_kamiflow(forms, inputs, wd.path / "previous.sqlite", rep.workers, false, 0,
                                                     /*previous_reading=*/true));
    rep.pages_per_second_previous = prev.summary.pages_per_second;
    rep.previous_ratio = ratio(rep.pages_per_second, rep.pages_per_second_previous);
    rep.recognise_ms_previous = prev.stages.recognise;
  }

  say("kamiflow, 1 worker, " + std::to_string(scans.size()) + " pages" + (o.floor ? " (capturing Tesseract calls)" : ""));
  KF_ASSIGN_OR_RETURN(RunResult one, run_kamiflow(forms, scans, wd.path / "one.sqlite", 1, o.floor, 0));
  rep.rss_peak_mb = read_status_mb("VmHWM").value_or(0);
  rep.pages_1_worker = static_cast<int>(one.summary.pages);
  rep.pages_per_second_1_worker = one.summary.pages_per_second;
  rep.stages_1_worker = one.stages;
  rep.scaling = ratio(rep.pages_per_second, rep.pages_per_second_1_worker);
  rep.ocr_share = ratio(one.stages.recognise, one.stages.total());
  rep.rejected += one.summary.rejected + one.summary.unclassified;

  const std::vector<detail::CapturedCall>& calls = one.probe->calls;
  const long steady_pages = one.probe->steady_pages;
  if (o.floor && steady_pages > 0) {
    say("floor: replaying " + std::to_string(calls.size()) + " Tesseract calls");
    KF_ASSIGN_OR_RETURN(detail::TimedCalls floor, detail::replay_floor(calls, 1));
    rep.ocr_calls = floor.calls;
    rep.ocr_calls_per_page = ratio(double(floor.calls), double(steady_pages));
    rep.recognise_ms_per_page = one.probe->steady_recognise_ms / double(steady_pages);
    rep.floor_ms_per_page = floor.total_ms / double(steady_pages);
    rep.floor_ratio = ratio(rep.recognise_ms_per_page, rep.floor_ms_per_page);
    for (const auto& [label, cost] : floor.by_model)
      rep.floor_by_model[label] = {ratio(double(cost.first), double(steady_pages)), cost.second / double(steady_pages),
                                   ratio(cost.second, double(cost.first))};
  }

  if (o.baseline && o.floor && !calls.empty()) {
    // The crops of the first `baseline_pages` pages after the first one (any pages would do: the
    // CLI's cost is the process and its Init, nearly independent of the crop).
    std::vector<const ocr::OcrCall*> subset;
    for (const auto& c : calls)
      if (c.page_on_worker >= 1 && c.page_on_worker <= o.baseline_pages) subset.push_back(&c.call);
    if (const char* v = std::getenv("OMP_THREAD_LIMIT")) rep.omp_thread_limit = v;
    say("baseline: `" + o.tesseract_cli + "` once per crop, " + std::to_string(subset.size()) + " calls");
    KF_ASSIGN_OR_RETURN(detail::TimedCalls cli, detail::run_cli(subset, wd.path / "crops", o.tesseract_cli, true));
    rep.baseline_calls = cli.calls;
    rep.baseline_failures = cli.failures;
    rep.baseline_ms_per_call = ratio(cli.total_ms, double(cli.calls));
    // A script reads every OCR field once, blank or not (it cannot know): ocr_fields calls a page.
    rep.baseline_seconds_per_page = rep.baseline_ms_per_call * rep.ocr_fields / 1000.0;
    rep.baseline_ratio = rep.baseline_seconds_per_page * rep.pages_per_second;
    rep.baseline_ratio_1_worker = rep.baseline_seconds_per_page * rep.pages_per_second_1_worker;
    if (o.baseline_no_limit_calls > 0 && !rep.omp_thread_limit.empty()) {
      subset.resize(std::min<size_t>(subset.size(), static_cast<size_t>(o.baseline_no_limit_calls)));
      KF_ASSIGN_OR_RETURN(detail::TimedCalls free_run,
                          detail::run_cli(subset, wd.path / "crops", o.tesseract_cli, false));
      rep.baseline_calls_no_limit = free_run.calls;
      rep.baseline_ms_per_call_no_limit = ratio(free_run.total_ms, double(free_run.calls));
      rep.baseline_ratio_no_limit = rep.baseline_ms_per_call_no_limit * rep.ocr_fields / 1000.0 * rep.pages_per_second;
    }
  }
  rep.load_average_end = load_average();
  return rep;
}

}  // namespace kamiflow::engine::bench
