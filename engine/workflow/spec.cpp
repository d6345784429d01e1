// Reading a workflow declaration: the table a workflow script returns, minus its hooks' code.
// Every mistake is reported at once ("workflow.sinks[1].encoding: unknown encoding 'sjis'").
#include <set>
#include <string>
#include <vector>

#include <lua.hpp>

#include "engine/workflow/workflow.hpp"
#include "engine/lua/json.hpp"

namespace kamiflow {
namespace {

using nlohmann::json;

const std::set<std::string> kDataKeys = {"name", "inputs", "recursive", "templates", "database", "quarantine",
                                         "unclassified", "crops", "crop_all", "done", "sinks", "capabilities", "jobs",
                                         "watch"};
const std::set<std::string> kHookKeys = {"on_record", "on_reject", "on_batch_end", "on_reviewed"};

class Parser {
 public:
  void error(const std::string& key, const std::string& what) { errors_.push_back("workflow." + key + ": " + what); }
  bool ok() const { return errors_.empty(); }
  std::string message() const {
    std::string m = "invalid workflow:";
    for (const auto& e : errors_) m += "\n  " + e;
    return m;
  }

  std::string string(const json& v, const std::string& key) {
    if (!v.is_string()) { error(key, "expected a string"); return {}; }
    return v.get<std::string>();
  }
  std::vector<std::string> strings(const json& v, const std::string& key) {
    if (v.is_string()) return {v.get<std::string>()};
    std::vector<std::string> out;
    if (!lua_detail::is_list_like(v)) { error(key, "expected a string or a list of strings"); return out; }
    for (std::size_t i = 0; v.is_array() && i < v.size(); ++i) out.push_back(string(v[i], key + "[" + std::to_string(i + 1) + "]"));
    return out;
  }
  long long integer(const json& v, const std::string& key) {
    if (!v.is_number_integer() || v.get<long long>() < 0) { error(key, "expected a non-negative integer"); return 0; }
    return v.get<long long>();
  }

  void sinks(const json& v, WorkflowSpec& spec) {
    if (!lua_detail::is_list_like(v)) return error("sinks", "expected a list of { type = \"csv\"|\"jsonl\", path = ... }");
    for (std::size_t i = 0; v.is_array() && i < v.size(); ++i) {
      const std::string key = "sinks[" + std::to_string(i + 1) + "]";
      const json& s = v[i];
      if (!s.is_object()) { error(key, "expected a table"); continue; }
      WorkflowSink sink;
      for (const auto& [k, item] : s.items()) {
        const std::string sub = key + "." + k;
        if (k == "type") {
          const std::string t = string(item, sub);
          if (t == "csv") sink.kind = WorkflowSink::Kind::kCsv;
          else if (t == "jsonl") sink.kind = WorkflowSink::Kind::kJsonl;
          else if (t == "xlsx") sink.kind = WorkflowSink::Kind::kXlsx;
          else error(sub, "unknown sink type '" + t + "' (csv, xlsx, jsonl)");
        } else if (k == "path") {
          sink.path = string(item, sub);
        } else if (k == "encoding") {
          const std::string e = string(item, sub);
          if (e == "utf-8-bom") sink.encoding = CsvEncoding::kUtf8Bom;
          else if (e == "utf-8") sink.encoding = CsvEncoding::kUtf8;
          else if (e == "cp932") sink.encoding = CsvEncoding::kCp932;
          else error(sub, "unknown encoding '" + e + "' (utf-8-bom, utf-8, cp932)");
        } else if (k == "states") {
          sink.states = strings(item, sub);
          for (const auto& st : sink.states)
            if (st != "accepted" && st != "needs_review" && st != "reviewed")
              error(sub, "unknown record state '" + st + "' (accepted, needs_review, reviewed)");
        } else if (k == "profile") {
          profile(item, sub, sink);
        } else {
          error(sub, "unknown key (type, path, encoding, states, profile)");
        }
      }
      if (sink.kind == WorkflowSink::Kind::kXlsx && !sink.profile) profile(json::object(), key + ".profile", sink);
      if (sink.profile) {  // the sink's own keys say where and what, the profile how
        sink.profile->format = sink.kind == WorkflowSink::Kind::kXlsx ? exporting::Format::kXlsx : exporting::Format::kCsv;
        if (s.contains("states")) sink.profile->states = sink.states;
        if (s.contains("encoding") && sink.kind == WorkflowSink::Kind::kCsv)
          sink.profile->encoding = sink.encoding == CsvEncoding::kCp932 ? exporting::Encoding::kCp932
                                   : sink.encoding == CsvEncoding::kUtf8 ? exporting::Encoding::kUtf8
                                                                         : exporting::Encoding::kUtf8Bom;
        if (sink.kind == WorkflowSink::Kind::kJsonl) error(key + ".profile", "profiles lay out csv and xlsx sinks only");
      }
      if (!s.contains("type")) error(key + ".type", "missing (\"csv\", \"xlsx\" or \"jsonl\")");
      if (sink.path.empty()) error(key + ".path", "missing");
      spec.sinks.push_back(std::move(sink));
    }
  }

  // `profile = "profiles/x.lua"` (a file) or `profile = { ... }` (the same table inline).
  void profile(const json& v, const std::string& key, WorkflowSink& sink) {
    Result<exporting::ExportProfile> p = v.is_string() ? exporting::load_profile(v.get<std::string>())
                                                       : exporting::parse_profile(v, "workflow." + key);
    if (!p.ok()) return error(key, p.status().message());
    sink.profile = std::move(p).value();
  }

  void watch(const json& v, WorkflowSpec& spec) {
    if (!v.is_object()) return error("watch", "expected a table { dir = ..., poll_ms, idle_polls, max_files }");
    WorkflowWatch w;
    for (const auto& [k, item] : v.items()) {
      const std::string sub = "watch." + k;
      if (k == "dir") w.dir = string(item, sub);
      else if (k == "poll_ms") w.poll_ms = static_cast<int>(integer(item, sub));
      else if (k == "idle_polls") w.idle_polls = static_cast<int>(integer(item, sub));
      else if (k == "max_files") w.max_files = integer(item, sub);
      else error(sub, "unknown key (dir, poll_ms, idle_polls, max_files)");
    }
    if (w.dir.empty()) error("watch.dir", "missing");
    if (w.poll_ms < 1) w.poll_ms = 1;
    spec.watch = w;
  }

  void value(const std::string& key, const json& v, WorkflowSpec& spec) {
    if (key == "name") spec.name = string(v, key);
    else if (key == "inputs") spec.inputs = strings(v, key);
    else if (key == "templates") spec.templates = strings(v, key);
    else if (key == "recursive") { if (v.is_boolean()) spec.recursive = v.get<bool>(); else error(key, "expected true or false"); }
    else if (key == "database") spec.database = string(v, key);
    else if (key == "quarantine") spec.quarantine = string(v, key);
    else if (key == "unclassified") spec.unclassified = string(v, key);
    else if (key == "crops") spec.crops = string(v, key);
    else if (key == "crop_all") { if (v.is_boolean()) spec.crop_all = v.get<bool>(); else error(key, "expected true or false"); }
    else if (key == "done") spec.done = string(v, key);
    else if (key == "jobs") spec.jobs = static_cast<int>(integer(v, key));
    else if (key == "sinks") sinks(v, spec);
    else if (key == "watch") watch(v, spec);
    // "capabilities" is read by WorkflowGrants::from_declaration when the run starts.
  }

 private:
  std::vector<std::string> errors_;
};

}  // namespace

bool is_workflow_table(lua_State* L, int index) {
  if (lua_type(L, index) != LUA_TTABLE) return false;
  const int t = lua_absindex(L, index);
  const bool has_templates = lua_getfield(L, t, "templates") != LUA_TNIL;
  const bool has_inputs = lua_getfield(L, t, "inputs") != LUA_TNIL;
  const bool has_watch = lua_getfield(L, t, "watch") != LUA_TNIL;
  lua_pop(L, 3);
  return has_templates || has_inputs || has_watch;  // then parse_workflow names what is missing
}

Result<WorkflowSpec> parse_workflow(lua_State* L, int index) {
  if (lua_type(L, index) != LUA_TTABLE) return Status::InvalidInput("a workflow script must return a table");
  const int t = lua_absindex(L, index);
  WorkflowSpec spec;
  Parser p;
  lua_pushnil(L);
  while (lua_next(L, t) != 0) {
    if (lua_type(L, -2) != LUA_TSTRING) {
      p.error("?", "keys must be names");
      lua_pop(L, 1);
      continue;
    }
    const std::string key = lua_tostring(L, -2);
    if (kHookKeys.count(key) != 0) {
      if (lua_type(L, -1) != LUA_TFUNCTION) p.error(key, "expected a function");
      if (key == "on_record") spec.has_on_record = true;
      if (key == "on_reject") spec.has_on_reject = true;
      if (key == "on_batch_end") spec.has_on_batch_end = true;
      if (key == "on_reviewed") spec.has_on_reviewed = true;
    } else if (key == "validators") {
      if (lua_type(L, -1) != LUA_TTABLE) {
        p.error(key, "expected a table { field_name = function(value, rec) return ok, message end }");
      } else {
        lua_pushnil(L);
        while (lua_next(L, -2) != 0) {
          if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TFUNCTION)
            p.error(key, "each entry must be field_name = function(value, rec) ... end");
          else
            spec.validated_fields.push_back(lua_tostring(L, -2));
          lua_pop(L, 1);
        }
      }
    } else if (kDataKeys.count(key) != 0) {
      Result<json> v = lua_detail::lua_to_json(L, -1);
      if (!v.ok()) p.error(key, v.status().message());
      else p.value(key, *v, spec);
    } else {
      p.error(key, "unknown key");
    }
    lua_pop(L, 1);
  }
  if (spec.templates.empty()) p.error("templates", "missing (paths or globs of template .lua files)");
  if (spec.inputs.empty() && !spec.watch) p.error("inputs", "missing (files, folders or globs), or declare watch");
  if (spec.database.empty()) p.error("database", "must not be empty");
  if (!p.ok()) return Status::InvalidInput(p.message());
  return spec;
}

}  // namespace kamiflow
