// string.find, string.match, string.gmatch and string.gsub for the sandbox: Lua 5.4's pattern
// language, matched by kamiflow's own backtracking matcher so that matching counts against the
// runtime's budgets. Lua's own matcher runs inside one C call, where no hook fires: a pattern
// like ("a*"):rep(20) .. "b" against 100,000 "a"s spins for hours past --max-seconds. Here every
// step of the matcher is counted; every kCheckEvery steps the wall clock and the instruction
// budget are checked (kStepsPerInstruction steps cost one instruction) and, when spent, the same
// sticky error the count hook raises is raised (runtime_internal.hpp: charge_pattern_steps). The matcher itself is pattern_match.cpp.
#include <cctype>
#include <string_view>

#include "engine/lua/pattern_match.hpp"
#include "engine/lua/runtime_internal.hpp"

namespace kamiflow::lua_detail {
namespace {

using namespace pattern;

bool has_specials(const char* p, std::size_t lp) {
  for (std::size_t i = 0; i < lp; ++i)
    if (std::strchr("^$*+?.([%-", p[i]) != nullptr && p[i] != '\0') return true;
  return false;
}

int find_or_match(lua_State* L, bool find) {
  std::size_t ls = 0, lp = 0;
  const char* s = luaL_checklstring(L, 1, &ls);
  const char* p = luaL_checklstring(L, 2, &lp);
  const std::size_t init = start_index(luaL_optinteger(L, 3, 1), ls) - 1;
  if (init > ls) {
    luaL_pushfail(L);
    return 1;
  }
  if (find && (lua_toboolean(L, 4) || !has_specials(p, lp))) {  // plain search
    const std::string_view hay(s + init, ls - init);
    const std::size_t at = hay.find(std::string_view(p, lp));
    if (at == std::string_view::npos) {
      luaL_pushfail(L);
      return 1;
    }
    lua_pushinteger(L, static_cast<lua_Integer>(init + at) + 1);
    lua_pushinteger(L, static_cast<lua_Integer>(init + at + lp));
    return 2;
  }
  Match m{L, s, s + ls, p + lp};
  const bool anchor = lp > 0 && *p == '^';
  const char* pat = anchor ? p + 1 : p;
  const char* s1 = s + init;
  do {
    m.reset();
    if (const char* e = match(m, s1, pat)) {
      if (find) {
        lua_pushinteger(L, static_cast<lua_Integer>(s1 - s) + 1);
        lua_pushinteger(L, static_cast<lua_Integer>(e - s));
        return push_captures(m, nullptr, nullptr) + 2;
      }
      return push_captures(m, s1, e);
    }
    m.step();
  } while (s1++ < m.src_end && !anchor);
  luaL_pushfail(L);
  return 1;
}

int str_find(lua_State* L) { return find_or_match(L, true); }
int str_match(lua_State* L) { return find_or_match(L, false); }

// gmatch's iterator: upvalues are the subject, the pattern and the position state.
struct GmatchState {
  std::size_t next = 0;           // offset where the next search starts
  std::ptrdiff_t last_end = -1;   // end offset of the last match (an empty match may not repeat it)
};

int gmatch_next(lua_State* L) {
  std::size_t ls = 0, lp = 0;
  const char* s = lua_tolstring(L, lua_upvalueindex(1), &ls);
  const char* p = lua_tolstring(L, lua_upvalueindex(2), &lp);
  auto* st = static_cast<GmatchState*>(lua_touserdata(L, lua_upvalueindex(3)));
  Match m{L, s, s + ls, p + lp};
  for (std::size_t at = st->next; at <= ls; ++at) {
    m.reset();
    const char* e = match(m, s + at, p);
    if (e != nullptr && e - s != st->last_end) {
      st->next = static_cast<std::size_t>(e - s);
      st->last_end = e - s;
      return push_captures(m, s + at, e);
    }
    m.step();
  }
  st->next = ls + 1;
  return 0;
}

int str_gmatch(lua_State* L) {
  std::size_t ls = 0;
  luaL_checklstring(L, 1, &ls);
  luaL_checkstring(L, 2);
  const std::size_t init = start_index(luaL_optinteger(L, 3, 1), ls) - 1;
  lua_settop(L, 2);
  auto* st = static_cast<GmatchState*>(lua_newuserdatauv(L, sizeof(GmatchState), 0));
  *st = GmatchState{};
  st->next = init > ls ? ls + 1 : init;
  lua_pushcclosure(L, gmatch_next, 3);
  return 1;
}

// Appends the replacement for the match s..e to `b` (gsub's repl argument is at index 3).
void add_replacement(Match& m, luaL_Buffer& b, const char* s, const char* e, int repl_type) {
  lua_State* L = m.L;
  if (repl_type == LUA_TFUNCTION) {
    lua_pushvalue(L, 3);
    const int n = push_captures(m, s, e);
    lua_call(L, n, 1);
  } else if (repl_type == LUA_TTABLE) {
    push_capture(m, 0, s, e);
    lua_gettable(L, 3);
  } else {  // string or number: %0..%9 and %%
    std::size_t l = 0;
    const char* r = lua_tolstring(L, 3, &l);
    for (std::size_t i = 0; i < l; ++i) {
      if (r[i] != '%') {
        luaL_addchar(&b, r[i]);
        continue;
      }
      ++i;
      if (i < l && r[i] == '%') {
        luaL_addchar(&b, '%');
      } else if (i < l && std::isdigit(static_cast<unsigned char>(r[i]))) {
        if (r[i] == '0') lua_pushlstring(L, s, static_cast<std::size_t>(e - s));
        else push_capture(m, r[i] - '1', s, e);
        luaL_tolstring(L, -1, nullptr);
        lua_remove(L, -2);
        luaL_addvalue(&b);
      } else {
        luaL_error(L, "invalid use of '%%' in replacement string");
      }
    }
    return;
  }
  if (!lua_toboolean(L, -1)) {  // nil or false: keep the original text
    lua_pop(L, 1);
    luaL_addlstring(&b, s, static_cast<std::size_t>(e - s));
  } else if (!lua_isstring(L, -1)) {
    luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
  } else {
    luaL_addvalue(&b);
  }
}

int str_gsub(lua_State* L) {
  std::size_t ls = 0, lp = 0;
  const char* src = luaL_checklstring(L, 1, &ls);
  const char* p = luaL_checklstring(L, 2, &lp);
  const int tr = lua_type(L, 3);
  const lua_Integer max_n = luaL_optinteger(L, 4, static_cast<lua_Integer>(ls) + 1);
  luaL_argexpected(L, tr == LUA_TNUMBER || tr == LUA_TSTRING || tr == LUA_TFUNCTION || tr == LUA_TTABLE, 3,
                   "string/function/table");
  const bool anchor = lp > 0 && *p == '^';
  const char* pat = anchor ? p + 1 : p;
  const char* const s0 = src;
  Match m{L, s0, s0 + ls, p + lp};
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  const char* last = nullptr;
  lua_Integer n = 0;
  while (n < max_n) {
    m.reset();
    m.step();
    const char* e = match(m, src, pat);
    if (e != nullptr && e != last) {
      ++n;
      add_replacement(m, b, src, e, tr);
      src = last = e;
    } else if (src < m.src_end) {
      luaL_addchar(&b, *src++);
    } else {
      break;
    }
    if (anchor) break;
  }
  luaL_addlstring(&b, src, static_cast<std::size_t>(m.src_end - src));
  luaL_pushresult(&b);
  lua_pushinteger(L, n);
  return 2;
}

}  // namespace

void replace_pattern_functions(lua_State* L) {
  lua_getglobal(L, LUA_STRLIBNAME);
  const luaL_Reg fns[] = {{"find", str_find}, {"match", str_match}, {"gmatch", str_gmatch}, {"gsub", str_gsub},
                          {nullptr, nullptr}};
  luaL_setfuncs(L, fns, 0);
  lua_pop(L, 1);
}

}  // namespace kamiflow::lua_detail
