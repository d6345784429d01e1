// `kamiflow report --db FILE --out DIR [--truth DIR] [--template T.lua …]`: writes the HTML review
// report of a records database (every record with its field crops, every rejected page with its
// reason), so a reviewer or a demo audience can see what was read and what needs a human.
#include <iostream>

#include "engine/cli/conventions.hpp"
#include "engine/cli/commands.hpp"
#include "engine/eval/report_truth.hpp"
#include "engine/report/store_report.hpp"
#include "samples/generator/samples.hpp"

namespace kamiflow::cli {

Command add_report_command(CLI::App& parent) {
  auto opts = std::make_shared<StoreReportOptions>();
  auto templates = std::make_shared<std::vector<std::string>>();
  auto truth = std::make_shared<std::string>();
  CLI::App* app = parent.add_subcommand("report", "Write an HTML report of a records database (crops beside values)");
  app->add_option("--db", opts->db, "Records database written by a batch or workflow (file or postgresql://...)")->required()->check(existing_database());
  app->add_option("--out", opts->out_dir, "Directory for report.html and report_files/")->required();
  app->add_option("--truth", *truth, "A `kamiflow samples` directory: adds accuracy against its ground truth")
      ->check(CLI::ExistingDirectory);
  app->add_option("--template", *templates, "Template files for field labels (default: the sample forms)");
  app->add_option("--title", opts->title, "Report title");
  return {app, [opts, templates, truth](CliContext& ctx) {
            auto fail = [](const Status& s) {
              std::cerr << "kamiflow report: " << s.ToString() << "\n";
              return ExitCode::kFailure;
            };
            if (!truth->empty()) {
              auto t = eval::load_report_truth(*truth);
              if (!t.ok()) return fail(t.status());
              opts->truth = *t;
            }
            for (const auto& t : *templates) opts->templates.emplace_back(t);
            if (templates->empty()) {  // field labels of the sample forms
              auto forms = samples::load_forms(samples::default_forms_dir());
              if (!forms.ok()) return fail(forms.status());
              opts->loaded_templates.assign(forms->begin(), forms->end());
            }
            auto result = write_store_report(*opts, ctx.logger);
            if (!result.ok()) return fail(result.status());
            std::cout << "report: " << result->report_path << " (" << result->pages << " pages, "
                      << result->needs_review << " need review, " << result->rejected + result->unclassified
                      << " rejected or unclassified)\n";
            return ExitCode::kOk;
          }};
}

}  // namespace kamiflow::cli
