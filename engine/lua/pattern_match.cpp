// The matcher behind pattern.cpp; see there and pattern_match.hpp. Semantics follow the Lua 5.4
// manual, section 6.4.1 (classes, sets, %b, %f, captures, back references).
#include "engine/lua/pattern_match.hpp"

#include <cctype>
#include <cstring>

#include "engine/lua/runtime_internal.hpp"

namespace kamiflow::lua_detail::pattern {

void Match::step() {
  if (++steps % kCheckEvery == 0) charge_pattern_steps(L, kCheckEvery / kStepsPerInstruction);
}

namespace {

bool class_matches(int c, int cl) {
  bool res;
  switch (std::tolower(cl)) {
    case 'a': res = std::isalpha(c); break;
    case 'c': res = std::iscntrl(c); break;
    case 'd': res = std::isdigit(c); break;
    case 'g': res = std::isgraph(c); break;
    case 'l': res = std::islower(c); break;
    case 'p': res = std::ispunct(c); break;
    case 's': res = std::isspace(c); break;
    case 'u': res = std::isupper(c); break;
    case 'w': res = std::isalnum(c); break;
    case 'x': res = std::isxdigit(c); break;
    default: return cl == c;
  }
  return std::isupper(cl) ? !res : res;
}

// p at '[', last at the closing ']'.
bool set_matches(int c, const char* p, const char* last) {
  bool want = true;
  if (p[1] == '^') {
    want = false;
    ++p;
  }
  while (++p < last) {
    if (*p == '%') {
      ++p;
      if (class_matches(c, static_cast<unsigned char>(*p))) return want;
    } else if (p[1] == '-' && p + 2 < last) {
      p += 2;
      if (static_cast<unsigned char>(p[-2]) <= c && c <= static_cast<unsigned char>(*p)) return want;
    } else if (static_cast<unsigned char>(*p) == c) {
      return want;
    }
  }
  return !want;
}

// The end of the single-character class starting at p.
const char* class_end(Match& m, const char* p) {
  if (*p++ == '%') {
    if (p >= m.p_end) luaL_error(m.L, "malformed pattern (ends with '%%')");
    return p + 1;
  }
  if (p[-1] == '[') {
    if (p < m.p_end && *p == '^') ++p;
    do {  // the first character of a set may be ']'
      if (p >= m.p_end) luaL_error(m.L, "malformed pattern (missing ']')");
      if (*p++ == '%' && p < m.p_end) ++p;
    } while (p >= m.p_end || *p != ']');
    return p + 1;
  }
  return p;
}

bool single_matches(const Match& m, const char* s, const char* p, const char* ep) {
  if (s >= m.src_end) return false;
  const int c = static_cast<unsigned char>(*s);
  switch (*p) {
    case '.': return true;
    case '%': return class_matches(c, static_cast<unsigned char>(p[1]));
    case '[': return set_matches(c, p, ep - 1);
    default: return static_cast<unsigned char>(*p) == c;
  }
}


const char* max_expand(Match& m, const char* s, const char* p, const char* ep) {
  std::ptrdiff_t i = 0;
  while (single_matches(m, s + i, p, ep)) {
    m.step();
    ++i;
  }
  for (; i >= 0; --i) {  // longest first, then give back one at a time
    if (const char* r = match(m, s + i, ep + 1)) return r;
  }
  return nullptr;
}

const char* min_expand(Match& m, const char* s, const char* p, const char* ep) {
  for (;;) {
    if (const char* r = match(m, s, ep + 1)) return r;
    if (!single_matches(m, s, p, ep)) return nullptr;
    ++s;
  }
}

const char* start_capture(Match& m, const char* s, const char* p, std::ptrdiff_t what) {
  if (m.level >= kMaxCaptures) luaL_error(m.L, "too many captures");
  m.capture[m.level] = {s, what};
  ++m.level;
  const char* r = match(m, s, p);
  if (r == nullptr) --m.level;
  return r;
}

const char* end_capture(Match& m, const char* s, const char* p) {
  int l = -1;
  for (int i = m.level - 1; i >= 0; --i)
    if (m.capture[i].len == kUnfinished) {
      l = i;
      break;
    }
  if (l < 0) luaL_error(m.L, "invalid pattern capture");
  m.capture[l].len = s - m.capture[l].init;
  const char* r = match(m, s, p);
  if (r == nullptr) m.capture[l].len = kUnfinished;
  return r;
}

const char* match_balance(Match& m, const char* s, const char* p) {
  if (p + 1 >= m.p_end) luaL_error(m.L, "malformed pattern (missing arguments to '%%b')");
  if (s >= m.src_end || *s != *p) return nullptr;
  const char open = p[0], close = p[1];
  int depth = 1;
  while (++s < m.src_end) {
    m.step();
    if (*s == close) {
      if (--depth == 0) return s + 1;
    } else if (*s == open) {
      ++depth;
    }
  }
  return nullptr;
}

const char* match_back_reference(Match& m, const char* s, int digit) {
  const int l = digit - '1';
  if (l < 0 || l >= m.level || m.capture[l].len == kUnfinished)
    luaL_error(m.L, "invalid capture index %%%d", l + 1);
  const std::size_t len = static_cast<std::size_t>(m.capture[l].len);
  if (static_cast<std::size_t>(m.src_end - s) >= len && std::memcmp(m.capture[l].init, s, len) == 0) return s + len;
  return nullptr;
}

}  // namespace

const char* match(Match& m, const char* s, const char* p) {
  if (++m.depth > kMaxDepth) luaL_error(m.L, "pattern too complex");
  struct Leave {
    Match& m;
    ~Leave() { --m.depth; }
  } leave{m};
  for (;;) {
    m.step();
    if (p == m.p_end) return s;
    switch (*p) {
      case '(':
        if (p + 1 < m.p_end && p[1] == ')') return start_capture(m, s, p + 2, kPosition);
        return start_capture(m, s, p + 1, kUnfinished);
      case ')':
        return end_capture(m, s, p + 1);
      case '$':
        if (p + 1 == m.p_end) return s == m.src_end ? s : nullptr;
        break;
      case '%':
        if (p + 1 < m.p_end && p[1] == 'b') {
          s = match_balance(m, s, p + 2);
          if (s == nullptr) return nullptr;
          p += 4;
          continue;
        }
        if (p + 1 < m.p_end && p[1] == 'f') {
          p += 2;
          if (p >= m.p_end || *p != '[') luaL_error(m.L, "missing '[' after '%%f' in pattern");
          const char* ep = class_end(m, p);
          const int prev = s == m.src_init ? 0 : static_cast<unsigned char>(s[-1]);
          const int cur = s < m.src_end ? static_cast<unsigned char>(*s) : 0;
          if (!set_matches(prev, p, ep - 1) && set_matches(cur, p, ep - 1)) {
            p = ep;
            continue;
          }
          return nullptr;
        }
        if (p + 1 < m.p_end && std::isdigit(static_cast<unsigned char>(p[1]))) {
          s = match_back_reference(m, s, p[1]);
          if (s == nullptr) return nullptr;
          p += 2;
          continue;
        }
        break;
      default:
        break;
    }
    const char* ep = class_end(m, p);
    const char q = ep < m.p_end ? *ep : '\0';
    if (!single_matches(m, s, p, ep)) {
      if (q == '*' || q == '?' || q == '-') {  // zero repetitions are fine
        p = ep + 1;
        continue;
      }
      return nullptr;
    }
    switch (q) {
      case '?':
        if (const char* r = match(m, s + 1, ep + 1)) return r;
        p = ep + 1;
        continue;
      case '+': return max_expand(m, s + 1, p, ep);
      case '*': return max_expand(m, s, p, ep);
      case '-': return min_expand(m, s, p, ep);
      default:
        ++s;
        p = ep;
        continue;
    }
  }
}

void push_capture(Match& m, int i, const char* s, const char* e) {
  if (i >= m.level) {
    if (i != 0) luaL_error(m.L, "invalid capture index %%%d", i + 1);
    lua_pushlstring(m.L, s, static_cast<std::size_t>(e - s));  // no captures: the whole match
    return;
  }
  const std::ptrdiff_t len = m.capture[i].len;
  if (len == kUnfinished) luaL_error(m.L, "unfinished capture");
  if (len == kPosition)
    lua_pushinteger(m.L, static_cast<lua_Integer>(m.capture[i].init - m.src_init) + 1);
  else
    lua_pushlstring(m.L, m.capture[i].init, static_cast<std::size_t>(len));
}

int push_captures(Match& m, const char* s, const char* e) {
  const int n = (m.level == 0 && s != nullptr) ? 1 : m.level;
  luaL_checkstack(m.L, n, "too many captures");
  for (int i = 0; i < n; ++i) push_capture(m, i, s, e);
  return n;
}

std::size_t start_index(lua_Integer pos, std::size_t len) {
  if (pos > 0) return static_cast<std::size_t>(pos);
  if (pos == 0) return 1;
  if (pos < -static_cast<lua_Integer>(len)) return 1;
  return len + static_cast<std::size_t>(pos) + 1;
}

}  // namespace kamiflow::lua_detail::pattern
