// `kamiflow run SCRIPT.lua [args...]`: runs a Lua script in the sandbox (docs/lua-api.md).
// A plain script runs as is; a script that RETURNS a workflow table (inputs, templates, sinks,
// hooks, capabilities) runs as a workflow (docs/workflows.md).
#include <iostream>

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "engine/cli/commands.hpp"
#include "engine/lua/runtime.hpp"
#include "engine/workflow/workflow.hpp"
#include "engine/lua/capabilities.hpp"

namespace kamiflow::cli {
namespace {

// Capabilities the bare `run` command can grant today; workflow capabilities come later.
const std::set<std::string> kGrantable = {"io", "os"};

struct RunOptions {
  std::string script;
  std::vector<std::string> args;
  std::uint64_t max_instructions = LuaRuntimeOptions{}.max_instructions;
  std::size_t max_memory_mb = LuaRuntimeOptions{}.max_memory_bytes >> 20;
  double max_seconds = LuaRuntimeOptions{}.max_seconds;
  std::vector<std::string> allow;
  int jobs = 0;              // workflows: overrides the workflow's `jobs`
  bool no_progress = false;  // workflows: no progress bar / lines
  bool json = false;         // workflows: the summary as one JSON line on stdout
};

ExitCode exit_code_for(const Status& st) {
  switch (st.code()) {
    case StatusCode::kOk:
      return ExitCode::kOk;
    case StatusCode::kScriptError:
    case StatusCode::kTimeout:        // instruction budget: the script's fault
    case StatusCode::kResourceLimit:  // memory cap: likewise
      return ExitCode::kScriptError;
    case StatusCode::kNotFound:  // no such script
      return ExitCode::kUsage;
    default:
      return ExitCode::kFailure;
  }
}

ExitCode run_as_workflow(const RunOptions& o, CliContext& ctx, LuaRuntime& runtime) {
  WorkflowRunOptions w;
  w.jobs = o.jobs;
  w.progress = !o.no_progress && ctx.log_options.verbosity >= 0;
  w.summary = ctx.log_options.verbosity >= 0 && !o.json;
  w.logger = ctx.logger;
  Result<WorkflowOutcome> outcome = run_workflow(runtime, -1, w);
  std::cout.flush();
  if (!outcome.ok()) {
    const Status& st = outcome.status();
    std::cerr << (st.code() == StatusCode::kScriptError ? "" : "error: ") << st.message() << "\n";
    return st.code() == StatusCode::kInvalidInput || st.code() == StatusCode::kNotFound ? ExitCode::kUsage
                                                                                          : exit_code_for(st);
  }
  const engine::BatchSummary& s = outcome->summary;
  if (o.json) {
    nlohmann::json j = engine::to_json(s);
    j["written"] = outcome->written;
    std::cout << j.dump() << "\n" << std::flush;
  }
  if (s.interrupted) return ExitCode::kInterrupted;
  return s.rejected + s.unclassified > 0 ? ExitCode::kRejects : ExitCode::kOk;
}

ExitCode run(const RunOptions& o, CliContext& ctx) {
  for (const auto& name : o.allow) {
    if (kGrantable.count(name) == 0) {
      std::cerr << "error: unknown capability '" << name << "' (run can grant: io, os)\n";
      return ExitCode::kUsage;
    }
  }
  LuaRuntimeOptions options;
  options.max_instructions = o.max_instructions;
  options.max_memory_bytes = o.max_memory_mb << 20;
  options.max_seconds = o.max_seconds;
  options.capabilities.insert(o.allow.begin(), o.allow.end());
  options.args = o.args;
  options.logger = ctx.logger;

  Result<std::unique_ptr<LuaRuntime>> runtime = LuaRuntime::create(std::move(options));
  if (!runtime.ok()) {
    std::cerr << "error: " << runtime.status().message() << "\n";
    return exit_code_for(runtime.status());
  }
  Status st = install_workflow_modules(**runtime);
  if (st.ok()) st = (*runtime)->run_file(o.script, 1);
  // A script that returns a workflow table runs as a workflow (docs/workflows.md).
  if (st.ok() && is_workflow_table((*runtime)->state(), -1)) return run_as_workflow(o, ctx, **runtime);
  std::cout.flush();
  if (!st.ok()) {
    // Script errors already read "file:line: message" followed by the traceback.
    if (st.code() == StatusCode::kNotFound)
      std::cerr << "error: " << st.message() << "\n";
    else
      std::cerr << st.message() << "\n";
  }
  return exit_code_for(st);
}

}  // namespace

Command add_run_command(CLI::App& parent) {
  auto options = std::make_shared<RunOptions>();
  CLI::App* app = parent.add_subcommand("run", "Run a Lua script in the kamiflow sandbox");
  app->add_option("script", options->script, "The Lua script to run")->required();
  app->add_option("args", options->args, "Arguments for the script (kamiflow.args); put -- before ones starting with -");
  app->add_option("--max-instructions", options->max_instructions,
                  "Instruction budget (0 = unlimited)")
      ->capture_default_str();
  app->add_option("--max-memory-mb", options->max_memory_mb, "Memory cap for the Lua state, in MiB")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 20))
      ->capture_default_str();
  app->add_option("--max-seconds", options->max_seconds, "Wall-clock limit per entry into Lua: the script, each hook call (0 = none)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app->add_option("--jobs,-j", options->jobs, "Workflows: worker threads (overrides the workflow's jobs)");
  app->add_flag("--no-progress", options->no_progress, "Workflows: no progress bar / progress lines");
  app->add_flag("--json", options->json, "Workflows: print the batch summary and the sink files written as one JSON line (the last line of stdout)");
  app->add_option("--allow", options->allow, "Grant a capability to the script (io, os); repeatable");
  return {app, [options](CliContext& ctx) { return run(*options, ctx); }};
}

}  // namespace kamiflow::cli
