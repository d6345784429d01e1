// kamiflow.csv: CSV files for legacy systems and Excel (csv_writer.hpp / csv_reader.hpp).
//   read(path [, {encoding = "utf-8-bom"}]) → rows | nil, message      (path inside fs roots)
//   write(path, rows [, {encoding = "utf-8-bom"}]) → true | nil, message  (atomic; rows[1] = header)
//   encode(rows [, opts]) → bytes | nil, message     decode(bytes [, opts]) → rows | nil, message
// rows is a list of lists of strings (numbers and booleans are turned into text). Encodings:
// "utf-8-bom" (default), "utf-8", "cp932". An unknown encoding or a malformed rows table raises.
#include <string>
#include <vector>

#include "engine/store/csv_reader.hpp"
#include "engine/store/csv_writer.hpp"
#include "engine/lua/cap_common.hpp"
#include "engine/lua/runtime_internal.hpp"

namespace kamiflow::lua_cap {
namespace {

CsvEncoding check_encoding(lua_State* L, int opts) {
  const std::string name = opt_string_field(L, opts, "encoding", "utf-8-bom");
  if (name == "utf-8-bom") return CsvEncoding::kUtf8Bom;
  if (name == "utf-8") return CsvEncoding::kUtf8;
  if (name == "cp932") return CsvEncoding::kCp932;
  luaL_argerror(L, opts, lua_pushfstring(L, "unknown encoding '%s' (utf-8-bom, utf-8, cp932)", name.c_str()));
  return CsvEncoding::kUtf8Bom;
}

CsvRows check_rows(lua_State* L, int arg) {
  luaL_checktype(L, arg, LUA_TTABLE);
  CsvRows rows;
  const lua_Integer n = luaL_len(L, arg);
  for (lua_Integer r = 1; r <= n; ++r) {
    if (lua_rawgeti(L, arg, r) != LUA_TTABLE)
      luaL_argerror(L, arg, lua_pushfstring(L, "row %d is not a table", static_cast<int>(r)));
    std::vector<std::string> row;
    const lua_Integer cells = luaL_len(L, -1);
    for (lua_Integer c = 1; c <= cells; ++c) {
      const int t = lua_rawgeti(L, -1, c);
      if (t == LUA_TBOOLEAN) {
        row.emplace_back(lua_toboolean(L, -1) ? "true" : "false");
      } else if (t == LUA_TNIL) {
        row.emplace_back();
      } else {
        std::size_t len = 0;
        const char* s = lua_tolstring(L, -1, &len);
        if (s == nullptr)
          luaL_argerror(L, arg, lua_pushfstring(L, "row %d cell %d is a %s", static_cast<int>(r),
                                                static_cast<int>(c), luaL_typename(L, -1)));
        row.emplace_back(s, len);
      }
      lua_pop(L, 1);
    }
    lua_pop(L, 1);
    rows.push_back(std::move(row));
  }
  return rows;
}

int push_rows(lua_State* L, const CsvRows& rows) {
  lua_createtable(L, static_cast<int>(rows.size()), 0);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    lua_createtable(L, static_cast<int>(rows[r].size()), 0);
    for (std::size_t c = 0; c < rows[r].size(); ++c) {
      lua_pushlstring(L, rows[r][c].data(), rows[r][c].size());
      lua_rawseti(L, -2, static_cast<lua_Integer>(c + 1));
    }
    lua_rawseti(L, -2, static_cast<lua_Integer>(r + 1));
  }
  return 1;
}

int csv_read(lua_State* L) {
  const FsRoots& fs = require_roots(L, "csv");
  const std::string path = luaL_checkstring(L, 1);
  const CsvEncoding enc = check_encoding(L, 2);
  return lua_detail::guarded(L, [&] {
    auto resolved = fs.resolve(path);
    if (!resolved.ok()) return fail(L, resolved.status());
    auto rows = read_csv_file(*resolved, enc);
    return rows.ok() ? push_rows(L, *rows) : fail(L, rows.status());
  });
}

int csv_write(lua_State* L) {
  const FsRoots& fs = require_roots(L, "csv");
  const std::string path = luaL_checkstring(L, 1);
  CsvOptions options;
  options.encoding = check_encoding(L, 3);
  CsvRows rows = check_rows(L, 2);
  return lua_detail::guarded(L, [&] {
    auto bytes = csv_encode(rows, options);
    if (!bytes.ok()) return fail(L, bytes.status());
    Status st = fs.write_text(path, *bytes);
    if (!st.ok()) return fail(L, st);
    lua_pushboolean(L, 1);
    return 1;
  });
}

int csv_encode_lua(lua_State* L) {
  require(L, "csv");
  CsvOptions options;
  options.encoding = check_encoding(L, 2);
  CsvRows rows = check_rows(L, 1);
  return lua_detail::guarded(L, [&] {
    auto bytes = csv_encode(rows, options);
    if (!bytes.ok()) return fail(L, bytes.status());
    lua_pushlstring(L, bytes->data(), bytes->size());
    return 1;
  });
}

int csv_decode_lua(lua_State* L) {
  require(L, "csv");
  std::size_t n = 0;
  const char* bytes = luaL_checklstring(L, 1, &n);
  const CsvEncoding enc = check_encoding(L, 2);
  return lua_detail::guarded(L, [&] {
    auto rows = csv_decode(std::string_view(bytes, n), enc);
    return rows.ok() ? push_rows(L, *rows) : fail(L, rows.status());
  });
}

constexpr luaL_Reg kCsvFunctions[] = {
    {"read", csv_read}, {"write", csv_write}, {"encode", csv_encode_lua}, {"decode", csv_decode_lua},
    {nullptr, nullptr},
};

}  // namespace

int open_csv(lua_State* L) {
  luaL_newlib(L, kCsvFunctions);
  return 1;
}

}  // namespace kamiflow::lua_cap
