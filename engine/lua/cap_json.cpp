// kamiflow.json: encode(value) → string (compact, UTF-8 kept as is) and decode(string) → value |
// nil, message. Tables with keys 1..n are arrays, string keys objects, {} an empty object. JSON
// null decodes to nil (so an array holding null has a hole). Encoding a function, a cycle or a
// mixed table is misuse and raises "bad argument #1 to 'encode' (...)".
#include "engine/lua/cap_common.hpp"
#include "engine/lua/json.hpp"
#include "engine/lua/runtime_internal.hpp"

namespace kamiflow::lua_cap {
namespace {

int json_encode(lua_State* L) {
  require(L, "json");
  luaL_checkany(L, 1);
  nlohmann::json value = check_json(L, 1);
  return lua_detail::guarded(L, [&] {
    std::string text;
    try {
      text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
    } catch (const nlohmann::json::type_error&) {
      return fail(L, Status::InvalidInput("a string is not valid UTF-8"));
    }
    lua_pushlstring(L, text.data(), text.size());
    return 1;
  });
}

int json_decode(lua_State* L) {
  require(L, "json");
  std::size_t n = 0;
  const char* text = luaL_checklstring(L, 1, &n);
  return lua_detail::guarded(L, [&] {
    Result<nlohmann::json> value = lua_detail::parse_json_bounded(std::string_view(text, n));
    if (!value.ok()) return fail(L, value.status());
    push_json(L, *value);
    return 1;
  });
}

constexpr luaL_Reg kJsonFunctions[] = {{"encode", json_encode}, {"decode", json_decode}, {nullptr, nullptr}};

}  // namespace

int open_json(lua_State* L) {
  luaL_newlib(L, kJsonFunctions);
  return 1;
}

}  // namespace kamiflow::lua_cap
