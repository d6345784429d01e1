// run_workflow: declaration → grants → templates → RecordStore → BatchRunner (or hot folder) with
// the Lua hooks → sinks from the committed records → on_batch_end.
#include <filesystem>

#include <lua.hpp>

#include "engine/batch/session.hpp"
#include "engine/templates/loader.hpp"
#include "engine/workflow/workflow.hpp"
#include "engine/lua/capabilities.hpp"
#include "engine/lua/json.hpp"
#include "engine/workflow/hooks.hpp"

namespace kamiflow {
namespace {

// Holds the workflow table in the registry for the hooks; released on every exit path.
class RegistryRef {
 public:
  RegistryRef(lua_State* L, int index) : L_(L) {
    lua_pushvalue(L, index);
    ref_ = luaL_ref(L, LUA_REGISTRYINDEX);
  }
  ~RegistryRef() { luaL_unref(L_, LUA_REGISTRYINDEX, ref_); }
  int get() const { return ref_; }

 private:
  lua_State* L_;
  int ref_;
};

void make_parent(const std::string& path) {
  if (engine::is_database_url(path)) return;  // a server database, not a file
  std::error_code ec;
  const auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
}

Result<std::vector<std::shared_ptr<const ocr::FormTemplate>>> load_templates(const WorkflowSpec& spec) {
  KF_ASSIGN_OR_RETURN(std::vector<std::string> paths, workflow_detail::expand_template_paths(spec.templates));
  std::vector<std::shared_ptr<const ocr::FormTemplate>> out;
  for (const auto& p : paths) {
    auto t = load_template(p);
    if (!t.ok()) return t.status();
    out.push_back(*t);
  }
  return out;
}

// What the workflow table's `capabilities` declares, as grants (one place for `run` and `worker`).
Result<std::unique_ptr<WorkflowGrants>> declared_grants(lua_State* L, int wf) {
  lua_getfield(L, wf, "capabilities");
  Result<nlohmann::json> decl = lua_detail::lua_to_json(L, -1);
  lua_pop(L, 1);
  if (!decl.ok()) return decl.status().WithContext("workflow.capabilities");
  return WorkflowGrants::from_declaration(*decl);
}

}  // namespace

Result<WorkflowOutcome> run_workflow(LuaRuntime& runtime, int index, const WorkflowRunOptions& run) {
  lua_State* L = runtime.state();
  const int wf = lua_absindex(L, index);
  KF_ASSIGN_OR_RETURN(WorkflowSpec spec, parse_workflow(L, wf));
  KF_ASSIGN_OR_RETURN(std::unique_ptr<WorkflowGrants> grants, declared_grants(L, wf));
  grants->database = spec.database;  // kamiflow.web's robot journal lives beside the records
  GrantScope scope(runtime, *grants);
  RegistryRef ref(L, wf);

  KF_ASSIGN_OR_RETURN(auto templates, load_templates(spec));
  make_parent(spec.database);
  KF_ASSIGN_OR_RETURN(std::unique_ptr<engine::RecordStore> store, engine::RecordStore::open(spec.database));

  engine::BatchOptions options;
  options.inputs = spec.inputs;
  options.recursive = spec.recursive;
  options.jobs = run.jobs > 0 ? run.jobs : spec.jobs;
  options.quarantine_dir = spec.quarantine;
  options.unclassified_dir = spec.unclassified;
  options.crops_dir = spec.crops;
  options.crop_all_fields = spec.crop_all;
  options.done_dir = spec.done;
  options.logger = run.logger;
  engine::BatchSession session;
  session.templates = templates;
  session.progress = run.progress;
  session.summary_table = run.summary;
  if (spec.watch) {
    engine::WatchOptions w;
    w.dir = spec.watch->dir;
    w.recursive = spec.recursive;
    w.poll_interval_ms = spec.watch->poll_ms;
    w.max_idle_polls = spec.watch->idle_polls;
    w.max_files = spec.watch->max_files;
    std::error_code ec;
    std::filesystem::create_directories(w.dir, ec);
    session.watch = w;
  }
  engine::BatchCallbacks callbacks = workflow_detail::make_callbacks(runtime, ref.get(), spec);
  KF_ASSIGN_OR_RETURN(engine::BatchSummary summary, engine::run_batch_session(*store, options, session, callbacks));

  WorkflowOutcome outcome;
  outcome.summary = summary;
  // Records a clerk finished since the last run (docs/workflows.md, on_reviewed).
  if (spec.has_on_reviewed) {
    KF_ASSIGN_OR_RETURN(outcome.on_reviewed, workflow_detail::call_on_reviewed(runtime, ref.get(), *store));
  }
  for (const auto& sink : spec.sinks) make_parent(sink.path);
  KF_ASSIGN_OR_RETURN(outcome.written, workflow_detail::write_sinks(*store, spec.sinks, templates, run.logger));
  if (spec.has_on_batch_end) {
    nlohmann::json s = engine::to_json(outcome.summary);
    s["sinks"] = outcome.written;
    s["database"] = engine::redact_database_url(spec.database);
    s["on_reviewed"] = outcome.on_reviewed;
    KF_RETURN_IF_ERROR(workflow_detail::call_on_batch_end(runtime, ref.get(), s));
  }
  return outcome;
}

Result<engine::WorkerSummary> run_workflow_worker(LuaRuntime& runtime, int index, engine::WorkerOptions worker,
                                                 std::vector<std::shared_ptr<const ocr::FormTemplate>> templates) {
  lua_State* L = runtime.state();
  const int wf = lua_absindex(L, index);
  KF_ASSIGN_OR_RETURN(WorkflowSpec spec, parse_workflow(L, wf));
  KF_ASSIGN_OR_RETURN(std::unique_ptr<WorkflowGrants> grants, declared_grants(L, wf));
  grants->database = worker.db_url;  // kamiflow.web's robot journal: the shared database
  GrantScope scope(runtime, *grants);
  RegistryRef ref(L, wf);
  if (!spec.templates.empty()) {
    KF_ASSIGN_OR_RETURN(auto own, load_templates(spec));
    templates.insert(templates.end(), own.begin(), own.end());
  }
  if (templates.empty()) return Status::InvalidInput("worker: no templates (give -t or the workflow's templates)");
  engine::BatchOptions& b = worker.batch;
  if (b.quarantine_dir.empty()) b.quarantine_dir = spec.quarantine;
  if (b.unclassified_dir.empty()) b.unclassified_dir = spec.unclassified;
  if (b.crops_dir.empty()) b.crops_dir = spec.crops;
  b.crop_all_fields = b.crop_all_fields || spec.crop_all;
  ocr::ExtractOptions extract;
  extract.keep_crops = !b.crops_dir.empty();
  extract.page_seconds = b.limits.page_seconds;
  b.make_extractor = engine::extractor_factory(templates, extract);
  worker.callbacks = workflow_detail::make_callbacks(runtime, ref.get(), spec);
  return engine::run_worker(worker);
}

}  // namespace kamiflow
