// The workflow's Lua hooks as BatchRunner callbacks: validators and on_record per record,
// on_reject per rejected page, on_batch_end once. Each runs inside one protected call with the
// runtime's budget (workflow_internal.hpp, protected_run).
#include "engine/workflow/hooks.hpp"

#include <glob.h>

#include <string>

#include "engine/lua/cap_common.hpp"
#include "engine/lua/runtime_internal.hpp"
#include "engine/workflow/record.hpp"

namespace kamiflow::workflow_detail {
namespace {

int run_body(lua_State* L) {
  const auto* body = static_cast<const std::function<int(lua_State*)>*>(lua_touserdata(L, 1));
  lua_remove(L, 1);
  return (*body)(L);  // Lua errors pass; body wraps its own C++ work
}

void push_hook(lua_State* L, int workflow_ref, const char* name) {
  lua_rawgeti(L, LUA_REGISTRYINDEX, workflow_ref);
  lua_getfield(L, -1, name);
  lua_remove(L, -2);
}

[[noreturn]] void raise(lua_State* L, const Status& st) {
  luaL_error(L, "%s", st.message().c_str());
  std::abort();
}

// Appends `flag` to rec.fields[name].flags unless present (rec at index `rec`).
void add_flag(lua_State* L, int rec, const std::string& name, const char* flag) {
  lua_getfield(L, rec, "fields");
  lua_getfield(L, -1, name.c_str());
  lua_getfield(L, -1, "flags");
  const lua_Integer n = luaL_len(L, -1);
  for (lua_Integer i = 1; i <= n; ++i) {
    lua_rawgeti(L, -1, i);
    const bool same = lua_type(L, -1) == LUA_TSTRING && std::string(lua_tostring(L, -1)) == flag;
    lua_pop(L, 1);
    if (same) {
      lua_pop(L, 3);
      return;
    }
  }
  lua_pushstring(L, flag);
  lua_rawseti(L, -2, n + 1);
  lua_pop(L, 3);
}

// Runs validators; failures flag the field "invalid" and land in `messages` (field → message).
void run_validators(lua_State* L, int workflow_ref, int rec, const ocr::Record& record,
                    const std::vector<std::string>& keys, nlohmann::json& messages) {
  for (const std::string& key : keys) {
    std::string field = key;
    const auto dot = key.find('.');
    if (dot != std::string::npos) {  // "form_id.field": that form only
      if (key.substr(0, dot) != record.form_id) continue;
      field = key.substr(dot + 1);
    }
    const ocr::FieldResult* f = record.find(field);
    if (f == nullptr) continue;
    push_hook(L, workflow_ref, "validators");
    lua_getfield(L, -1, key.c_str());
    lua_remove(L, -2);
    lua_getfield(L, rec, "fields");
    lua_getfield(L, -1, field.c_str());
    lua_getfield(L, -1, "value");
    lua_replace(L, -3);
    lua_pop(L, 1);
    lua_pushvalue(L, rec);
    lua_call(L, 2, 2);
    if (lua_toboolean(L, -2) == 0) {
      add_flag(L, rec, field, ocr::flag::kInvalid);
      const char* msg = lua_tostring(L, -1);
      messages[field] = msg != nullptr ? msg : "rejected by the workflow's validator";
    }
    lua_pop(L, 2);
  }
}

engine::Verdict parse_verdict(lua_State* L, int index) {
  if (lua_isnil(L, index)) return engine::Verdict::kAuto;
  const char* v = lua_tostring(L, index);
  const std::string s = v != nullptr ? v : "";
  if (s == "accept") return engine::Verdict::kAccept;
  if (s == "review") return engine::Verdict::kNeedsReview;
  if (s == "drop") return engine::Verdict::kDrop;
  luaL_error(L, "on_record returned '%s' (expected \"accept\", \"review\", \"drop\" or nil)",
             v != nullptr ? v : luaL_typename(L, index));
  return engine::Verdict::kAuto;
}

}  // namespace

Status protected_run(LuaRuntime& runtime, const std::function<int(lua_State*)>& body, int nresults) {
  lua_State* L = runtime.state();
  if (lua_checkstack(L, 3) == 0) return Status::ResourceLimit("Lua stack exhausted");
  lua_pushcfunction(L, run_body);
  lua_pushlightuserdata(L, const_cast<std::function<int(lua_State*)>*>(&body));
  return runtime.call(1, nresults);
}

engine::BatchCallbacks make_callbacks(LuaRuntime& runtime, int workflow_ref, const WorkflowSpec& spec) {
  engine::BatchCallbacks cb;
  if (spec.has_on_record || !spec.validated_fields.empty()) {
    cb.on_record = [&runtime, workflow_ref, &spec](ocr::Record& record) -> Result<engine::RecordDecision> {
      engine::RecordDecision decision;
      Status st = protected_run(runtime, [&](lua_State* L) {
        return lua_detail::guarded(L, [&] {
          push_record(L, record);
          const int rec = lua_gettop(L);
          nlohmann::json messages = nlohmann::json::object();
          run_validators(L, workflow_ref, rec, record, spec.validated_fields, messages);
          if (spec.has_on_record) {
            push_hook(L, workflow_ref, "on_record");
            lua_pushvalue(L, rec);
            lua_call(L, 1, 2);
            decision.verdict = parse_verdict(L, -2);
            if (const char* reason = lua_tostring(L, -1)) decision.reason = reason;
            lua_pop(L, 2);
          }
          Result<nlohmann::json> extra = read_back(L, rec, record);
          if (!extra.ok()) raise(L, extra.status().WithContext("after on_record"));
          if (!extra->empty()) decision.extra["extra"] = std::move(*extra);
          if (!messages.empty()) decision.extra["validation"] = std::move(messages);
          return 0;
        });
      });
      if (!st.ok()) return st.WithContext("on_record, " + record.source_file + " page " + std::to_string(record.page));
      return decision;
    };
  }
  if (spec.has_on_reject) {
    cb.on_reject = [&runtime, workflow_ref](const engine::PageRef& page, engine::PageState state,
                                            const Status& reason) -> Status {
      return protected_run(runtime, [&](lua_State* L) {
        return lua_detail::guarded(L, [&] {
          push_hook(L, workflow_ref, "on_reject");
          push_page(L, page, state);
          lua_pushstring(L, reason.message().c_str());
          lua_call(L, 2, 0);
          return 0;
        });
      }).WithContext("on_reject");
    };
  }
  return cb;
}

Status call_on_batch_end(LuaRuntime& runtime, int workflow_ref, const nlohmann::json& summary) {
  return protected_run(runtime, [&](lua_State* L) {
    return lua_detail::guarded(L, [&] {
      push_hook(L, workflow_ref, "on_batch_end");
      lua_cap::push_json(L, summary);
      lua_call(L, 1, 0);
      return 0;
    });
  }).WithContext("on_batch_end");
}

Result<std::vector<std::string>> expand_template_paths(const std::vector<std::string>& patterns) {
  std::vector<std::string> out;
  for (const auto& p : patterns) {
    if (p.find_first_of("*?[") == std::string::npos) {
      out.push_back(p);
      continue;
    }
    glob_t g{};
    const int rc = ::glob(p.c_str(), 0, nullptr, &g);
    if (rc == 0)
      for (std::size_t i = 0; i < g.gl_pathc; ++i) out.emplace_back(g.gl_pathv[i]);
    globfree(&g);
    if (rc != 0) return Status::InvalidInput("workflow.templates: '" + p + "' matched no file (relative to the current directory)");
  }
  return out;
}

}  // namespace kamiflow::workflow_detail
