// kamiflow::Workflow: a Lua script that RETURNS a table declaring inputs, templates, database,
// trays, sinks, capabilities and hooks, run by the BatchRunner (docs/workflows.md).
//
// Flow: the C++ worker pool does the page pipeline; records come back to the calling thread in
// input order, where validators and on_record run in the workflow's Lua state (one thread, no
// locking). Each page is committed to SQLite (the source of truth) in its own transaction, so a
// killed run resumes on rerun with every page exactly once. CSV/JSONL sinks are written AFTER the
// batch from every record committed to the database (temp file + fsync + rename): a killed run
// never leaves a half-written sink, and a rerun writes them complete.
//
// Errors: a malformed declaration is InvalidInput listing every problem ("workflow.sinks[1].type:
// ..."), a hook that raises is ScriptError with file:line (the batch stops; a rerun resumes).
// Thread-safety: run_workflow blocks the calling thread, which must own `runtime`.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/batch/summary.hpp"
#include "engine/batch/worker.hpp"
#include "engine/export/profile.hpp"
#include "engine/store/csv_writer.hpp"
#include "engine/base/logging.hpp"
#include "engine/lua/runtime.hpp"
#include "kamiflow/status.hpp"

namespace kamiflow {

struct WorkflowSink {
  enum class Kind { kCsv, kJsonl, kXlsx };
  Kind kind = Kind::kCsv;
  std::string path;  // "{form}" in it → one file per form id
  CsvEncoding encoding = CsvEncoding::kUtf8Bom;
  std::vector<std::string> states;  // record states to export; empty = all
  // An export profile (a file, or a table inline): the sink is written by engine/export exactly
  // as `kamiflow export` would (docs/export.md). Always set for xlsx sinks.
  std::optional<exporting::ExportProfile> profile;
};

struct WorkflowWatch {
  std::string dir;
  int poll_ms = 1000;
  int idle_polls = 0;      // stop after this many empty polls in a row; 0 = never
  long long max_files = 0;  // stop after this many files; 0 = no limit
};

struct WorkflowSpec {
  std::string name;
  std::vector<std::string> inputs;     // files, directories, globs (relative to the cwd)
  bool recursive = false;
  std::vector<std::string> templates;  // paths or globs
  std::string database = "kamiflow.sqlite";
  std::string quarantine, unclassified, crops, done;
  bool crop_all = false;  // with crops: keep every field's image, not only flagged ones (reports)
  std::vector<WorkflowSink> sinks;
  int jobs = 0;
  std::optional<WorkflowWatch> watch;
  bool has_on_record = false, has_on_reject = false, has_on_batch_end = false;
  bool has_on_reviewed = false;  // called once per record a person reviewed (hooks_reviewed.cpp)
  std::vector<std::string> validated_fields;  // keys of `validators`
};

// True when the value at `index` is a table that looks like a workflow (has `templates`, `inputs`
// or `watch`), so `kamiflow run` can tell a workflow from a script's other results; a table with
// only some of them is still a workflow, and parse_workflow says what is missing.
[[nodiscard]] bool is_workflow_table(lua_State* L, int index);

// Reads the declaration (not the hooks' code) at `index`; every problem listed, one per line.
[[nodiscard]] Result<WorkflowSpec> parse_workflow(lua_State* L, int index);

struct WorkflowRunOptions {
  int jobs = 0;            // > 0 overrides the workflow's `jobs`
  bool progress = true;    // progress line/bar and summary table on stderr
  bool summary = true;     // without progress: still print the summary table
  Logger logger;
};

struct WorkflowOutcome {
  engine::BatchSummary summary;
  long long on_reviewed = 0;  // reviewed records handed to on_reviewed in this run
  std::vector<std::string> written;  // sink files written
};

// Runs the workflow table at `index` of runtime's stack (left in place). Capabilities it declares
// are granted for the duration of the run only.
[[nodiscard]] Result<WorkflowOutcome> run_workflow(LuaRuntime& runtime, int index, const WorkflowRunOptions& options);

// Runs the workflow table at `index` as one scale-out worker (`kamiflow worker --workflow`,
// docs/scale-out.md): its templates (added to worker.batch's), trays, crops, validators and its
// on_record / on_reject hooks, called in this process just before it commits each page, as on one
// machine. Pages come from the queue at worker.db_url: the workflow's `database`, `inputs` and
// `watch` are not used, and its sinks and on_batch_end are not run by workers (export from the
// shared database once the queue is empty).
[[nodiscard]] Result<engine::WorkerSummary> run_workflow_worker(
    LuaRuntime& runtime, int index, engine::WorkerOptions worker,
    std::vector<std::shared_ptr<const ocr::FormTemplate>> extra_templates);

}  // namespace kamiflow
