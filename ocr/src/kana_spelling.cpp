#include "kana_spelling.hpp"

#include <vector>

#include "text_shape.hpp"

namespace kamiflow::ocr {
namespace {

char32_t to_katakana(char32_t c) { return c >= U'ぁ' && c <= U'ゖ' ? c + (U'ァ' - U'ぁ') : c; }
bool katakana(char32_t c) { return c >= U'ァ' && c <= U'ヺ'; }
bool small_y(char32_t c) { return c == U'ャ' || c == U'ュ' || c == U'ョ'; }
bool small_vowel(char32_t c) { return c == U'ァ' || c == U'ィ' || c == U'ゥ' || c == U'ェ' || c == U'ォ'; }
bool small(char32_t c) { return small_y(c) || small_vowel(c) || c == U'ッ' || c == U'ヮ'; }
bool i_row(char32_t c) {
  for (char32_t k : std::u32string_view(U"キシチニヒミリギジヂビピ"))
    if (c == k) return true;
  return false;
}
// A character after which a small kana, ッ or ー cannot stand (nor at a word's start).
bool no_modifier_after(char32_t prev) { return prev == 0 || prev == U'ー' || prev == U'ン' || prev == U'ッ'; }

}  // namespace

bool kana_spelling_plausible(std::string_view text) {
  char32_t prev = 0;
  for (char32_t raw : decode_utf8(text)) {
    const char32_t c = to_katakana(raw);
    if (c == U' ' || c == U'　' || c == U'・') {
      prev = 0;  // a new word
      continue;
    }
    if (c != U'ー' && !katakana(c)) return false;
    if (small_y(c) && !i_row(prev)) return false;
    if (small_vowel(c) && (no_modifier_after(prev) || small(prev) || prev == c + 1)) return false;  // イィ
    if ((c == U'ッ' || c == U'ー') && no_modifier_after(prev)) return false;
    if (c == U'ン' && prev == 0) return false;  // no Japanese word starts with ン
    prev = c;
  }
  return prev != U'ッ' && prev != 0;
}

}  // namespace kamiflow::ocr
