// `kamiflow eval DIR`: extraction accuracy on a `kamiflow samples` batch, as a table or as JSON.
#include <iostream>

#include <nlohmann/json.hpp>

#include "engine/cli/commands.hpp"
#include "engine/eval/eval.hpp"

namespace kamiflow::cli {

Command add_eval_command(CLI::App& parent) {
  struct Args {
    eval::EvalOptions options;
    std::string dir;
    std::vector<std::string> templates;
    bool json = false;
    bool examples = false;
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
  return {app, [args](CliContext& ctx) {
            eval::EvalOptions o = args->options;
            o.dir = args->dir;
            for (const auto& t : args->templates) o.templates.emplace_back(t);
            ctx.logger->info("evaluating {}", args->dir);
            auto report = eval::run_eval(o);
            if (!report.ok()) {
              std::cerr << "error: " << report.status().ToString() << "\n";
              return report.status().code() == StatusCode::kInvalidInput ||
                             report.status().code() == StatusCode::kNotFound
                         ? ExitCode::kUsage
                         : ExitCode::kFailure;
            }
            if (args->json) std::cout << report->to_json().dump() << "\n";
            else std::cout << report->to_table(args->examples);
            return ExitCode::kOk;
          }};
}

}  // namespace kamiflow::cli
