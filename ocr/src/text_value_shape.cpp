#include "text_value_shape.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "kamiflow/ocr/text.hpp"
#include "text_shape.hpp"

namespace kamiflow::ocr {
namespace {

bool digit(char32_t c) { return c >= U'0' && c <= U'9'; }
bool hyphen(char32_t c) { return c == U'-' || c == U'‐' || c == U'−' || c == U'－' || c == U'ー'; }
bool edge_mark(char32_t c) {
  return std::u32string_view(U"-_.,|'\"`:;~").find(c) != std::u32string_view::npos;
}

bool looks_like_address(const std::vector<char32_t>& s) {
  for (std::size_t i = 1; i < s.size() && i < 4; ++i)
    if (s[i] == U'都' || s[i] == U'道' || s[i] == U'府' || s[i] == U'県') return true;
  return false;
}

// The first run of digits and hyphens (the block number) and what follows it.
bool block_number_doubtful(const std::vector<char32_t>& s) {
  std::size_t i = 0;
  while (i < s.size() && !digit(s[i])) ++i;
  if (i == s.size()) return false;
  std::size_t end = i;
  int groups = 1, digits_in_group = 0, longest = 0;
  bool hyphens = false;
  for (; end < s.size() && (digit(s[end]) || hyphen(s[end])); ++end) {
    if (hyphen(s[end])) {
      hyphens = true, ++groups, digits_in_group = 0;
    } else {
      longest = std::max(longest, ++digits_in_group);
    }
  }
  const char32_t next = end < s.size() ? s[end] : 0;
  if (hyphens) return groups != 3 || hyphen(s[end - 1]);
  const bool kanji_form = next == U'丁' || next == U'番' || next == U'号';
  return !kanji_form && longest >= 3;
}

}  // namespace

bool text_value_shape_doubtful(std::string_view value) {
  std::vector<char32_t> s = decode_utf8(without_spaces(text::nfkc(value)));
  if (s.empty()) return false;
  // 、 never starts or ends a value: a speck at the line's end read as a comma (市川俊介、).
  if (edge_mark(s.front()) || edge_mark(s.back()) || s.front() == U'ー' || s.front() == U'、' || s.back() == U'、')
    return true;
  for (std::size_t i = 1; i < s.size(); ++i)
    if (s[i] == U'丁' && digit(s[i - 1]) && (i + 1 == s.size() || s[i + 1] != U'目')) return true;
  if (!looks_like_address(s)) return false;
  // Brackets and quotation marks are never part of an address; OCR makes them of 丁 and 目.
  for (char32_t c : s)
    if (std::u32string_view(U"「」『』()[]{}<>|").find(c) != std::u32string_view::npos) return true;
  return block_number_doubtful(s);
}

std::optional<std::string> without_trailing_specks(std::string_view value) {
  std::vector<char32_t> s = decode_utf8(value);
  auto opens = [&](char32_t close) {
    const char32_t open = close == U')' ? U'(' : close == U'）' ? U'（' : close == U']' ? U'[' : U'「';
    return std::find(s.begin(), s.end(), open) != s.end();
  };
  const std::size_t before = s.size();
  while (!s.empty()) {
    const char32_t c = s.back();
    const bool closing = c == U')' || c == U'）' || c == U']' || c == U'」';
    if (!(edge_mark(c) || c == U'、' || c == U'\\' || c == U'/' || (closing && !opens(c)))) break;
    s.pop_back();
  }
  if (s.size() == before || s.empty()) return std::nullopt;
  return encode_utf8(s);
}

}  // namespace kamiflow::ocr
