#include "address_block.hpp"

#include <string>
#include <vector>

#include "kamiflow/ocr/text.hpp"
#include "text_shape.hpp"

namespace kamiflow::ocr {
namespace {

bool ascii_digit(char32_t c) { return c >= U'0' && c <= U'9'; }
bool kanji_numeral(char32_t c) { return std::u32string_view(U"一二三四五六七八九十").find(c) != std::u32string_view::npos; }

// One token of a block pattern: a number (N: digits; K: digits or kanji numerals) or a literal.
struct Token {
  char kind;  // 'N', 'K' or 'L'
  std::u32string_view literal;
};

// Where the pattern ends when it matches `s` from `i`; npos otherwise.
std::size_t match(const std::vector<char32_t>& s, std::size_t i, const std::vector<Token>& pattern) {
  for (const Token& t : pattern) {
    if (t.kind == 'L') {
      if (s.size() - i < t.literal.size() || !std::equal(t.literal.begin(), t.literal.end(), s.begin() + static_cast<long>(i)))
        return std::string::npos;
      i += t.literal.size();
      continue;
    }
    std::size_t n = 0;
    while (i + n < s.size() && ascii_digit(s[i + n])) ++n;
    if (n == 0 && t.kind == 'K')
      while (i + n < s.size() && kanji_numeral(s[i + n])) ++n;
    if (n == 0 || n > 4) return std::string::npos;
    i += n;
  }
  return i;
}

bool building_char(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || c == U'々' || (c >= 0x3041 && c <= 0x309F) || (c >= 0x30A1 && c <= 0x30FF) ||
         ascii_digit(c) || (c >= U'A' && c <= U'Z');
}

// A building's name and room: not starting with a digit (that would be the block number running
// on), only name characters.
bool building_well_formed(const std::vector<char32_t>& s, std::size_t from) {
  if (from == s.size()) return true;
  if (ascii_digit(s[from]) || s[from] == U'ー') return false;
  for (std::size_t i = from; i < s.size(); ++i)
    if (!building_char(s[i])) return false;
  return true;
}

}  // namespace

bool address_block_well_formed(std::string_view after_town) {
  const std::vector<char32_t> s = decode_utf8(without_spaces(text::nfkc(after_town)));
  static const std::vector<std::vector<Token>> kBlocks = {
      {{'K', {}}, {'L', U"丁目"}, {'N', {}}, {'L', U"番"}, {'N', {}}, {'L', U"号"}},
      {{'K', {}}, {'L', U"丁目"}, {'N', {}}, {'L', U"番地"}, {'N', {}}},
      {{'K', {}}, {'L', U"丁目"}, {'N', {}}, {'L', U"番地"}},
      {{'K', {}}, {'L', U"丁目"}, {'N', {}}, {'L', U"番"}},
      {{'K', {}}, {'L', U"丁目"}, {'N', {}}, {'L', U"-"}, {'N', {}}},
      {{'N', {}}, {'L', U"番地"}, {'N', {}}},
      {{'N', {}}, {'L', U"番地"}},
      {{'N', {}}, {'L', U"番"}, {'N', {}}, {'L', U"号"}},
      {{'N', {}}, {'L', U"-"}, {'N', {}}, {'L', U"-"}, {'N', {}}},
  };
  for (const auto& pattern : kBlocks) {
    const std::size_t end = match(s, 0, pattern);
    if (end != std::string::npos && building_well_formed(s, end)) return true;
  }
  return false;
}

}  // namespace kamiflow::ocr
