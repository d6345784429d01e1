// Making untrusted bytes safe to show: file names, chunk types, decoder messages, script log text.
//
// Contract: pure functions, thread-safe, never throw. valid_utf8() keeps every well-formed UTF-8
// sequence and writes each byte that is not part of one as the four characters \xFF, so the
// result is always valid UTF-8 (nlohmann::json, SQLite TEXT and browsers accept it) and the
// original bytes can still be read off it. one_line() does that and also escapes control
// characters (\n, \r, \t, \x1B, U+0085, U+2028, U+2029...), so a file named "a\nERROR forged"
// cannot start a new log line or reason line.
#pragma once

#include <string>
#include <string_view>

namespace kamiflow {

[[nodiscard]] std::string valid_utf8(std::string_view bytes);
[[nodiscard]] std::string one_line(std::string_view bytes);
// True when `bytes` is well-formed UTF-8 (no overlong forms, no surrogates, nothing past U+10FFFF).
[[nodiscard]] bool is_valid_utf8(std::string_view bytes);

}  // namespace kamiflow
