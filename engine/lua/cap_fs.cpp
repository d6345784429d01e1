// kamiflow.fs: files inside the workflow's declared roots (FsRoots, cap_fs.hpp).
//   list(dir [, pattern]) → { path, ... }     read_text(path) → string
//   write_text(path, s) → true (atomic)       copy(from, to [, overwrite]) → true
//   move(from, to [, overwrite]) → true       exists(path) → boolean      mkdir(path) → true
// A path outside the roots raises; other failures (missing file, ...) return nil, message.
#include "engine/lua/cap_common.hpp"
#include "engine/lua/runtime_internal.hpp"

namespace kamiflow::lua_cap {
namespace {

std::string check_path(lua_State* L, int arg) {
  std::size_t n = 0;
  const char* s = luaL_checklstring(L, arg, &n);
  return std::string(s, n);
}

int push_ok(lua_State* L, const Status& st) {
  if (!st.ok()) return fail(L, st);
  lua_pushboolean(L, 1);
  return 1;
}

int fs_list(lua_State* L) {
  const FsRoots& fs = require_roots(L, "fs");
  const std::string dir = check_path(L, 1);
  const std::string pattern = luaL_optstring(L, 2, "*");
  return lua_detail::guarded(L, [&] {
    auto entries = fs.list(dir, pattern);
    if (!entries.ok()) return fail(L, entries.status());
    lua_createtable(L, static_cast<int>(entries->size()), 0);
    lua_Integer i = 0;
    for (const auto& p : *entries) {
      lua_pushstring(L, p.c_str());
      lua_rawseti(L, -2, ++i);
    }
    return 1;
  });
}

int fs_read_text(lua_State* L) {
  const FsRoots& fs = require_roots(L, "fs");
  const std::string path = check_path(L, 1);
  return lua_detail::guarded(L, [&] {
    auto text = fs.read_text(path);
    if (!text.ok()) return fail(L, text.status());
    lua_pushlstring(L, text->data(), text->size());
    return 1;
  });
}

int fs_write_text(lua_State* L) {
  const FsRoots& fs = require_roots(L, "fs");
  const std::string path = check_path(L, 1);
  std::size_t n = 0;
  const char* content = luaL_checklstring(L, 2, &n);
  return lua_detail::guarded(L, [&] { return push_ok(L, fs.write_text(path, std::string_view(content, n))); });
}

template <bool Move>
int fs_copy_or_move(lua_State* L) {
  const FsRoots& fs = require_roots(L, "fs");
  const std::string from = check_path(L, 1), to = check_path(L, 2);
  const bool overwrite = lua_toboolean(L, 3) != 0;
  return lua_detail::guarded(L, [&] { return push_ok(L, Move ? fs.move(from, to, overwrite) : fs.copy(from, to, overwrite)); });
}

int fs_exists(lua_State* L) {
  const FsRoots& fs = require_roots(L, "fs");
  const std::string path = check_path(L, 1);
  return lua_detail::guarded(L, [&] {
    auto e = fs.exists(path);
    if (!e.ok()) return fail(L, e.status());
    lua_pushboolean(L, *e ? 1 : 0);
    return 1;
  });
}

int fs_mkdir(lua_State* L) {
  const FsRoots& fs = require_roots(L, "fs");
  const std::string path = check_path(L, 1);
  return lua_detail::guarded(L, [&] { return push_ok(L, fs.mkdir(path)); });
}

constexpr luaL_Reg kFsFunctions[] = {
    {"list", fs_list},   {"read_text", fs_read_text},          {"write_text", fs_write_text},
    {"copy", fs_copy_or_move<false>}, {"move", fs_copy_or_move<true>}, {"exists", fs_exists},
    {"mkdir", fs_mkdir}, {nullptr, nullptr},
};

}  // namespace

int open_fs(lua_State* L) {
  luaL_newlib(L, kFsFunctions);
  return 1;
}

}  // namespace kamiflow::lua_cap
