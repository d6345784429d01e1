// `kamiflow worker`: one scale-out worker (engine/batch/worker.hpp, docs/scale-out.md). Claims
// pages from the PostgreSQL queue that `kamiflow enqueue` filled, reads them with the templates
// given, commits each page's outcome once. SIGTERM/SIGINT: finishes the current page, exits 0.
#include <iostream>

#include <nlohmann/json.hpp>

#include "engine/base/messages.hpp"
#include "engine/batch/worker.hpp"
#include "engine/cli/commands.hpp"
#include "engine/cli/conventions.hpp"
#include "engine/lua/capabilities.hpp"
#include "engine/lua/runtime.hpp"
#include "engine/store/record_store.hpp"
#include "engine/templates/loader.hpp"
#include "engine/workflow/workflow.hpp"

namespace kamiflow::cli {
namespace {

struct WorkerArgs {
  std::vector<std::string> templates;
  std::string workflow;
  engine::WorkerOptions options;
  bool json = false;
};

ExitCode run_worker_command(WorkerArgs& a, CliContext& ctx) {
  if (!engine::is_database_url(a.options.db_url)) {
    std::cerr << "error: " << ui("worker には PostgreSQL のデータベース (--db postgresql://...) が必要です",
                                 "worker needs a PostgreSQL database (--db postgresql://...)") << "\n";
    return ExitCode::kUsage;
  }
  std::vector<std::shared_ptr<const ocr::FormTemplate>> templates;
  for (const auto& path : a.templates) {
    auto t = load_template(path);
    if (!t.ok()) {
      std::cerr << "error: " << t.status().ToString() << "\n";
      return ExitCode::kUsage;
    }
    templates.push_back(*t);
  }
  if (templates.empty() && a.workflow.empty()) {
    std::cerr << "error: " << ui("テンプレート (-t) かワークフロー (--workflow) を指定してください",
                                 "give templates (-t) or a workflow (--workflow)") << "\n";
    return ExitCode::kUsage;
  }
  engine::WorkerOptions o = a.options;
  o.batch.logger = ctx.logger;
  engine::SignalCancellation signals;
  o.batch.cancel = &signals.flag();
  Result<engine::WorkerSummary> summary = Status::Internal("not run");
  if (!a.workflow.empty()) {
    // The workflow's hooks run here, in the worker that commits each page (docs/scale-out.md).
    LuaRuntimeOptions lo;
    lo.logger = ctx.logger;
    auto runtime = LuaRuntime::create(std::move(lo));
    if (!runtime.ok()) {
      std::cerr << "error: " << runtime.status().message() << "\n";
      return ExitCode::kFailure;
    }
    Status st = install_workflow_modules(**runtime);
    if (st.ok()) st = (*runtime)->run_file(a.workflow, 1);
    if (st.ok() && !is_workflow_table((*runtime)->state(), -1))
      st = Status::InvalidInput(a.workflow + " does not return a workflow table");
    if (!st.ok()) {
      std::cerr << "error: " << st.message() << "\n";
      return ExitCode::kUsage;
    }
    summary = run_workflow_worker(**runtime, -1, o, templates);
    if (!summary.ok() && summary.status().code() == StatusCode::kScriptError) {
      std::cerr << summary.status().message() << "\n";
      return ExitCode::kScriptError;
    }
  } else {
    ocr::ExtractOptions extract;
    extract.keep_crops = !o.batch.crops_dir.empty();
    extract.page_seconds = o.batch.limits.page_seconds;
    o.batch.make_extractor = engine::extractor_factory(templates, extract);
    summary = engine::run_worker(o);
  }
  if (!summary.ok()) {
    std::cerr << "error: " << summary.status().ToString() << "\n";
    return ExitCode::kFailure;
  }
  const auto& s = *summary;
  if (a.json) {
    std::cout << nlohmann::json{{"pages", s.pages},       {"records", s.records},     {"skipped", s.skipped},
                                {"rejected", s.rejected}, {"reconnects", s.reconnects}, {"interrupted", s.interrupted},
                                {"seconds", s.seconds}}
                     .dump()
              << "\n";
  } else if (ctx.log_options.verbosity >= 0) {
    std::cerr << ui("ワーカー終了: " + std::to_string(s.pages) + " ページ（記録 " + std::to_string(s.records) +
                        "、隔離・未分類 " + std::to_string(s.rejected) + "、他のワーカーが処理済み " +
                        std::to_string(s.skipped) + "）" + (s.interrupted ? "。停止の指示で終了しました" : ""),
                    "worker done: " + std::to_string(s.pages) + " pages (records " + std::to_string(s.records) +
                        ", quarantined/unclassified " + std::to_string(s.rejected) + ", done by other workers " +
                        std::to_string(s.skipped) + ")" + (s.interrupted ? "; stopped on request" : ""))
              << "\n";
  }
  return ExitCode::kOk;  // a stop on SIGTERM is the normal end of a worker
}

}  // namespace

Command add_worker_command(CLI::App& parent) {
  auto a = std::make_shared<WorkerArgs>();
  engine::WorkerOptions& o = a->options;
  CLI::App* app = parent.add_subcommand(
      "worker", "Read pages from the shared PostgreSQL queue (kamiflow enqueue), on any number of machines");
  app->add_option("--db", o.db_url, "PostgreSQL database: postgresql://user@host/db")->required();
  app->add_option("--template,--templates,-t", a->templates,
                  "Form template (.lua); repeat for several (optional with --workflow)");
  app->add_option("--workflow", a->workflow,
                  "Lua workflow: its templates, trays, validators and on_record/on_reject hooks run in this worker");
  app->add_option("--name", o.name, "Worker name in kamiflow status (default: hostname:pid)");
  app->add_option("--lease", o.lease_seconds, "Seconds a claimed page stays this worker's without a heartbeat")
      ->check(CLI::Range(1, 86400))
      ->capture_default_str();
  app->add_option("--poll-ms", o.poll_ms, "How often an idle worker looks for new pages")->capture_default_str();
  app->add_flag("--until-empty", o.until_empty, "Exit once no page is pending or claimed (instead of waiting for more)");
  app->add_option("--give-up", o.give_up_seconds, "Stop after the database is unreachable this many seconds")
      ->capture_default_str();
  app->add_option("--quarantine", o.batch.quarantine_dir, "Copies of unreadable files, with reasons");
  app->add_option("--unclassified", o.batch.unclassified_dir, "Copies of pages no template matched");
  app->add_option("--crops", o.batch.crops_dir, "Save images of flagged fields here (for review)");
  app->add_option("--page-seconds", o.batch.limits.page_seconds, "Time budget of one page (0 = none)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app->add_flag("--json", a->json, "Print the worker's summary as one JSON object on stdout");
  return {app, [a](CliContext& ctx) { return run_worker_command(*a, ctx); }};
}

}  // namespace kamiflow::cli
