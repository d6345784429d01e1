// on_reviewed(rec): once per record a person reviewed (engine/review/), on the next `kamiflow run`
// of the workflow, after its batch. docs/workflows.md "on_reviewed".
//
// Exactly once: each record is CLAIMED in the database (records.on_reviewed_at, set only where it
// is still NULL: one process wins) before its hook runs, and released again when the hook raises,
// so a failed call is offered again on the next run and two runs at once never both call it. A
// process killed while the hook runs leaves the claim: that record is not offered again (at most
// once — a repeated side effect, a second mail or payment, is worse than one to redo by hand;
// `UPDATE records SET on_reviewed_at=NULL WHERE id=…` offers it again).
#include "engine/workflow/hooks.hpp"

#include <string>

#include "engine/lua/runtime_internal.hpp"
#include "engine/workflow/record.hpp"

namespace kamiflow::workflow_detail {
namespace {

// The record table of on_record, plus id, state, reviewed_at and each field's review state.
void push_reviewed(lua_State* L, const engine::StoredRecord& s) {
  push_record(L, engine::to_ocr_record(s));
  lua_pushinteger(L, s.id);
  lua_setfield(L, -2, "id");
  lua_pushstring(L, std::string(engine::record_state_name(s.state)).c_str());
  lua_setfield(L, -2, "state");
  lua_pushstring(L, s.reviewed_at.c_str());
  lua_setfield(L, -2, "reviewed_at");
  lua_getfield(L, -1, "fields");
  for (const auto& f : s.fields) {
    lua_getfield(L, -1, f.name.c_str());
    lua_pushstring(L, std::string(engine::field_review_name(f.review)).c_str());
    lua_setfield(L, -2, "review");
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

}  // namespace

Result<long long> call_on_reviewed(LuaRuntime& runtime, int workflow_ref, engine::RecordStore& store) {
  KF_ASSIGN_OR_RETURN(std::vector<long long> pending, store.pending_on_reviewed());
  long long called = 0;
  for (long long id : pending) {
    KF_ASSIGN_OR_RETURN(bool claimed, store.mark_on_reviewed_done(id));
    if (!claimed) continue;  // another run took it
    auto record = store.record(id);
    Status st = record.status();
    if (st.ok()) {
      st = protected_run(runtime, [&](lua_State* L) {
        return lua_detail::guarded(L, [&] {
          lua_rawgeti(L, LUA_REGISTRYINDEX, workflow_ref);
          lua_getfield(L, -1, "on_reviewed");
          lua_remove(L, -2);
          push_reviewed(L, *record);
          lua_call(L, 1, 0);
          return 0;
        });
      });
    }
    if (!st.ok()) {
      (void)store.clear_on_reviewed(id);  // offered again next run; the hook's error is what matters
      return st.WithContext("on_reviewed, record " + std::to_string(id));
    }
    ++called;
  }
  return called;
}

}  // namespace kamiflow::workflow_detail
