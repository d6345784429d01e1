// Internal to lua/: kamiflow's Lua 5.4 pattern matcher (pattern_match.cpp), which counts every
// step against the runtime's budgets; pattern.cpp builds string.find/match/gmatch/gsub on it.
#pragma once

#include <lua.hpp>

#include <cstddef>

namespace kamiflow::lua_detail::pattern {

inline constexpr int kMaxCaptures = 32;       // LUA_MAXCAPTURES
inline constexpr int kMaxDepth = 200;         // recursion of the matcher (Lua's MAXCCALLS)
inline constexpr unsigned kCheckEvery = 4096;  // steps between two clock/budget checks
inline constexpr unsigned kStepsPerInstruction = 64;
inline constexpr std::ptrdiff_t kUnfinished = -1, kPosition = -2;

struct Match {
  Match(lua_State* state, const char* subject, const char* subject_end, const char* pattern_end)
      : L(state), src_init(subject), src_end(subject_end), p_end(pattern_end) {}
  lua_State* L;
  const char* src_init;
  const char* src_end;
  const char* p_end;
  int level = 0;
  int depth = 0;
  unsigned steps = 0;
  struct {
    const char* init;
    std::ptrdiff_t len;
  } capture[kMaxCaptures] = {};

  void step();  // counts one step; every kCheckEvery steps charges the budget (may raise)
  void reset() {
    level = 0;
    depth = 0;
  }
};

// The end of the match of pattern `p` (up to m.p_end) at `s`, or null. Raises on a malformed
// pattern, "pattern too complex", or a spent budget.
const char* match(Match& m, const char* s, const char* p);
// Pushes capture i (the whole match s..e when there are none and i == 0).
void push_capture(Match& m, int i, const char* s, const char* e);
// Pushes every capture, or the whole match when there are none and `s` is given; returns how many.
int push_captures(Match& m, const char* s, const char* e);
// Lua 5.4's posrelatI: a 1-based start position, negatives from the end, clamped to 1.
std::size_t start_index(lua_Integer pos, std::size_t len);

}  // namespace kamiflow::lua_detail::pattern
