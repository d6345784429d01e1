// Internal to ocr/: can a katakana string be spelled that way at all? Small kana (ャュョ, ァィゥェォ,
// ッ) and ー only follow certain characters in Japanese: ャュョ follow an i-row kana (キャ, ショ),
// the small vowels follow a kana that is not itself small, ン or ー, and ッ, ー never start a word.
// Tesseract's commonest katakana slips are exactly those (ョシダ for ヨシダ, ャマグチ), so a read that
// breaks these rules is a misread, whatever its confidence. Hiragana is folded to katakana first;
// spaces and ・ separate words. Pure; thread-safe.
#pragma once

#include <string_view>

namespace kamiflow::ocr {

bool kana_spelling_plausible(std::string_view text);

}  // namespace kamiflow::ocr
