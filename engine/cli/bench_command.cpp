// `kamiflow bench [--form ID] [--pages N] [--jobs N] [--json]`: throughput, per-stage times and
// memory of kamiflow on generated scans, against the Tesseract floor and the `tesseract`-CLI
// baseline (engine/include/kamiflow/engine/bench.hpp, docs/bench.md).
#include <iostream>

#include "engine/cli/commands.hpp"
#include "engine/bench/bench.hpp"

namespace kamiflow::cli {

Command add_bench_command(CLI::App& parent) {
  struct Args {
    engine::bench::BenchOptions options;
    bool json = false;
    bool no_baseline = false;
    bool no_floor = false;
    bool no_previous = false;
    std::string work_dir;
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
  return {app, [args](CliContext& ctx) {
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
