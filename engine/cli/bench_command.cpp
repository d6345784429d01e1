// `kamiflow bench [--form ID] [--pages N] [--jobs N] [--json]`: throughput, per-stage times and
// memory of kamiflow on generated scans, against the Tesseract floor and the `tesseract`-CLI
// baseline (engine/include/kamiflow/engine/bench.hpp, docs/bench.md).
#include <iostream>

#include "engine/cli/commands.hpp"
#include "engine/bench/bench.hpp"
#include "engine/bench/scale_out.hpp"

namespace kamiflow::cli {

Command add_bench_command(CLI::App& parent) {
  struct Args {
    engine::bench::BenchOptions options;
    bool json = false;
    bool no_baseline = false;
    bool no_floor = false;
    bool no_previous = false;
    std::string work_dir;
    int workers = 0;
    std::string db;
  };
  auto args = std::make_shared<Args>();
  CLI::App* app = parent.add_subcommand("bench", "Measure throughput, stage times and memory on generated scans");
  app->add_option("--form", args->options.form, "Sample form id (samples/forms/<id>), or 'all' for a mixed batch that is classified")->capture_default_str();
  app->add_option("--pages", args->options.pages,
                  "Pages in the all-workers run; beyond --distinct the generated scans are read again")
      ->capture_default_str()
      ->check(CLI::Range(1, 1'000'000));
  app->add_option("--distinct", args->options.distinct_pages, "Scans generated (the 1-worker run reads these)")
      ->capture_default_str()
      ->check(CLI::Range(1, 10'000));
  app->add_option("--jobs,-j", args->options.jobs, "Workers of the parallel run (default: all cores)")
      ->check(CLI::Range(1, 256));
  app->add_option("--seed", args->options.seed, "Sample generator seed")->capture_default_str();
  app->add_option("--baseline-pages", args->options.baseline_pages, "Pages whose crops go through the tesseract CLI")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  app->add_flag("--no-baseline", args->no_baseline, "Skip the tesseract-CLI baseline");
  app->add_flag("--no-previous", args->no_previous,
                "Skip the run that reads the same pages as before issue #18 (fast jpn alone, Tesseract digit boxes)");
  app->add_flag("--no-floor", args->no_floor, "Skip capturing and replaying Tesseract calls (implies --no-baseline)");
  app->add_option("--work-dir", args->work_dir, "Keep scans, databases and crops here (default: a temp dir, removed)");
  app->add_flag("--json", args->json, "Print one JSON object instead of the table");
  app->add_option("--workers", args->workers,
                  "Scale-out bench (with --db postgresql://...): throughput with 1..N workers on PostgreSQL beside "
                  "SQLite batch -j 1..N, and the per-page database cost of each (docs/scale-out.md)")
      ->check(CLI::Range(1, 64));
  app->add_option("--db", args->db, "With --workers: the PostgreSQL database (a temporary schema is used, then dropped)");
  return {app, [args](CliContext& ctx) {
            if (args->workers > 0 || !args->db.empty()) {
              engine::bench::ScaleOutOptions so;
              so.db_url = args->db;
              so.workers = std::max(1, args->workers);
              so.form = args->options.form;
              so.pages = args->options.pages;
              so.seed = args->options.seed;
              so.work_dir = args->work_dir;
              so.say = [&ctx](const std::string& s) { ctx.logger->info("bench: {}", s); };
              auto rep = engine::bench::run_scale_out_bench(so);
              if (!rep.ok()) {
                std::cerr << "error: " << rep.status().ToString() << "\n";
                return rep.status().code() == StatusCode::kInvalidInput ? ExitCode::kUsage : ExitCode::kFailure;
              }
              std::cout << (args->json ? rep->to_json().dump() + "\n" : rep->to_table());
              return ExitCode::kOk;
            }
            engine::bench::BenchOptions o = args->options;
            o.baseline = !args->no_baseline && !args->no_floor;
            o.floor = !args->no_floor;
            o.previous = !args->no_previous;
            o.work_dir = args->work_dir;
            o.say = [&ctx](const std::string& s) { ctx.logger->info("bench: {}", s); };
            auto report = engine::bench::run_bench(o);
            if (!report.ok()) {
              std::cerr << "error: " << report.status().ToString() << "\n";
              const StatusCode c = report.status().code();
              return c == StatusCode::kInvalidInput || c == StatusCode::kNotFound ? ExitCode::kUsage
                                                                                   : ExitCode::kFailure;
            }
            if (args->json) std::cout << report->to_json().dump() << "\n";
            else std::cout << report->to_table();
            return ExitCode::kOk;
          }};
}

}  // namespace kamiflow::cli
