// Test support: a workflow declaration (Lua source returning the workflow table) parsed as
// `kamiflow run` parses it, for tests of WorkflowSpec.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "engine/lua/runtime.hpp"
#include "engine/workflow/workflow.hpp"

namespace kamiflow::testing {

// is_workflow, when given, is set (once the code ran) to whether the returned table looks like a
// workflow declaration.
inline Result<WorkflowSpec> parse_workflow_source(const std::string& code, std::optional<bool>* is_workflow = nullptr) {
  auto rt = std::move(LuaRuntime::create()).value();
  Status st = rt->run_string(code, "wf.lua", 1);
  if (!st.ok()) return st;
  if (is_workflow) *is_workflow = is_workflow_table(rt->state(), -1);
  return parse_workflow(rt->state(), -1);
}

}  // namespace kamiflow::testing
