// Internal UTF-8 helpers shared by the text_*.cpp normalisers (not a public header).
//
// Decoding is lenient on purpose: OCR output and scanned-form values are sometimes malformed, and a
// normaliser must never crash or throw on them. Each invalid byte becomes U+FFFD, which no
// validator accepts, so bad input is reported rather than silently "fixed".
#pragma once

#include <string>
#include <string_view>

namespace kamiflow::text::detail {

inline constexpr char32_t kReplacement = 0xFFFD;

// Decodes one code point at s[i], advancing i by its length (1 for an invalid byte).
char32_t next_code_point(std::string_view s, std::size_t& i);
std::u32string decode_utf8(std::string_view s);
void append_utf8(std::string& out, char32_t c);
std::string encode_utf8(std::u32string_view s);

// Whitespace as forms produce it: ASCII blanks, NBSP and the ideographic space U+3000.
bool is_space(char32_t c);
// Characters OCR returns for a hyphen between digits: '-', ー, −, –, —, ‐, ―, ─, 一 (kanji one,
// which Tesseract's jpn model confuses with a dash), and friends. Only meaningful in numeric fields.
bool is_hyphen_like(char32_t c);
inline bool is_ascii_digit(char32_t c) { return c >= U'0' && c <= U'9'; }

}  // namespace kamiflow::text::detail
