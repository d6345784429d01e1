// WorkflowGrants from a declaration, GrantScope, and the helpers every kamiflow.<capability>
// module shares (lua_cap_common.hpp).
#include <filesystem>
#include <string>
#include <vector>

#include "engine/lua/cap_common.hpp"
#include "engine/lua/json.hpp"
#include "engine/lua/runtime_internal.hpp"

namespace kamiflow {
namespace {

const char kGrantsKey = 0;  // its address keys the grants pointer in the registry

Status bad(const std::string& key, const std::string& what) {
  return Status::InvalidInput("capabilities." + key + ": " + what);
}

Result<std::vector<std::string>> string_list(const nlohmann::json& decl, const std::string& cap,
                                             const char* key) {
  const std::string where = cap + "." + key;
  if (!decl.contains(key)) return bad(where, "missing (a list of strings)");
  const nlohmann::json& list = decl.at(key);
  if (!lua_detail::is_list_like(list)) return bad(where, "expected a list of strings");
  std::vector<std::string> out;
  for (std::size_t i = 0; list.is_array() && i < list.size(); ++i) {
    if (!list[i].is_string()) return bad(where + "[" + std::to_string(i + 1) + "]", "expected a string");
    out.push_back(list[i].get<std::string>());
  }
  return out;
}

Result<double> number(const nlohmann::json& decl, const std::string& cap, const char* key, double fallback) {
  if (!decl.contains(key)) return fallback;
  if (!decl.at(key).is_number() || decl.at(key).get<double>() < 0)
    return bad(cap + "." + key, "expected a non-negative number");
  return decl.at(key).get<double>();
}

Status check_keys(const nlohmann::json& decl, const std::string& cap, std::initializer_list<const char*> known) {
  if (!decl.is_object()) return bad(cap, "expected a table");
  for (const auto& [key, value] : decl.items()) {
    bool ok = false;
    for (const char* k : known) ok = ok || key == k;
    if (!ok) return bad(cap + "." + key, "unknown key");
  }
  return Status::Ok();
}

Status grant_fs(const nlohmann::json& decl, WorkflowGrants& g) {
  KF_RETURN_IF_ERROR(check_keys(decl, "fs", {"roots"}));
  KF_ASSIGN_OR_RETURN(std::vector<std::string> roots, string_list(decl, "fs", "roots"));
  if (roots.empty()) return bad("fs.roots", "declare at least one root directory");
  std::vector<std::filesystem::path> paths;
  for (const auto& r : roots) {
    std::error_code ec;
    std::filesystem::create_directories(r, ec);  // output roots may not exist yet
    if (ec) return bad("fs.roots", "cannot create '" + r + "': " + ec.message());
    paths.emplace_back(r);
  }
  KF_ASSIGN_OR_RETURN(FsRoots fs, FsRoots::create(paths));
  g.fs.emplace(std::move(fs));
  return Status::Ok();
}

Status grant_http(const nlohmann::json& decl, WorkflowGrants& g) {
  KF_RETURN_IF_ERROR(check_keys(decl, "http", {"hosts", "timeout_s", "retries", "proxy"}));
  HttpOptions o;
  KF_ASSIGN_OR_RETURN(o.allowed_origins, string_list(decl, "http", "hosts"));
  KF_ASSIGN_OR_RETURN(double timeout, number(decl, "http", "timeout_s", 30));
  KF_ASSIGN_OR_RETURN(double retries, number(decl, "http", "retries", 2));
  o.total_timeout = std::chrono::milliseconds(static_cast<long long>(timeout * 1000));
  o.connect_timeout = std::min(o.connect_timeout, o.total_timeout);
  o.max_attempts = 1 + static_cast<int>(retries);
  if (decl.contains("proxy")) {
    if (!decl["proxy"].is_string()) return bad("http.proxy", "expected a string");
    o.proxy = decl["proxy"].get<std::string>();
  }
  auto client = HttpClient::create(std::move(o));
  if (!client.ok()) return client.status().WithContext("capabilities.http");
  g.http.emplace(std::move(*client));
  return Status::Ok();
}

Status grant_exec(const nlohmann::json& decl, WorkflowGrants& g) {
  KF_RETURN_IF_ERROR(check_keys(decl, "exec", {"commands", "timeout_s"}));
  KF_ASSIGN_OR_RETURN(std::vector<std::string> commands, string_list(decl, "exec", "commands"));
  KF_ASSIGN_OR_RETURN(g.exec_timeout_s, number(decl, "exec", "timeout_s", 30));
  std::vector<std::filesystem::path> paths(commands.begin(), commands.end());
  auto runner = CommandRunner::create(paths);
  if (!runner.ok()) return runner.status().WithContext("capabilities.exec");
  g.exec.emplace(std::move(*runner));
  return Status::Ok();
}

Status grant_flag(const nlohmann::json& decl, const char* name, bool& flag) {
  if (!decl.is_boolean()) return bad(name, "expected true or false");
  flag = decl.get<bool>();
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<WorkflowGrants>> WorkflowGrants::from_declaration(const nlohmann::json& decl) {
  auto g = std::make_unique<WorkflowGrants>();
  if (decl.is_null() || (decl.is_object() && decl.empty())) return g;
  if (!decl.is_object()) return Status::InvalidInput("capabilities: expected a table of capability names");
  for (const auto& [name, value] : decl.items()) {
    Status st;
    if (name == "fs") st = grant_fs(value, *g);
    else if (name == "http") st = grant_http(value, *g);
    else if (name == "exec") st = grant_exec(value, *g);
    else if (name == "csv") st = grant_flag(value, "csv", g->csv);
    else if (name == "json") st = grant_flag(value, "json", g->json);
    else if (name == "web") st = lua_cap::grant_web(value, *g);
    else st = bad(name, "unknown capability (known: fs, csv, json, http, exec, web)");
    KF_RETURN_IF_ERROR(st);
  }
  return g;
}

GrantScope::GrantScope(LuaRuntime& runtime, WorkflowGrants& grants) : runtime_(runtime) {
  lua_pushlightuserdata(runtime.state(), &grants);
  lua_rawsetp(runtime.state(), LUA_REGISTRYINDEX, &kGrantsKey);
}

GrantScope::~GrantScope() {
  lua_pushnil(runtime_.state());
  lua_rawsetp(runtime_.state(), LUA_REGISTRYINDEX, &kGrantsKey);
}

namespace {
int install(lua_State* L) {
  lua_getglobal(L, "kamiflow");
  luaL_checktype(L, -1, LUA_TTABLE);
  const std::pair<const char*, lua_CFunction> modules[] = {{"fs", lua_cap::open_fs},
                                                           {"csv", lua_cap::open_csv},
                                                           {"json", lua_cap::open_json},
                                                           {"http", lua_cap::open_http},
                                                           {"exec", lua_cap::open_exec},
                                                           {"web", lua_cap::open_web}};
  for (const auto& [name, open] : modules) {
    open(L);
    lua_setfield(L, -2, name);
  }
  return 0;
}
}  // namespace

Status install_workflow_modules(LuaRuntime& runtime) {
  lua_pushcfunction(runtime.state(), install);
  return runtime.call(0, 0).WithContext("installing the workflow capability modules");
}

namespace lua_cap {

WorkflowGrants& require(lua_State* L, const char* name) {
  lua_rawgetp(L, LUA_REGISTRYINDEX, &kGrantsKey);
  auto* g = static_cast<WorkflowGrants*>(lua_touserdata(L, -1));
  lua_pop(L, 1);
  const std::string n = name;
  const bool granted = g != nullptr && ((n == "fs" && g->fs) || (n == "csv" && g->csv) ||
                                        (n == "json" && g->json) || (n == "http" && g->http) ||
                                        (n == "exec" && g->exec) || (n == "web" && g->web));
  if (!granted)
    luaL_error(L, "capability '%s' not granted to this workflow (declare capabilities.%s)", name, name);
  return *g;
}

const FsRoots& require_roots(lua_State* L, const char* module) {
  WorkflowGrants& g = require(L, module);
  if (!g.fs) luaL_error(L, "kamiflow.%s reads and writes files only inside capabilities.fs roots: declare them", module);
  return *g.fs;
}

int fail(lua_State* L, const Status& st) {
  if (st.code() == StatusCode::kPermissionDenied) return luaL_error(L, "%s", st.message().c_str());
  lua_pushnil(L);
  lua_pushstring(L, st.message().c_str());
  return 2;
}

void push_json(lua_State* L, const nlohmann::json& value) {
  luaL_checkstack(L, 3, "JSON nested too deeply");
  switch (value.type()) {
    case nlohmann::json::value_t::boolean:
      lua_pushboolean(L, value.get<bool>() ? 1 : 0);
      return;
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
      lua_pushinteger(L, value.get<lua_Integer>());
      return;
    case nlohmann::json::value_t::number_float:
      lua_pushnumber(L, value.get<double>());
      return;
    case nlohmann::json::value_t::string: {
      const auto& s = value.get_ref<const std::string&>();
      lua_pushlstring(L, s.data(), s.size());
      return;
    }
    case nlohmann::json::value_t::array: {
      lua_createtable(L, static_cast<int>(value.size()), 0);
      lua_Integer i = 0;
      for (const auto& item : value) {
        push_json(L, item);
        lua_rawseti(L, -2, ++i);
      }
      return;
    }
    case nlohmann::json::value_t::object:
      lua_createtable(L, 0, static_cast<int>(value.size()));
      for (const auto& [key, item] : value.items()) {
        push_json(L, item);
        lua_setfield(L, -2, key.c_str());
      }
      return;
    default:
      lua_pushnil(L);
  }
}

nlohmann::json check_json(lua_State* L, int arg) {
  Result<nlohmann::json> j = lua_detail::lua_to_json(L, arg);
  if (!j.ok()) luaL_argerror(L, arg, j.status().message().c_str());
  return std::move(*j);
}

double opt_number_field(lua_State* L, int arg, const char* key, double fallback) {
  if (lua_type(L, arg) != LUA_TTABLE) return fallback;
  lua_getfield(L, arg, key);
  double v = fallback;
  if (!lua_isnil(L, -1)) {
    if (!lua_isnumber(L, -1)) luaL_argerror(L, arg, lua_pushfstring(L, "field '%s' must be a number", key));
    v = lua_tonumber(L, -1);
  }
  lua_pop(L, 1);
  return v;
}

std::string opt_string_field(lua_State* L, int arg, const char* key, const std::string& fallback) {
  if (lua_type(L, arg) != LUA_TTABLE) return fallback;
  lua_getfield(L, arg, key);
  std::string v = fallback;
  if (!lua_isnil(L, -1)) {
    if (lua_type(L, -1) != LUA_TSTRING) luaL_argerror(L, arg, lua_pushfstring(L, "field '%s' must be a string", key));
    v = lua_tostring(L, -1);
  }
  lua_pop(L, 1);
  return v;
}

}  // namespace lua_cap
}  // namespace kamiflow
