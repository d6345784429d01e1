#include "engine/workflow/record.hpp"

#include <string>

#include "engine/lua/json.hpp"

namespace kamiflow::workflow_detail {
namespace {

void set_string(lua_State* L, const char* key, const std::string& value) {
  lua_pushlstring(L, value.data(), value.size());
  lua_setfield(L, -2, key);
}

void push_strings(lua_State* L, const std::vector<std::string>& items) {
  lua_createtable(L, static_cast<int>(items.size()), 0);
  for (std::size_t i = 0; i < items.size(); ++i) {
    lua_pushlstring(L, items[i].data(), items[i].size());
    lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
  }
}

}  // namespace

void push_record(lua_State* L, const ocr::Record& r) {
  luaL_checkstack(L, 8, "pushing a record");
  lua_createtable(L, 0, 10);
  set_string(L, "form", r.form_id);
  set_string(L, "file", r.source_file);
  lua_pushinteger(L, r.page);
  lua_setfield(L, -2, "page");
  set_string(L, "sha256", r.file_sha256);
  lua_pushnumber(L, r.alignment_score);
  lua_setfield(L, -2, "alignment");
  lua_pushinteger(L, r.rotation_degrees);
  lua_setfield(L, -2, "rotation");
  lua_pushboolean(L, r.needs_review() ? 1 : 0);
  lua_setfield(L, -2, "needs_review");
  lua_createtable(L, 0, static_cast<int>(r.fields.size()));
  lua_createtable(L, static_cast<int>(r.fields.size()), 0);
  for (std::size_t i = 0; i < r.fields.size(); ++i) {
    const ocr::FieldResult& f = r.fields[i];
    lua_createtable(L, 0, 5);
    set_string(L, "value", f.value);
    set_string(L, "raw", f.raw);
    lua_pushnumber(L, f.confidence);
    lua_setfield(L, -2, "confidence");
    push_strings(L, f.flags);
    lua_setfield(L, -2, "flags");
    set_string(L, "type", std::string(ocr::field_type_name(f.type)));
    lua_setfield(L, -3, f.name.c_str());
    lua_pushlstring(L, f.name.data(), f.name.size());
    lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
  }
  lua_setfield(L, -3, "order");
  lua_setfield(L, -2, "fields");
  lua_newtable(L);
  lua_setfield(L, -2, "extra");
}

Result<nlohmann::json> read_back(lua_State* L, int index, ocr::Record& record) {
  const int rec = lua_absindex(L, index);
  const int top = lua_gettop(L);
  if (lua_getfield(L, rec, "fields") != LUA_TTABLE) {
    lua_settop(L, top);
    return Status::InvalidInput("rec.fields must stay a table");
  }
  for (ocr::FieldResult& f : record.fields) {
    const std::string where = "rec.fields." + f.name;
    if (lua_getfield(L, -1, f.name.c_str()) != LUA_TTABLE) {
      lua_settop(L, top);
      return Status::InvalidInput(where + " must stay a table");
    }
    const int field = lua_gettop(L);
    const int vt = lua_getfield(L, field, "value");
    if (vt == LUA_TSTRING || vt == LUA_TNUMBER) {
      std::size_t n = 0;
      const char* s = lua_tolstring(L, -1, &n);
      f.value.assign(s, n);
    } else if (vt != LUA_TNIL) {
      lua_settop(L, top);
      return Status::InvalidInput(where + ".value must be a string");
    }
    lua_pop(L, 1);
    lua_getfield(L, field, "flags");
    Result<nlohmann::json> flags = lua_detail::lua_to_json(L, -1, 2);
    if (!flags.ok() || !lua_detail::is_list_like(*flags)) {
      lua_settop(L, top);
      return Status::InvalidInput(where + ".flags must be a list of strings");
    }
    f.flags.clear();
    for (const auto& fl : *flags) {
      if (!fl.is_string()) {
        lua_settop(L, top);
        return Status::InvalidInput(where + ".flags must be a list of strings");
      }
      f.flags.push_back(fl.get<std::string>());
    }
    lua_settop(L, field - 1);
  }
  lua_settop(L, top);
  lua_getfield(L, rec, "extra");
  Result<nlohmann::json> extra = lua_detail::lua_to_json(L, -1, 8);
  lua_settop(L, top);
  if (!extra.ok()) return extra.status().WithContext("rec.extra");
  if (extra->is_null()) return nlohmann::json::object();
  if (!extra->is_object()) return Status::InvalidInput("rec.extra must be a table of named values");
  return *extra;
}

void push_page(lua_State* L, const engine::PageRef& page, engine::PageState state) {
  lua_createtable(L, 0, 4);
  set_string(L, "file", page.source_file);
  lua_pushinteger(L, page.page);
  lua_setfield(L, -2, "page");
  set_string(L, "sha256", page.file_sha256);
  set_string(L, "state", std::string(engine::page_state_name(state)));
}

}  // namespace kamiflow::workflow_detail
