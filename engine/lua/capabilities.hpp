// kamiflow::WorkflowGrants: the capabilities one workflow declared (fs, csv, json, http, exec, web),
// built from its `capabilities` table, and the Lua modules kamiflow.fs/.csv/.json/.http/.exec
// that reach them (docs/workflows.md, "Capabilities").
//
// Contract: install_workflow_modules() adds the five module tables to the `kamiflow` global of a
// runtime (call it before the script runs, so `local fs = kamiflow.fs` works at load time). Every
// function in them looks up the grants currently attached to the state; with none attached, or
// without that capability, it raises "capability 'http' not granted to this workflow (declare
// capabilities.http)". So the sandbox stays closed unless a workflow declared the capability, and
// the script's top-level code (which runs before the declaration is read) can never use them.
// GrantScope attaches grants for its lifetime (the workflow's run) and detaches them after.
// Ownership: WorkflowGrants owns the C++ backends (FsRoots, HttpClient, CommandRunner); the Lua
// state only holds a pointer while a GrantScope is alive. Not thread-safe: one Lua thread.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/os/exec.hpp"
#include "engine/os/fs.hpp"
#include "engine/os/http.hpp"
#include "engine/os/web.hpp"
#include "engine/store/robot_journal.hpp"
#include "engine/lua/runtime.hpp"
#include "kamiflow/status.hpp"

namespace kamiflow {

struct WorkflowGrants {
  std::optional<FsRoots> fs;
  bool csv = false;
  bool json = false;
  std::optional<HttpClient> http;
  std::optional<CommandRunner> exec;
  double exec_timeout_s = 30;  // default for exec.run when the call gives none
  // web (docs/rpa.md): the browser starts at the first step and is closed when the grants go
  // away, i.e. when the workflow run ends, however it ends.
  std::unique_ptr<WebBrowser> web;
  std::string web_target;  // the robot journal's name for the system keyed into
  // The workflow's database (run_workflow sets it): the robot journal lives there, opened on
  // first use.
  std::string database;
  std::unique_ptr<engine::RobotJournal> robot_journal;

  // From the declaration (the workflow's `capabilities` value converted to JSON; null or {} =
  // nothing granted). Unknown names, wrong types, missing roots or commands are InvalidInput
  // naming the key ("capabilities.http.hosts[1]: ...").
  [[nodiscard]] static Result<std::unique_ptr<WorkflowGrants>> from_declaration(const nlohmann::json& decl);
};

// Adds kamiflow.fs, kamiflow.csv, kamiflow.json, kamiflow.http and kamiflow.exec.
[[nodiscard]] Status install_workflow_modules(LuaRuntime& runtime);

// Attaches `grants` to `runtime`'s state while alive. Only one at a time.
class GrantScope {
 public:
  GrantScope(LuaRuntime& runtime, WorkflowGrants& grants);
  ~GrantScope();
  GrantScope(const GrantScope&) = delete;
  GrantScope& operator=(const GrantScope&) = delete;

 private:
  LuaRuntime& runtime_;
};

}  // namespace kamiflow
