// Internal to ocr/: katakana words in Japanese text fields checked against the dictionary.
//
// Both Japanese models can misread a katakana word alike (コーボ for コーポ, ベツド for ベッド: a
// handakuten or a small ッ lost), and agreeing they pass it. A katakana word mecab-ipadic does not
// know is no evidence by itself (メゾン, サンライズ are real building names it lacks), but one a
// print slip away from a word it does know (a handakuten read as a dakuten, a small kana read
// large: コーボ/コーポ, ベツド/ベッド) is likely that word misread: the field goes to review, and
// when exactly one such word exists it is the value shown, the read kept as an alternative. Not
// thread-safe through the NameReadings.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kamiflow/ocr/form_template.hpp"
#include "kamiflow/ocr/record.hpp"
#include "name_reading.hpp"

namespace kamiflow::ocr {

struct KatakanaDoubt {
  std::string word;                 // the unknown katakana word as read (コーボ)
  std::vector<std::string> known;   // its print-slip variants the dictionary knows (コーポ)
  std::optional<std::string> fixed; // `text` with the word replaced, when exactly one is known
};

// The first katakana word (two or more katakana, ー included) of `text` that the dictionary does
// not know and a print slip from which it does; nullopt when there is none.
std::optional<KatakanaDoubt> doubtful_katakana_word(NameReadings& readings, std::string_view text);

// For every Japanese `text` field of `rec`: a doubtful katakana word flags it low_confidence
// (confidence at most 0.5) with a reason, showing the mended value when it is unambiguous.
void check_katakana_words(const FormTemplate& tmpl, NameReadings& readings, Record& rec);

}  // namespace kamiflow::ocr
