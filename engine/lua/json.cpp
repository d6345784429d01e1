#include "engine/lua/json.hpp"

#include <cmath>
#include <cstdint>
#include <string>
#include <unordered_set>

namespace kamiflow::lua_detail {
namespace {

class Converter {
 public:
  Converter(lua_State* L, int max_depth) : L_(L), max_depth_(max_depth) {}

  // Converts the value at absolute stack index `index`; `path` names it in errors.
  Status convert(int index, const std::string& path, int depth, nlohmann::json& out) {
    switch (lua_type(L_, index)) {
      case LUA_TNIL:
        out = nullptr;
        return Status::Ok();
      case LUA_TBOOLEAN:
        out = lua_toboolean(L_, index) != 0;
        return Status::Ok();
      case LUA_TNUMBER:
        if (lua_isinteger(L_, index)) {
          out = static_cast<std::int64_t>(lua_tointeger(L_, index));
        } else {
          double d = lua_tonumber(L_, index);
          if (!std::isfinite(d)) return error(path, "a number that is not finite cannot be converted");
          out = d;
        }
        return Status::Ok();
      case LUA_TSTRING: {
        std::size_t length = 0;
        const char* s = lua_tolstring(L_, index, &length);  // already a string: no conversion
        out = std::string(s, length);
        return Status::Ok();
      }
      case LUA_TTABLE:
        return convert_table(index, path, depth, out);
      default:
        return error(path, std::string("a ") + lua_typename(L_, lua_type(L_, index)) + " value cannot be converted");
    }
  }

 private:
  static Status error(const std::string& path, const std::string& what) {
    return Status::InvalidInput((path.empty() ? std::string("value") : path) + ": " + what);
  }

  Status convert_table(int index, const std::string& path, int depth, nlohmann::json& out) {
    if (depth >= max_depth_) return error(path, "tables nested too deeply");
    const void* identity = lua_topointer(L_, index);
    if (!on_path_.insert(identity).second) return error(path, "a table that contains itself cannot be converted");
    if (lua_checkstack(L_, 4) == 0) return error(path, "Lua stack exhausted");
    Status st = classify_and_convert(index, path, depth, out);
    on_path_.erase(identity);
    return st;
  }

  Status classify_and_convert(int index, const std::string& path, int depth, nlohmann::json& out) {
    const lua_Integer length = static_cast<lua_Integer>(lua_rawlen(L_, index));
    lua_Integer count = 0, integer_keys_in_range = 0, string_keys = 0;
    lua_pushnil(L_);
    while (lua_next(L_, index) != 0) {
      ++count;
      // Never lua_tolstring a key: it would turn a number key into a string and break lua_next.
      if (lua_type(L_, -2) == LUA_TSTRING) {
        ++string_keys;
      } else if (lua_isinteger(L_, -2)) {
        lua_Integer k = lua_tointeger(L_, -2);
        if (k >= 1 && k <= length) ++integer_keys_in_range;
      }
      lua_pop(L_, 1);
    }
    if (count == 0) {
      out = nlohmann::json::object();
      return Status::Ok();
    }
    if (integer_keys_in_range == count) {
      out = nlohmann::json::array();
      for (lua_Integer i = 1; i <= length; ++i) {
        lua_rawgeti(L_, index, i);
        nlohmann::json item;
        Status st = convert(lua_gettop(L_), path + "[" + std::to_string(i) + "]", depth + 1, item);
        lua_pop(L_, 1);
        if (!st.ok()) return st;
        out.push_back(std::move(item));
      }
      return Status::Ok();
    }
    if (string_keys != count) return error(path, "a table mixing list items and named keys cannot be converted");
    out = nlohmann::json::object();
    lua_pushnil(L_);
    while (lua_next(L_, index) != 0) {
      std::size_t key_length = 0;
      const char* key_chars = lua_tolstring(L_, -2, &key_length);  // a string key: safe
      std::string key(key_chars, key_length);
      nlohmann::json item;
      Status st = convert(lua_gettop(L_), path.empty() ? key : path + "." + key, depth + 1, item);
      lua_pop(L_, 1);
      if (!st.ok()) {
        lua_pop(L_, 1);  // the key
        return st;
      }
      out[key] = std::move(item);
    }
    return Status::Ok();
  }

  lua_State* L_;
  int max_depth_;
  std::unordered_set<const void*> on_path_;
};

}  // namespace

Result<nlohmann::json> lua_to_json(lua_State* L, int index, int max_depth) {
  const int top = lua_gettop(L);
  const int absolute = lua_absindex(L, index);
  try {
    nlohmann::json out;
    Converter converter(L, max_depth);
    Status st = converter.convert(absolute, "", 0, out);
    lua_settop(L, top);
    if (!st.ok()) return st;
    return out;
  } catch (const std::exception& e) {  // bad_alloc: no Lua call here can throw a Lua error
    lua_settop(L, top);
    return Status::ResourceLimit(std::string("converting a Lua value: ") + e.what());
  }
}

Result<nlohmann::json> parse_json_bounded(std::string_view text, int max_depth) {
  // Brackets inside strings do not count; a backslash escapes the next character.
  int depth = 0;
  bool in_string = false, escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth)
        return Status::InvalidInput("JSON nested deeper than " + std::to_string(max_depth) + " levels");
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  try {
    nlohmann::json value = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
    if (value.is_discarded()) return Status::InvalidInput("not valid JSON");
    return value;
  } catch (const std::exception& e) {  // bad_alloc
    return Status::ResourceLimit(std::string("decoding JSON: ") + e.what());
  }
}

}  // namespace kamiflow::lua_detail
