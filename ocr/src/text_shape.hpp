// Internal to ocr/: cheap checks of what an OCR read looks like, used as confidence signals that
// are independent of Tesseract's own scores (DESIGN.md §4: MeanTextConf alone separates right
// from wrong reads poorly). Pure functions on UTF-8; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <opencv2/core.hpp>

#include "kamiflow/ocr/form_template.hpp"

namespace kamiflow::ocr {

// UTF-8 → code points (invalid bytes become U+FFFD).
std::vector<char32_t> decode_utf8(std::string_view s);
std::string encode_utf8(const std::vector<char32_t>& cps);

// Tesseract's jpn model puts a space between CJK characters: drop every space that has a
// non-ASCII character on either side; collapse other runs of spaces to one.
std::string remove_cjk_spaces(std::string_view s);
// 第 is always followed by a numeral (第一, 第二, 第3): the katakana and the long-vowel mark that
// look like one (第ニ, 第ー), which both Japanese models read alike, become the kanji numeral.
std::string numeral_after_dai(std::string_view s);
// CJK ideographs (the unified block and extension A) and the iteration mark 々.
bool is_kanji(char32_t c);
// A lone katakana or long-vowel mark that has a kanji twin (ニ/二, ロ/口, エ/工, カ/力, タ/夕, ハ/八,
// ー/一), with a kanji before it and a kanji or the end after it (佐藤健ニ, 山ロ県), is that kanji:
// both Japanese models read 二 as ニ alike, and Japanese writes no lone katakana inside a kanji word.
// Katakana words (第二コーポ), ヶ/ケ/ノ of place names (霞ケ関) and kana names are left alone.
std::string kanji_for_lone_katakana(std::string_view s);
// Removes all whitespace (for comparing two reads).
std::string without_spaces(std::string_view s);
int count_chars(std::string_view s);  // code points, spaces excluded

// Whether `text` has the shape its field type promises: kana fields only kana, digits only digits
// and separators, dates digits with a date separator or era. Text fields always pass.
bool has_expected_shape(FieldType type, std::string_view text);

// Roughly how many characters the ink holds: the width of ink columns (gaps wider than a third of
// a character dropped) divided by a character's width (square for CJK, ~0.55 h for digits/Latin).
double estimate_char_count(const cv::Mat& writing_mask, double char_height, bool latin);

}  // namespace kamiflow::ocr
