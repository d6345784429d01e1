// kamiflow.http: requests to the origins declared in capabilities.http.hosts (cap_http.hpp).
//   get(url [, headers]) → response | nil, message
//   post(url, body [, content_type [, headers]]) → response | nil, message
//   post_json(url, value [, headers]) → response | nil, message
// response = { status = 200, body = "...", headers = { ["content-type"] = "..." } } (header names
// lower-cased). An HTTP error status is a response, not a failure; refused connections, timeouts
// and oversize bodies are nil, message (after the declared retries). A URL whose origin was not
// declared raises.
#include <algorithm>
#include <cctype>

#include "engine/lua/cap_common.hpp"
#include "engine/lua/runtime_internal.hpp"

namespace kamiflow::lua_cap {
namespace {

HttpHeaders check_headers(lua_State* L, int arg) {
  HttpHeaders headers;
  if (lua_isnoneornil(L, arg)) return headers;
  luaL_checktype(L, arg, LUA_TTABLE);
  lua_pushnil(L);
  while (lua_next(L, arg) != 0) {
    if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TSTRING)
      luaL_argerror(L, arg, "headers must map strings to strings");
    headers.emplace_back(lua_tostring(L, -2), lua_tostring(L, -1));
    lua_pop(L, 1);
  }
  return headers;
}

int push_response(lua_State* L, const Result<HttpResponse>& r) {
  if (!r.ok()) return fail(L, r.status());
  lua_createtable(L, 0, 3);
  lua_pushinteger(L, static_cast<lua_Integer>(r->status));
  lua_setfield(L, -2, "status");
  lua_pushlstring(L, r->body.data(), r->body.size());
  lua_setfield(L, -2, "body");
  lua_createtable(L, 0, static_cast<int>(r->headers.size()));
  for (const auto& [name, value] : r->headers) {
    std::string key = name;
    std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::tolower(c); });
    lua_pushlstring(L, value.data(), value.size());
    lua_setfield(L, -2, key.c_str());
  }
  lua_setfield(L, -2, "headers");
  return 1;
}

int http_get(lua_State* L) {
  const HttpClient& http = *require(L, "http").http;
  const std::string url = luaL_checkstring(L, 1);
  HttpHeaders headers = check_headers(L, 2);
  return lua_detail::guarded(L, [&] { return push_response(L, http.get(url, headers)); });
}

int http_post(lua_State* L) {
  const HttpClient& http = *require(L, "http").http;
  const std::string url = luaL_checkstring(L, 1);
  std::size_t n = 0;
  const char* body = luaL_checklstring(L, 2, &n);
  const std::string type = luaL_optstring(L, 3, "application/octet-stream");
  HttpHeaders headers = check_headers(L, 4);
  return lua_detail::guarded(L, [&] { return push_response(L, http.post(url, std::string(body, n), type, headers)); });
}

int http_post_json(lua_State* L) {
  const HttpClient& http = *require(L, "http").http;
  const std::string url = luaL_checkstring(L, 1);
  luaL_checkany(L, 2);
  nlohmann::json value = check_json(L, 2);
  HttpHeaders headers = check_headers(L, 3);
  return lua_detail::guarded(L, [&] { return push_response(L, http.post_json(url, value, headers)); });
}

constexpr luaL_Reg kHttpFunctions[] = {
    {"get", http_get}, {"post", http_post}, {"post_json", http_post_json}, {nullptr, nullptr}};

}  // namespace

int open_http(lua_State* L) {
  luaL_newlib(L, kHttpFunctions);
  return 1;
}

}  // namespace kamiflow::lua_cap
