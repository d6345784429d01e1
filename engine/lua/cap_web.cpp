// kamiflow.web: a real browser on the origins declared in capabilities.web (docs/rpa.md).
//   open(url) · find(target [, opts]) · exists(target) · type(target, text [, opts]) · type_secret(target, name [, opts])
//   select(target, option [, opts]) · click(target [, opts]) · wait(target [, opts]) · wait_text(text [, opts])
//   text([target [, opts]]) · screenshot(name) · page() · close()
//   journal(key) · mark_keying(key) · mark_keyed(key, receipt) · clear_keying(key)
// target = "css selector" | { css = } | { id = } | { name = } | { label = } | { text = };
// opts = timeout in seconds | { timeout_s = }. Expected failures (no such element, timeout, the
// browser would not start) return nil, message; an undeclared origin raises, as does misuse.
#include <optional>
#include <string>

#include "engine/lua/cap_common.hpp"
#include "engine/lua/runtime_internal.hpp"

namespace kamiflow::lua_cap {
namespace {

WebBrowser& browser(lua_State* L) { return *require(L, "web").web; }

WebLocator check_target(lua_State* L, int arg) {
  if (lua_type(L, arg) == LUA_TSTRING) return {WebLocator::Kind::kCss, lua_tostring(L, arg)};
  if (lua_type(L, arg) != LUA_TTABLE)
    luaL_argerror(L, arg, "expected a CSS selector or { css | id | name | label | text = ... }");
  const std::pair<const char*, WebLocator::Kind> kinds[] = {{"css", WebLocator::Kind::kCss},
                                                            {"id", WebLocator::Kind::kId},
                                                            {"name", WebLocator::Kind::kName},
                                                            {"label", WebLocator::Kind::kLabel},
                                                            {"text", WebLocator::Kind::kText}};
  std::optional<WebLocator> found;
  for (const auto& [key, kind] : kinds) {
    lua_getfield(L, arg, key);
    if (lua_type(L, -1) == LUA_TSTRING) {
      if (found) luaL_argerror(L, arg, "give one of css, id, name, label, text");
      found = WebLocator{kind, lua_tostring(L, -1)};
    } else if (!lua_isnil(L, -1)) {
      luaL_argerror(L, arg, lua_pushfstring(L, "field '%s' must be a string", key));
    }
    lua_pop(L, 1);
  }
  if (!found) luaL_argerror(L, arg, "expected one of css, id, name, label, text");
  return *found;
}

std::optional<double> check_timeout(lua_State* L, int arg) {
  if (lua_isnoneornil(L, arg)) return std::nullopt;
  if (lua_type(L, arg) == LUA_TNUMBER) return lua_tonumber(L, arg);
  luaL_checktype(L, arg, LUA_TTABLE);
  const double t = opt_number_field(L, arg, "timeout_s", -1);
  return t < 0 ? std::nullopt : std::optional<double>(t);
}

int done(lua_State* L, const Status& st) {
  if (!st.ok()) return fail(L, st);
  lua_pushboolean(L, 1);
  return 1;
}

int web_open(lua_State* L) {
  WebBrowser& w = browser(L);
  const std::string url = luaL_checkstring(L, 1);
  return lua_detail::guarded(L, [&] { return done(L, w.open(url)); });
}

int web_find(lua_State* L) {
  WebBrowser& w = browser(L);
  const WebLocator where = check_target(L, 1);
  const auto t = check_timeout(L, 2);
  return lua_detail::guarded(L, [&] {
    auto f = w.find(where, t);
    if (!f.ok()) return fail(L, f.status());
    lua_createtable(L, 0, 6);
    const std::pair<const char*, const std::string*> fields[] = {{"tag", &f->tag},   {"id", &f->id},
                                                                 {"name", &f->name}, {"type", &f->type},
                                                                 {"text", &f->text}, {"value", &f->value}};
    for (const auto& [k, v] : fields) {
      lua_pushlstring(L, v->data(), v->size());
      lua_setfield(L, -2, k);
    }
    return 1;
  });
}

int web_exists(lua_State* L) {
  WebBrowser& w = browser(L);
  const WebLocator where = check_target(L, 1);
  return lua_detail::guarded(L, [&] {
    auto r = w.exists(where);
    if (!r.ok()) return fail(L, r.status());
    lua_pushboolean(L, *r ? 1 : 0);
    return 1;
  });
}

int web_type(lua_State* L) {
  WebBrowser& w = browser(L);
  const WebLocator where = check_target(L, 1);
  std::size_t n = 0;
  const char* s = luaL_checklstring(L, 2, &n);
  const std::string text(s, n);
  const auto t = check_timeout(L, 3);
  return lua_detail::guarded(L, [&] { return done(L, w.type(where, text, t)); });
}

int web_type_secret(lua_State* L) {
  WebBrowser& w = browser(L);
  const WebLocator where = check_target(L, 1);
  const std::string name = luaL_checkstring(L, 2);
  const auto t = check_timeout(L, 3);
  return lua_detail::guarded(L, [&] { return done(L, w.type_secret(where, name, t)); });
}

int web_select(lua_State* L) {
  WebBrowser& w = browser(L);
  const WebLocator where = check_target(L, 1);
  const std::string option = luaL_checkstring(L, 2);
  const auto t = check_timeout(L, 3);
  return lua_detail::guarded(L, [&] { return done(L, w.select(where, option, t)); });
}

int web_click(lua_State* L) {
  WebBrowser& w = browser(L);
  const WebLocator where = check_target(L, 1);
  const auto t = check_timeout(L, 2);
  return lua_detail::guarded(L, [&] { return done(L, w.click(where, t)); });
}

int web_wait(lua_State* L) {
  WebBrowser& w = browser(L);
  const WebLocator where = check_target(L, 1);
  const auto t = check_timeout(L, 2);
  return lua_detail::guarded(L, [&] { return done(L, w.wait_for(where, t)); });
}

int web_wait_text(lua_State* L) {
  WebBrowser& w = browser(L);
  const std::string text = luaL_checkstring(L, 1);
  const auto t = check_timeout(L, 2);
  return lua_detail::guarded(L, [&] { return done(L, w.wait_text(text, t)); });
}

int web_text(lua_State* L) {
  WebBrowser& w = browser(L);
  std::optional<WebLocator> where;
  if (!lua_isnoneornil(L, 1)) where = check_target(L, 1);
  const auto t = check_timeout(L, 2);
  return lua_detail::guarded(L, [&] {
    auto r = w.text(where, t);
    if (!r.ok()) return fail(L, r.status());
    lua_pushlstring(L, r->data(), r->size());
    return 1;
  });
}

int web_screenshot(lua_State* L) {
  WebBrowser& w = browser(L);
  const std::string name = luaL_checkstring(L, 1);
  return lua_detail::guarded(L, [&] {
    auto r = w.screenshot(name);
    if (!r.ok() && r.status().code() == StatusCode::kInvalidInput) return luaL_argerror(L, 1, r.status().message().c_str());
    if (!r.ok()) return fail(L, r.status());
    lua_pushstring(L, r->c_str());
    return 1;
  });
}

int web_page(lua_State* L) {
  WebBrowser& w = browser(L);
  return lua_detail::guarded(L, [&] {
    auto p = w.page();
    if (!p.ok()) return fail(L, p.status());
    lua_createtable(L, 0, 3);
    lua_pushstring(L, p->url.c_str());
    lua_setfield(L, -2, "url");
    lua_pushstring(L, p->title.c_str());
    lua_setfield(L, -2, "title");
    lua_pushstring(L, p->excerpt.c_str());
    lua_setfield(L, -2, "excerpt");
    return 1;
  });
}

int web_close(lua_State* L) {
  browser(L).close();
  lua_pushboolean(L, 1);
  return 1;
}

// --- the robot journal (exactly once on the robot side) ---

engine::RobotJournal& journal(lua_State* L, WorkflowGrants& g) {
  if (!g.robot_journal) {
    if (g.database.empty()) luaL_error(L, "web.journal: this run has no workflow database to keep the journal in");
    auto j = engine::RobotJournal::open(g.database);
    if (!j.ok()) luaL_error(L, "%s", j.status().message().c_str());
    g.robot_journal = std::move(*j);
  }
  return *g.robot_journal;
}

// InvalidInput from the journal is the script's logic going wrong (marking a keyed record
// again): raise, like any misuse.
int journal_done(lua_State* L, const Status& st) {
  if (st.code() == StatusCode::kInvalidInput) return luaL_error(L, "%s", st.message().c_str());
  return done(L, st);
}

int web_journal(lua_State* L) {
  WorkflowGrants& g = require(L, "web");
  const std::string key = luaL_checkstring(L, 1);
  return lua_detail::guarded(L, [&] {
    auto e = journal(L, g).entry(key, g.web_target);
    if (!e.ok()) return fail(L, e.status());
    if (!*e) {
      lua_pushnil(L);
      return 1;
    }
    lua_pushstring(L, (*e)->state.c_str());
    if ((*e)->receipt.empty()) lua_pushnil(L);
    else lua_pushstring(L, (*e)->receipt.c_str());
    return 2;
  });
}

int web_mark_keying(lua_State* L) {
  WorkflowGrants& g = require(L, "web");
  const std::string key = luaL_checkstring(L, 1);
  return lua_detail::guarded(L, [&] { return journal_done(L, journal(L, g).mark_keying(key, g.web_target)); });
}

int web_mark_keyed(lua_State* L) {
  WorkflowGrants& g = require(L, "web");
  const std::string key = luaL_checkstring(L, 1);
  const std::string receipt = luaL_checkstring(L, 2);
  return lua_detail::guarded(L, [&] { return journal_done(L, journal(L, g).mark_keyed(key, g.web_target, receipt)); });
}

int web_clear_keying(lua_State* L) {
  WorkflowGrants& g = require(L, "web");
  const std::string key = luaL_checkstring(L, 1);
  return lua_detail::guarded(L, [&] { return journal_done(L, journal(L, g).clear_keying(key, g.web_target)); });
}

constexpr luaL_Reg kWebFunctions[] = {{"open", web_open},
                                      {"find", web_find},
                                      {"exists", web_exists},
                                      {"type", web_type},
                                      {"type_secret", web_type_secret},
                                      {"select", web_select},
                                      {"click", web_click},
                                      {"wait", web_wait},
                                      {"wait_text", web_wait_text},
                                      {"text", web_text},
                                      {"screenshot", web_screenshot},
                                      {"page", web_page},
                                      {"close", web_close},
                                      {"journal", web_journal},
                                      {"mark_keying", web_mark_keying},
                                      {"mark_keyed", web_mark_keyed},
                                      {"clear_keying", web_clear_keying},
                                      {nullptr, nullptr}};

}  // namespace

int open_web(lua_State* L) {
  luaL_newlib(L, kWebFunctions);
  return 1;
}

}  // namespace kamiflow::lua_cap
