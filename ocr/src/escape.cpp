#include "kamiflow/escape.hpp"

#include <cstdint>

namespace kamiflow {
namespace {

constexpr char kHex[] = "0123456789ABCDEF";

void append_hex_byte(std::string& out, std::uint8_t b) {
  out += "\\x";
  out += kHex[b >> 4];
  out += kHex[b & 15];
}

// Length of the well-formed UTF-8 sequence at s[i] and its code point, or 0 when s[i] does not
// start one (RFC 3629: shortest form only, no surrogates, at most U+10FFFF).
std::size_t sequence_at(std::string_view s, std::size_t i, char32_t& cp) {
  const auto b0 = static_cast<std::uint8_t>(s[i]);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  std::size_t len;
  char32_t min;
  if ((b0 & 0xE0) == 0xC0) len = 2, cp = b0 & 0x1F, min = 0x80;
  else if ((b0 & 0xF0) == 0xE0) len = 3, cp = b0 & 0x0F, min = 0x800;
  else if ((b0 & 0xF8) == 0xF0) len = 4, cp = b0 & 0x07, min = 0x10000;
  else return 0;
  if (i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<std::uint8_t>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

bool is_control(char32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029;
}

std::string escaped(std::string_view s, bool controls) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    const std::size_t len = sequence_at(s, i, cp);
    if (len == 0) {
      append_hex_byte(out, static_cast<std::uint8_t>(s[i]));
      ++i;
      continue;
    }
    if (controls && is_control(cp)) {
      if (cp == '\n') out += "\\n";
      else if (cp == '\r') out += "\\r";
      else if (cp == '\t') out += "\\t";
      else if (cp < 0x100) append_hex_byte(out, static_cast<std::uint8_t>(cp));
      else out += cp == 0x2028 ? "\\u2028" : "\\u2029";
    } else {
      out.append(s.substr(i, len));
    }
    i += len;
  }
  return out;
}

}  // namespace

std::string valid_utf8(std::string_view bytes) { return escaped(bytes, false); }
std::string one_line(std::string_view bytes) { return escaped(bytes, true); }

bool is_valid_utf8(std::string_view bytes) {
  char32_t cp = 0;
  for (std::size_t i = 0; i < bytes.size();) {
    const std::size_t len = sequence_at(bytes, i, cp);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

}  // namespace kamiflow
