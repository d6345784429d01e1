// `kamiflow batch`: the batch runner without a Lua workflow — templates in, SQLite records out,
// bad pages quarantined. For clerks who do not write Lua, for cron jobs, and for the crash test
// (kill -9 at any moment, rerun, every page exactly once). `--watch` turns it into a hot folder.
#include <unistd.h>

#include <iostream>

#include <nlohmann/json.hpp>

#include "engine/cli/commands.hpp"
#include "engine/cli/conventions.hpp"
#include "engine/batch/session.hpp"
#include "engine/templates/loader.hpp"

namespace kamiflow::cli {
namespace {

struct BatchArgs {
  std::vector<std::string> templates;
  std::vector<std::string> inputs;
  std::string db;
  engine::BatchOptions options;
  bool no_progress = false;
  bool watch = false;
  int poll_ms = 1000;
  int idle_polls = 0;
  long long max_files = 0;
  bool json = false;
};

ExitCode run_batch(const BatchArgs& args, CliContext& ctx) {
  std::vector<std::shared_ptr<const ocr::FormTemplate>> templates;
  for (const auto& path : args.templates) {
    auto t = load_template(path);
    if (!t.ok()) {
      std::cerr << "error: " << t.status().ToString() << "\n";
      return ExitCode::kUsage;
    }
    templates.push_back(*t);
  }
  if (Status st = make_parent_dirs(args.db); !st.ok()) {
    std::cerr << "error: " << st.ToString() << "\n";
    return ExitCode::kFailure;
  }
  auto inputs = spool_stdin_inputs(args.inputs);
  if (!inputs.ok()) {
    std::cerr << "error: " << inputs.status().ToString() << "\n";
    return ExitCode::kFailure;
  }
  auto store = engine::RecordStore::open(args.db);
  if (!store.ok()) {
    std::cerr << "error: " << store.status().ToString() << "\n";
    return ExitCode::kFailure;
  }

  engine::BatchOptions options = args.options;
  options.inputs = *inputs;
  options.logger = ctx.logger;
  engine::BatchSession session;
  session.templates = templates;
  session.progress = !args.no_progress && ctx.log_options.verbosity >= 0;
  session.summary_table = ctx.log_options.verbosity >= 0 && !args.json;
  if (args.watch) {
    engine::WatchOptions w;
    w.dir = args.inputs.empty() ? "" : args.inputs.front();
    w.recursive = options.recursive;
    w.poll_interval_ms = args.poll_ms;
    w.max_idle_polls = args.idle_polls;
    w.max_files = args.max_files;
    session.watch = w;
  }
  Result<engine::BatchSummary> summary = engine::run_batch_session(**store, options, session);
  if (!summary.ok()) {
    std::cerr << "error: " << summary.status().ToString() << "\n";
    return summary.status().code() == StatusCode::kScriptError ? ExitCode::kScriptError : ExitCode::kFailure;
  }
  if (args.json) {
    nlohmann::json j = engine::to_json(*summary);
    j["database"] = engine::redact_database_url(args.db);
    std::cout << j.dump() << "\n";
  }
  if (summary->interrupted) return ExitCode::kInterrupted;
  if (summary->rejected + summary->unclassified > 0) return ExitCode::kRejects;
  return ExitCode::kOk;
}

}  // namespace

Command add_batch_command(CLI::App& parent) {
  auto args = std::make_shared<BatchArgs>();
  CLI::App* app = parent.add_subcommand(
      "batch", "Read scanned forms into a SQLite database, without a Lua workflow (rerun resumes)");
  app->add_option("--template,-t", args->templates, "Form template (.lua); repeat for several")->required();
  app->add_option("--db", args->db, "Database for records and the page journal: a SQLite file, or postgresql://...")
      ->required();
  app->add_option("--quarantine", args->options.quarantine_dir, "Copies of unreadable files, with reasons");
  app->add_option("--unclassified", args->options.unclassified_dir, "Copies of pages no template matched");
  app->add_option("--crops", args->options.crops_dir, "Save images of flagged fields here (for review)");
  app->add_flag("--crop-all", args->options.crop_all_fields,
               "With --crops: save every field's image, not only flagged ones (for `kamiflow report`)");
  app->add_option("--done", args->options.done_dir, "Move inputs here once all their pages are recorded");
  app->add_option("--jobs,-j", args->options.jobs, "Worker threads (default: all cores)");
  app->add_option("--page-seconds", args->options.limits.page_seconds,
                  "Time budget of one page (PDF rendering, then reading); over it the page is quarantined (0 = none)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app->add_option_function<long long>(
         "--page-memory-mb", [args](long long mb) { args->options.limits.page_memory_bytes = mb << 20; },
         "Memory budget of rendering one PDF page, in MiB (default 2048; 0 = none)")
      ->check(CLI::Range(0LL, 1LL << 20));
  app->add_flag("--recursive,-r", args->options.recursive, "Descend into subdirectories");
  app->add_flag("--no-progress", args->no_progress, "No progress bar / progress lines");
  app->add_flag("--watch", args->watch, "Hot folder: watch the one input directory for new files");
  app->add_option("--poll-ms", args->poll_ms, "Hot folder poll interval")->capture_default_str();
  app->add_option("--idle-polls", args->idle_polls, "Hot folder: stop after N polls with nothing new (0 = never)");
  app->add_option("--max-files", args->max_files, "Hot folder: stop after N files (0 = no limit)");
  app->add_flag("--json", args->json, "Print the batch summary as one JSON object on stdout (instead of the table)");
  app->add_option("inputs", args->inputs, "Files, directories or glob patterns; - reads one scan from stdin")->required();
  return {app, [args](CliContext& ctx) { return run_batch(*args, ctx); }};
}

}  // namespace kamiflow::cli
