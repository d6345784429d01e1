// Pieces of run_workflow shared between workflow_*.cpp files. Not a public API.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "engine/lua/runtime.hpp"
#include "engine/store/record_store.hpp"
#include "engine/workflow/workflow.hpp"

namespace kamiflow::workflow_detail {

// Writes every sink from the records committed to `store` (atomic per file). Returns the paths.
// Sinks with a profile use `templates` (the workflow's) for labels, options and fixed columns;
// records they hold back for a reason other than their state are logged as warnings.
[[nodiscard]] Result<std::vector<std::string>> write_sinks(
    engine::RecordStore& store, const std::vector<WorkflowSink>& sinks,
    const std::vector<std::shared_ptr<const ocr::FormTemplate>>& templates, const Logger& logger);

// Runs `body` as a C function inside runtime.call (budget, traceback, error mapping): it may push
// values and call script functions; it returns how many results it leaves (`nresults` are kept).
[[nodiscard]] Status protected_run(LuaRuntime& runtime, const std::function<int(lua_State*)>& body,
                                   int nresults = 0);

// Expands template paths/globs; a glob that matches nothing is InvalidInput.
[[nodiscard]] Result<std::vector<std::string>> expand_template_paths(const std::vector<std::string>& patterns);

}  // namespace kamiflow::workflow_detail
