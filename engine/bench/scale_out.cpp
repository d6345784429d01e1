// run_scale_out_bench (scale_out.hpp).
#include "engine/bench/scale_out.hpp"

#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <sstream>
#include <thread>

#include "engine/batch/runner.hpp"
#include "engine/batch/worker.hpp"
#include "engine/store/record_store.hpp"
#include "engine/store/sql_connection.hpp"
#include "engine/store/work_queue.hpp"
#include "samples/generator/samples.hpp"

namespace kamiflow::engine::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// A schema of the bench's own, created now and dropped by the destructor.
class BenchSchema {
 public:
  static Result<std::unique_ptr<BenchSchema>> create(const std::string& url, int n) {
    KF_ASSIGN_OR_RETURN(auto admin, sql::connect(url));
    const std::string name = "kf_bench_" + std::to_string(getpid()) + "_" + std::to_string(n);
    KF_RETURN_IF_ERROR(admin->exec("CREATE SCHEMA " + name).WithContext("bench (needs CREATE on the database)"));
    auto s = std::unique_ptr<BenchSchema>(new BenchSchema(std::move(admin), name));
    s->url_ = url + (url.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + name;
    return s;
  }
  ~BenchSchema() { (void)admin_->exec("DROP SCHEMA " + name_ + " CASCADE"); }
  const std::string& url() const { return url_; }

 private:
  BenchSchema(std::unique_ptr<sql::Connection> admin, std::string name)
      : admin_(std::move(admin)), name_(std::move(name)) {}
  std::unique_ptr<sql::Connection> admin_;
  std::string name_, url_;
};

ocr::Record synthetic_record(int i, int fields) {
  ocr::Record r;
  r.form_id = "bench";
  r.source_file = "/scans/p" + std::to_string(i) + ".png";
  r.page = 1;
  r.file_sha256 = "bench" + std::to_string(i);
  for (int f = 0; f < fields; ++f) {
    ocr::FieldResult fr;
    fr.name = "f" + std::to_string(f);
    fr.raw = fr.value = "山田太郎 1000001";
    fr.confidence = 0.9;
    r.fields.push_back(fr);
  }
  return r;
}

Result<double> sqlite_commit_ms(const fs::path& dir, int pages, int fields) {
  KF_ASSIGN_OR_RETURN(auto store, RecordStore::open((dir / "commit.sqlite").string()));
  KF_ASSIGN_OR_RETURN(long long batch, store->begin_batch({}));
  const auto t = Clock::now();
  for (int i = 0; i < pages; ++i)
    KF_RETURN_IF_ERROR(store->commit_record(batch, synthetic_record(i, fields), RecordState::kAccepted, {}, {}).status());
  return seconds_since(t) * 1000.0 / pages;
}

Result<double> postgres_commit_ms(const std::string& url, int pages, int fields) {
  KF_ASSIGN_OR_RETURN(auto schema, BenchSchema::create(url, 0));
  KF_ASSIGN_OR_RETURN(auto store, RecordStore::open(schema->url()));
  KF_ASSIGN_OR_RETURN(auto queue, WorkQueue::open(schema->url()));
  KF_ASSIGN_OR_RETURN(long long batch, store->begin_batch({}));
  for (int i = 0; i < pages; ++i)
    KF_RETURN_IF_ERROR(queue->enqueue(batch, "/scans/p" + std::to_string(i) + ".png", "bench" + std::to_string(i), 1, "").status());
  const auto t = Clock::now();
  for (int i = 0; i < pages; ++i) {
    KF_ASSIGN_OR_RETURN(std::optional<QueueItem> item, queue->claim("bench", 60));
    if (!item) return Status::Internal("bench: the queue ran dry");
    store->bind_queue_item(item->id);
    const int n = std::stoi(item->file_sha256.substr(5));
    KF_RETURN_IF_ERROR(store->commit_record(batch, synthetic_record(n, fields), RecordState::kAccepted, {}, {}).status());
  }
  return seconds_since(t) * 1000.0 / pages;
}

Result<double> sqlite_run(const std::vector<samples::TemplatePtr>& forms, const std::vector<std::string>& scans,
                          const fs::path& db, int jobs) {
  KF_ASSIGN_OR_RETURN(auto store, RecordStore::open(db.string()));
  BatchOptions o;
  o.inputs = scans;
  o.jobs = jobs;
  o.make_extractor = extractor_factory(forms);
  const auto t = Clock::now();
  KF_ASSIGN_OR_RETURN(BatchSummary s, BatchRunner(*store, o).run());
  return static_cast<double>(s.pages) / seconds_since(t);
}

Result<double> postgres_run(const std::vector<samples::TemplatePtr>& forms, const std::vector<std::string>& scans,
                            const std::string& url, int n, int workers) {
  KF_ASSIGN_OR_RETURN(auto schema, BenchSchema::create(url, n));
  {
    KF_ASSIGN_OR_RETURN(auto store, RecordStore::open(schema->url()));
    KF_ASSIGN_OR_RETURN(auto queue, WorkQueue::open(schema->url()));
    KF_ASSIGN_OR_RETURN(long long batch, store->begin_batch(scans));
    for (const auto& path : scans) {
      KF_ASSIGN_OR_RETURN(std::string sha, ocr::sha256_file(path));
      KF_RETURN_IF_ERROR(queue->enqueue(batch, path, sha, 1, "").status());
    }
  }
  std::vector<Result<WorkerSummary>> results(static_cast<size_t>(workers), Status::Internal("not run"));
  const auto t = Clock::now();
  std::vector<std::thread> threads;
  for (int w = 0; w < workers; ++w)
    threads.emplace_back([&, w] {
      WorkerOptions o;
      o.db_url = schema->url();
      o.name = "bench-" + std::to_string(w);
      o.until_empty = true;
      o.poll_ms = 50;
      o.batch.make_extractor = extractor_factory(forms);
      results[static_cast<size_t>(w)] = run_worker(o);
    });
  for (auto& th : threads) th.join();
  const double seconds = seconds_since(t);
  long long pages = 0;
  for (const auto& r : results) {
    if (!r.ok()) return r.status();
    pages += r->pages;
  }
  return static_cast<double>(pages) / seconds;
}

}  // namespace

Result<ScaleOutReport> run_scale_out_bench(const ScaleOutOptions& o) {
  auto say = [&](const std::string& s) {
    if (o.say) o.say(s);
  };
  if (!is_database_url(o.db_url)) return Status::InvalidInput("bench --workers needs --db postgresql://...");
  ScaleOutReport rep;
  rep.form = o.form;
  rep.cores = std::max(1u, std::thread::hardware_concurrency());
  const fs::path forms_dir = o.forms_dir.empty() ? samples::default_forms_dir() : o.forms_dir;
  KF_ASSIGN_OR_RETURN(std::vector<samples::TemplatePtr> forms, samples::load_forms(forms_dir, {o.form}));
  rep.fields = static_cast<int>(forms.front()->fields.size());

  fs::path dir = o.work_dir;
  bool owned = false;
  std::error_code ec;
  if (dir.empty()) {
    std::string tmpl = (fs::temp_directory_path(ec) / "kamiflow-scale-bench-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) return Status::IOError("cannot create a temp directory for the bench");
    dir = tmpl;
    owned = true;
  }
  struct Cleanup {
    fs::path p;
    bool on;
    ~Cleanup() {
      std::error_code e;
      if (on) fs::remove_all(p, e);
    }
  } cleanup{dir, owned};
  fs::create_directories(dir, ec);

  say("per-page database cost: " + std::to_string(o.store_pages) + " synthetic commits on each back end");
  KF_ASSIGN_OR_RETURN(rep.sqlite_ms_per_page, sqlite_commit_ms(dir, o.store_pages, rep.fields));
  KF_ASSIGN_OR_RETURN(rep.postgres_ms_per_page, postgres_commit_ms(o.db_url, o.store_pages, rep.fields));
  // claim; BEGIN, journal row, record, the fields (one INSERT per 50), queue row, COMMIT.
  rep.postgres_round_trips_per_page = 1 + 5 + (rep.fields + 49) / 50;

  say("generating " + std::to_string(o.pages) + " scans of " + o.form);
  samples::GenerateOptions g;
  g.count = o.pages;
  g.seed = o.seed;
  g.out_dir = dir / "scans";
  g.multipage = 0;
  KF_ASSIGN_OR_RETURN(samples::GenerateSummary gen, samples::generate(forms, nullptr, g));
  std::vector<std::string> scans;
  for (const auto& f : gen.files)
    if (fs::path(f).extension() != ".json") scans.push_back(fs::absolute(g.out_dir / f).string());
  rep.pages = static_cast<int>(scans.size());

  for (int n = 1; n <= o.workers; ++n) {
    ScaleOutRun run;
    run.workers = n;
    say("run with " + std::to_string(n) + " worker(s): SQLite batch, then PostgreSQL workers");
    KF_ASSIGN_OR_RETURN(run.sqlite_pages_per_second,
                        sqlite_run(forms, scans, dir / ("run" + std::to_string(n) + ".sqlite"), n));
    KF_ASSIGN_OR_RETURN(run.postgres_pages_per_second, postgres_run(forms, scans, o.db_url, n, n));
    rep.runs.push_back(run);
  }
  return rep;
}

nlohmann::json ScaleOutReport::to_json() const {
  nlohmann::json j{{"form", form},
                   {"pages", pages},
                   {"fields", fields},
                   {"cores", cores},
                   {"sqlite_ms_per_page", sqlite_ms_per_page},
                   {"postgres_ms_per_page", postgres_ms_per_page},
                   {"postgres_round_trips_per_page", postgres_round_trips_per_page},
                   {"runs", nlohmann::json::array()}};
  for (const auto& r : runs)
    j["runs"].push_back({{"workers", r.workers},
                         {"sqlite_pages_per_second", r.sqlite_pages_per_second},
                         {"postgres_pages_per_second", r.postgres_pages_per_second}});
  return j;
}

std::string ScaleOutReport::to_table() const {
  std::ostringstream out;
  char line[200];
  std::snprintf(line, sizeof line, "scale-out bench: %d pages of %s (%d fields), %u cores\n", pages, form.c_str(),
                fields, cores);
  out << line << "workers  SQLite batch pages/s  PostgreSQL workers pages/s\n";
  for (const auto& r : runs) {
    std::snprintf(line, sizeof line, "%7d  %20.2f  %26.2f\n", r.workers, r.sqlite_pages_per_second,
                  r.postgres_pages_per_second);
    out << line;
  }
  std::snprintf(line, sizeof line,
                "database cost per page (no OCR): SQLite %.2f ms (commit, fsync), PostgreSQL %.2f ms "
                "(claim + commit, %d round trips)\n",
                sqlite_ms_per_page, postgres_ms_per_page, postgres_round_trips_per_page);
  out << line;
  return out.str();
}

}  // namespace kamiflow::engine::bench
