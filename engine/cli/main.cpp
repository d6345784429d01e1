// kamiflow: on-premises RPA and AI-OCR workflow engine. Entry point: process set-up, global
// options, and dispatch to the subcommand chosen (see cli/commands.hpp).
#include <cstdio>
#include <cstdlib>
#include <vector>

#include <CLI/CLI.hpp>

#include "engine/cli/commands.hpp"
#include "engine/cli/conventions.hpp"
#include "engine/cli/exit_codes.hpp"
#include "engine/base/logging.hpp"
#include "engine/base/messages.hpp"
#include "engine/os/process_env.hpp"

int main(int argc, char** argv) {
  using namespace kamiflow;
  reexec_with_omp_thread_limit(argv);

  CLI::App app{"kamiflow — on-premises AI-OCR and RPA for paper forms (紙 kami + flow)", "kamiflow"};
  app.set_version_flag("-V,--version", std::string("kamiflow ") + KAMIFLOW_VERSION);
  app.require_subcommand(1);
  app.fallthrough();  // global options may follow the subcommand: `kamiflow run x.lua -v`

  cli::CliContext ctx;
  int verbose = 0;
  bool quiet = false;
  app.add_flag("-v,--verbose", verbose, "More output (-v debug, -vv trace)");
  app.add_flag("-q,--quiet", quiet, "Only warnings and errors");
  app.add_option("--log-file", ctx.log_options.file, "Also write a rotating log file (debug level)");
  app.add_flag("--debug-personal-data", ctx.log_options.log_personal_data,
               "Allow field values (personal data) in debug logs. Off by default");
  std::string calibration;
  bool no_calibration = false;
  app.add_option("--calibration", calibration,
                 "Review thresholds per field kind (from `kamiflow eval --calibrate`); default: the shipped "
                 "ocr/calibration.json, or $KAMIFLOW_CALIBRATION");
  app.add_flag("--no-calibration", no_calibration, "Ignore any calibration: every field uses its template's threshold");
  std::string lang;
  app.add_option("--lang", lang, "Language of messages for clerks: ja (default) or en; default from LC_ALL/LANG")
      ->check(CLI::IsMember({"ja", "en"}));

  std::vector<cli::Command> commands;
  // Each working subcommand adds one line here.
  commands.push_back(cli::add_doctor_command(app));
  commands.push_back(cli::add_batch_command(app));
  commands.push_back(cli::add_review_command(app));
  commands.push_back(cli::add_samples_command(app));
  commands.push_back(cli::add_eval_command(app));
  commands.push_back(cli::add_run_command(app));
  commands.push_back(cli::add_extract_command(app));
  commands.push_back(cli::add_bench_command(app));
  commands.push_back(cli::add_report_command(app));
  commands.push_back(cli::add_digits_command(app));
  commands.push_back(cli::add_export_command(app));
  commands.push_back(cli::add_template_command(app));
  commands.push_back(cli::add_enqueue_command(app));
  commands.push_back(cli::add_worker_command(app));
  commands.push_back(cli::add_status_command(app));
  cli::one_value_per_option(app);  // `--template T.lua FILE…`: FILE is never a second template

  std::string help_error;
  if (auto help = cli::help_request(app, argc, argv, help_error)) {
    if (!help_error.empty()) {
      std::fprintf(stderr, "error: %s\n", help_error.c_str());
      return to_int(ExitCode::kUsage);
    }
    std::fputs(help->c_str(), stdout);
    return 0;
  }
  if (argc < 2) {
    std::fputs(app.help().c_str(), stderr);
    return to_int(ExitCode::kUsage);
  }
  if (auto unknown = cli::unknown_argument(app, argc, argv)) {
    std::fprintf(stderr, "error: %s\n", unknown->c_str());
    return to_int(ExitCode::kUsage);
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : to_int(ExitCode::kUsage);
  }

  // One place decides the calibration for every subcommand: the environment variable that
  // ocr::load_default_calibration() reads (a child kamiflow process inherits it too).
  if (no_calibration) setenv("KAMIFLOW_CALIBRATION", "none", 1);
  else if (!calibration.empty()) setenv("KAMIFLOW_CALIBRATION", calibration.c_str(), 1);

  set_message_language(lang.empty() ? language_from_environment() : *parse_language(lang));
  ctx.log_options.verbosity = quiet ? -1 : verbose;
  ctx.logger = make_logger(ctx.log_options);
  if (was_reexecuted()) ctx.logger->debug("re-executed with OMP_THREAD_LIMIT=1 (Tesseract OpenMP off)");

  for (auto& c : commands) {
    if (c.app->parsed()) {
      ExitCode code = c.run(ctx);
      ctx.logger->flush();
      return to_int(code);
    }
  }
  std::fputs(app.help().c_str(), stderr);
  return to_int(ExitCode::kUsage);
}
