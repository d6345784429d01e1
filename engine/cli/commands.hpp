// The kamiflow CLI's subcommands. Each lives in its own cli/<name>_command.cpp and exposes one
// `add_<name>_command(CLI::App&)`, which declares the subcommand and its options and returns the
// action to run when that subcommand is chosen. main.cpp lists them; only working commands are.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

#include "engine/cli/exit_codes.hpp"
#include "engine/base/logging.hpp"

namespace kamiflow::cli {

struct CliContext {
  LogOptions log_options;
  Logger logger;
};

struct Command {
  CLI::App* app = nullptr;
  std::function<ExitCode(CliContext&)> run;
};

Command add_doctor_command(CLI::App& parent);
Command add_run_command(CLI::App& parent);
Command add_extract_command(CLI::App& parent);
Command add_samples_command(CLI::App& parent);
Command add_eval_command(CLI::App& parent);
Command add_bench_command(CLI::App& parent);
Command add_review_command(CLI::App& parent);
Command add_report_command(CLI::App& parent);
Command add_batch_command(CLI::App& parent);
Command add_digits_command(CLI::App& parent);
Command add_export_command(CLI::App& parent);
Command add_template_command(CLI::App& parent);
Command add_enqueue_command(CLI::App& parent);
Command add_worker_command(CLI::App& parent);
Command add_status_command(CLI::App& parent);

}  // namespace kamiflow::cli
