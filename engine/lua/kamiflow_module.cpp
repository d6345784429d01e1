// The `kamiflow` global every sandbox gets: version, args, log, text (docs/lua-api.md).
// Later bindings (records, workflow declarations) add their fields to the same table.
#include <spdlog/spdlog.h>

#include <string_view>

#include "engine/lua/runtime_internal.hpp"

namespace kamiflow::lua_detail {
namespace {

// kamiflow.log.<level>(message): the message is plain text (no format placeholders), logged
// with the script position so operators can find the line. Personal data is the script's
// responsibility: DESIGN.md §5.6 applies to what a script chooses to log.
template <spdlog::level::level_enum Level>
int log_message(lua_State* L) {
  std::size_t length = 0;
  const char* message = luaL_checklstring(L, 1, &length);
  luaL_where(L, 1);  // "file:line: " of the caller, or "" from C
  const char* where = lua_tostring(L, -1);
  const Logger& logger = runtime_of(L).options().logger;
  if (logger) {
    try {
      if (where[0] != '\0')
        logger->log(Level, "{}{}", where, std::string_view(message, length));
      else
        logger->log(Level, "{}", std::string_view(message, length));
    } catch (const std::exception&) {
      // logging never throws into the caller (bad_alloc while formatting)
    }
  }
  return 0;
}

constexpr luaL_Reg kLogFunctions[] = {
    {"debug", log_message<spdlog::level::debug>},
    {"info", log_message<spdlog::level::info>},
    {"warn", log_message<spdlog::level::warn>},
    {"error", log_message<spdlog::level::err>},
    {nullptr, nullptr},
};

}  // namespace

void open_kamiflow_module(lua_State* L, LuaRuntime& runtime) {
  lua_createtable(L, 0, 4);
  const int module = lua_gettop(L);

  lua_pushliteral(L, KAMIFLOW_VERSION);
  lua_setfield(L, module, "version");

  const auto& args = runtime.options().args;
  lua_createtable(L, static_cast<int>(args.size()), 0);
  for (std::size_t i = 0; i < args.size(); ++i) {
    lua_pushlstring(L, args[i].data(), args[i].size());
    lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
  }
  lua_setfield(L, module, "args");

  luaL_newlib(L, kLogFunctions);
  lua_setfield(L, module, "log");

  open_text_library(L);
  lua_setfield(L, module, "text");

  lua_setglobal(L, "kamiflow");
}

}  // namespace kamiflow::lua_detail
