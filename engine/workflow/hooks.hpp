// The workflow's Lua hooks bound as BatchRunner callbacks (workflow_hooks.cpp). Not a public API.
#pragma once

#include "engine/batch/runner.hpp"
#include "engine/workflow/workflow.hpp"
#include "engine/workflow/internal.hpp"

namespace kamiflow::workflow_detail {

// `workflow_ref` is a registry reference to the workflow table; runtime and spec outlive the run.
[[nodiscard]] engine::BatchCallbacks make_callbacks(LuaRuntime& runtime, int workflow_ref, const WorkflowSpec& spec);
[[nodiscard]] Status call_on_batch_end(LuaRuntime& runtime, int workflow_ref, const nlohmann::json& summary);
// Hands every reviewed record not yet handed over to on_reviewed, exactly once (hooks_reviewed.cpp).
// Returns how many were handed over.
[[nodiscard]] Result<long long> call_on_reviewed(LuaRuntime& runtime, int workflow_ref, engine::RecordStore& store);

}  // namespace kamiflow::workflow_detail
