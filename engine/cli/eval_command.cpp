// `kamiflow eval DIR`: extraction accuracy on a `kamiflow samples` batch, as a table or as JSON;
// with --curve / --calibrate, how review work trades against silent errors per field kind.
#include <iostream>

#include <nlohmann/json.hpp>

#include "engine/cli/commands.hpp"
#include "engine/eval/calibrate.hpp"
#include "engine/eval/eval.hpp"
#include "engine/os/atomic_file.hpp"

namespace kamiflow::cli {

Command add_eval_command(CLI::App& parent) {
  struct Args {
    eval::EvalOptions options;
    std::string dir;
    std::vector<std::string> templates;
    bool json = false;
    bool examples = false;
    bool curve = false;
    std::string calibrate_out;
    double max_silent = 0.002;
  };
  auto args = std::make_shared<Args>();
  CLI::App* app = parent.add_subcommand("eval", "Measure extraction against the ground truth of a samples batch");
  app->add_option("dir", args->dir, "Directory written by `kamiflow samples`")->required();
  app->add_option("--template", args->templates, "Template file(s) to use (default: samples/forms/*/template.lua)");
  app->add_option("--jobs,-j", args->options.jobs, "Worker threads (default: all cores)");
  app->add_option("--tessdata", args->options.tessdata_dir, "Tesseract language data directory");
  app->add_flag("--json", args->json, "Print one JSON object instead of the table");
  app->add_flag("--examples", args->examples,
                "Show expected and read values of the worst fields (only for synthetic data)");
  app->add_flag("--previous-reading", args->options.previous_reading,
                "Read as kamiflow did before issue #18 (fast jpn alone, digit boxes by Tesseract), to compare");
  app->add_flag("--curve", args->curve, "Also print review rate against silent-error rate per field kind");
  app->add_option("--calibrate", args->calibrate_out,
                  "Write the chosen review thresholds to this calibration file (development seeds only)");
  app->add_option("--max-silent", args->max_silent,
                  "Silent-error rate each kind's threshold must reach, for --curve/--calibrate (default 0.002)")
      ->check(CLI::Range(0.0, 1.0));
  return {app, [args](CliContext& ctx) {
            eval::EvalOptions o = args->options;
            o.dir = args->dir;
            for (const auto& t : args->templates) o.templates.emplace_back(t);
            ctx.logger->info("evaluating {}", args->dir);
            auto run = eval::run_eval(o);
            if (!run.ok()) {
              std::cerr << "error: " << run.status().ToString() << "\n";
              return run.status().code() == StatusCode::kInvalidInput || run.status().code() == StatusCode::kNotFound
                         ? ExitCode::kUsage
                         : ExitCode::kFailure;
            }
            const eval::EvalReport& report = run->report;
            std::vector<eval::KindCurve> curves;
            if (args->curve || !args->calibrate_out.empty()) {
              curves = eval::review_curves(run->observations);
              eval::choose_operating_points(curves, args->max_silent);
            }
            if (args->json) {
              nlohmann::json j = report.to_json();
              for (const auto& c : curves)
                j["calibration"][c.kind] = {{"threshold", c.chosen.threshold},
                                            {"review_rate", c.chosen.review_rate},
                                            {"silent_error_rate", c.chosen.silent_rate}};
              std::cout << j.dump() << "\n";
            } else {
              std::cout << report.to_table(args->examples);
              if (!curves.empty()) std::cout << "\n" << eval::curves_table(curves);
            }
            if (!args->calibrate_out.empty()) {
              const auto cal = eval::to_calibration(
                  curves, "kamiflow eval " + args->dir + " --max-silent " + std::to_string(args->max_silent));
              Status st = write_file_atomically(args->calibrate_out, cal.to_json());
              if (!st.ok()) {
                std::cerr << "error: " << st.ToString() << "\n";
                return ExitCode::kFailure;
              }
              std::cerr << "calibration written to " << args->calibrate_out << "\n";
            }
            return ExitCode::kOk;
          }};
}

}  // namespace kamiflow::cli
