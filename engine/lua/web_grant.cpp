// capabilities.web → WorkflowGrants::web (docs/rpa.md, "Declaring the capability").
//   web = { origins = { "http://127.0.0.1:8080" }, target = "core_system", show = false,
//           timeout_s = 10, page_load_s = 30, pace_ms = 0, screenshots = "out/screens",
//           credentials = { user = { env = "CORE_USER" }, password = { file = "secret.txt" } },
//           driver = "/usr/bin/chromedriver", browser = "/usr/bin/chromium" }
// Credentials are read here, once, so a missing variable or file stops the run before anything
// is keyed; their values go into the WebBrowser and nowhere else (never into messages).
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/lua/cap_common.hpp"

namespace kamiflow::lua_cap {
namespace {

Status bad(const std::string& key, const std::string& what) {
  return Status::InvalidInput("capabilities.web" + (key.empty() ? "" : "." + key) + ": " + what);
}

Result<std::string> read_secret(const std::string& name, const nlohmann::json& from) {
  const std::string key = "credentials." + name;
  if (!from.is_object() || from.size() != 1 || !(from.contains("env") || from.contains("file")) ||
      !from.begin()->is_string())
    return bad(key, "expected { env = \"VARIABLE\" } or { file = \"path\" } (never the value itself)");
  const std::string where = from.begin()->get<std::string>();
  std::string value;
  if (from.contains("env")) {
    const char* v = std::getenv(where.c_str());
    if (v == nullptr || *v == '\0') return bad(key, "environment variable " + where + " is not set");
    value = v;
  } else {
    std::ifstream in(where, std::ios::binary);
    if (!in) return bad(key, "cannot read the file " + where);
    std::stringstream ss;
    ss << in.rdbuf();
    value = ss.str();
    while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
    if (value.empty()) return bad(key, "the file " + where + " is empty");
  }
  return value;
}

}  // namespace

Status grant_web(const nlohmann::json& decl, WorkflowGrants& g) {
  if (!decl.is_object()) return bad("", "expected a table");
  WebOptions o;
  for (const auto& [key, v] : decl.items()) {
    if (key == "origins") {
      if (!v.is_array() || v.empty()) return bad(key, "expected a list of origins such as \"http://127.0.0.1:8080\"");
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (!v[i].is_string()) return bad(key + "[" + std::to_string(i + 1) + "]", "expected a string");
        o.origins.push_back(v[i].get<std::string>());
      }
    } else if (key == "show") {
      if (!v.is_boolean()) return bad(key, "expected true or false");
      o.show = v.get<bool>();
    } else if (key == "timeout_s" || key == "page_load_s" || key == "pace_ms") {
      if (!v.is_number() || v.get<double>() < 0) return bad(key, "expected a non-negative number");
      if (key == "timeout_s") o.timeout_s = v.get<double>();
      if (key == "page_load_s") o.page_load_s = v.get<double>();
      if (key == "pace_ms") o.pace_ms = static_cast<int>(v.get<double>());
    } else if (key == "target" || key == "screenshots" || key == "driver" || key == "browser") {
      if (!v.is_string() || v.get<std::string>().empty()) return bad(key, "expected a non-empty string");
      const std::string s = v.get<std::string>();
      if (key == "target") g.web_target = s;
      if (key == "driver") o.driver = s;
      if (key == "browser") o.browser = s;
      if (key == "screenshots") {
        std::error_code ec;
        std::filesystem::create_directories(s, ec);
        if (ec) return bad(key, "cannot create '" + s + "': " + ec.message());
        o.screenshots = s;
      }
    } else if (key == "credentials") {
      if (!v.is_object()) return bad(key, "expected a table: name = { env = ... } or { file = ... }");
      for (const auto& [name, from] : v.items()) {
        KF_ASSIGN_OR_RETURN(o.secrets[name], read_secret(name, from));
      }
    } else {
      return bad(key, "unknown key (known: origins, target, show, timeout_s, page_load_s, pace_ms, screenshots, "
                      "credentials, driver, browser)");
    }
  }
  if (o.origins.empty()) return bad("origins", "missing (a list of origins such as \"http://127.0.0.1:8080\")");
  if (g.web_target.empty()) g.web_target = o.origins.front();
  auto web = WebBrowser::create(std::move(o));
  if (!web.ok()) return web.status().WithContext("capabilities.web");
  g.web = std::move(*web);
  return Status::Ok();
}

}  // namespace kamiflow::lua_cap
