// kamiflow.text: the normalisers and validators of kamiflow/ocr/text.hpp, in Lua's own style.
// Misuse (a non-string argument, an unknown normaliser name) raises "bad argument #n to 'f'";
// a value that cannot be normalised or does not validate is an expected outcome and returns
// nil, message.
#include <algorithm>
#include <string>
#include <string_view>

#include "kamiflow/ocr/text.hpp"
#include "engine/lua/runtime_internal.hpp"

namespace kamiflow::lua_detail {
namespace {

std::string_view check_text(lua_State* L, int arg) {
  std::size_t length = 0;
  const char* s = luaL_checklstring(L, arg, &length);
  return {s, length};
}

int push_string(lua_State* L, const std::string& s) {
  lua_pushlstring(L, s.data(), s.size());
  return 1;
}

int push_result(lua_State* L, const Result<std::string>& r) {
  if (r.ok()) return push_string(L, *r);
  lua_pushnil(L);
  push_string(L, r.status().message());
  return 2;
}

// Each binding runs its C++ inside guarded() so a bad_alloc becomes a Lua error.
template <std::string (*F)(std::string_view)>
int total_function(lua_State* L) {
  std::string_view s = check_text(L, 1);
  return guarded(L, [&] { return push_string(L, F(s)); });
}

template <Result<std::string> (*F)(std::string_view)>
int fallible_function(lua_State* L) {
  std::string_view s = check_text(L, 1);
  return guarded(L, [&] { return push_result(L, F(s)); });
}

int is_katakana(lua_State* L) {
  std::string_view s = check_text(L, 1);
  lua_pushboolean(L, text::is_katakana(s) ? 1 : 0);
  return 1;
}

int my_number_valid(lua_State* L) {
  std::string_view s = check_text(L, 1);
  lua_pushboolean(L, text::my_number_valid(s) ? 1 : 0);
  return 1;
}

int my_number_check_digit(lua_State* L) {
  std::string_view s = check_text(L, 1);
  const int digit = text::my_number_check_digit(s);
  if (digit < 0) {
    lua_pushnil(L);
    lua_pushliteral(L, "expected the first 11 digits of a My Number");
    return 2;
  }
  lua_pushinteger(L, digit);
  return 1;
}

bool is_known(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// normalise(name, value) → value | nil, message. An unknown name is a programming error.
int normalise(lua_State* L) {
  std::string_view name = check_text(L, 1);
  std::string_view value = check_text(L, 2);
  bool known = false;
  guarded(L, [&] { known = is_known(text::normaliser_names(), name); return 0; });
  if (!known) return luaL_argerror(L, 1, lua_pushfstring(L, "unknown normaliser '%s'", name.data()));
  return guarded(L, [&] { return push_result(L, text::apply_normaliser(name, value)); });
}

// validate(name, value) → true | nil, message.
int validate(lua_State* L) {
  std::string_view name = check_text(L, 1);
  std::string_view value = check_text(L, 2);
  bool known = false;
  guarded(L, [&] { known = is_known(text::validator_names(), name); return 0; });
  if (!known) return luaL_argerror(L, 1, lua_pushfstring(L, "unknown validator '%s'", name.data()));
  return guarded(L, [&] {
    Status st = text::validate(name, value);
    if (st.ok()) {
      lua_pushboolean(L, 1);
      return 1;
    }
    lua_pushnil(L);
    push_string(L, st.message());
    return 2;
  });
}

int push_names(lua_State* L, const std::vector<std::string>& names) {
  lua_createtable(L, static_cast<int>(names.size()), 0);
  for (std::size_t i = 0; i < names.size(); ++i) {
    push_string(L, names[i]);
    lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
  }
  return 1;
}

int normalisers(lua_State* L) {
  return guarded(L, [&] { return push_names(L, text::normaliser_names()); });
}
int validators(lua_State* L) {
  return guarded(L, [&] { return push_names(L, text::validator_names()); });
}

constexpr luaL_Reg kTextFunctions[] = {
    {"nfkc", total_function<text::nfkc>},
    {"strip_spaces", total_function<text::strip_spaces>},
    {"digits_only", total_function<text::digits_only>},
    {"hiragana_to_katakana", total_function<text::hiragana_to_katakana>},
    {"is_katakana", is_katakana},
    {"date_to_iso", fallible_function<text::date_to_iso>},
    {"iso_to_wareki", fallible_function<text::iso_to_wareki>},
    {"postal_code", fallible_function<text::postal_code>},
    {"phone_number", fallible_function<text::phone_number>},
    {"my_number_valid", my_number_valid},
    {"my_number_check_digit", my_number_check_digit},
    {"normalise", normalise},
    {"validate", validate},
    {"normalisers", normalisers},
    {"validators", validators},
    {nullptr, nullptr},
};

}  // namespace

int open_text_library(lua_State* L) {
  luaL_newlib(L, kTextFunctions);
  return 1;
}

}  // namespace kamiflow::lua_detail
