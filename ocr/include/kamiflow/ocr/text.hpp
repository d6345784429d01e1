// kamiflow::text: normalisers and validators for Japanese form values.
//
// Contract: pure functions on UTF-8 strings; thread-safe; no locale dependence. Normalisers turn
// OCR output into a canonical value (or fail with InvalidInput saying why); validators answer
// whether a canonical value is acceptable. Both are also reachable by name, so templates and Lua
// scripts can list them: apply_normaliser("postal_code", "１００ー０００１") → "100-0001".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kamiflow/status.hpp"

namespace kamiflow::text {

// 全角 ASCII/digits → 半角, ideographic space → space, half-width katakana → full-width,
// long-vowel/hyphen look-alikes kept; a practical subset of NFKC for form values.
[[nodiscard]] std::string nfkc(std::string_view s);
// Removes all whitespace (ASCII and U+3000).
[[nodiscard]] std::string strip_spaces(std::string_view s);
[[nodiscard]] std::string digits_only(std::string_view s);
// Hiragana → katakana (for フリガナ written in hiragana).
[[nodiscard]] std::string hiragana_to_katakana(std::string_view s);
[[nodiscard]] bool is_katakana(std::string_view s);  // katakana, ー, ・ and spaces only; non-empty
// A フリガナ value: full-width katakana, ー, spaces and ・ between words, with small kana
// (ァィゥェォッャュョヮ) and ー only where Japanese spelling allows them (not word-initial, not
// after ン/ー/another small kana, ャュョ after an イ-row kana, ...). InvalidInput with a Japanese
// reason a clerk can act on ("フリガナ: 小書き文字「ョ」が語頭にあります").
[[nodiscard]] Status check_furigana(std::string_view s);
// What a kana field's recogniser may output: the katakana ァ..ヴ and ー (UTF-8).
[[nodiscard]] const std::string& katakana_whitelist();

// 和暦 or 西暦 date text → "YYYY-MM-DD". Accepts 令和3年4月1日, R3.4.1, 平成元年, 2021/4/1, ...
// Rejects impossible dates (平成31年5月1日, 2月30日) with a reason.
[[nodiscard]] Result<std::string> date_to_iso(std::string_view s);
// The highest year an era's dates are written with: 平成 31, 昭和 64; the current era up to next
// year by the clock (令和 9 in 2026: forms carry planned dates too). 0 for an unknown era.
int era_last_year(std::string_view era);
// "YYYY-MM-DD" → "令和3年4月1日" (元年 for year 1). Dates before 1868-01-25 are InvalidInput.
[[nodiscard]] Result<std::string> iso_to_wareki(std::string_view iso);
// Ok when `s` is exactly "YYYY-MM-DD" and that day exists (leap years included).
[[nodiscard]] Status check_iso_date(std::string_view s);
// Dates before 明治6年 (1873) were lunisolar; their month/day are read as Gregorian, not converted.

[[nodiscard]] Result<std::string> postal_code(std::string_view s);   // → "NNN-NNNN"
[[nodiscard]] Result<std::string> phone_number(std::string_view s);  // → "03-1234-5678" style
[[nodiscard]] bool my_number_valid(std::string_view digits12);      // check digit per 総務省令
[[nodiscard]] int my_number_check_digit(std::string_view first11);  // -1 if not 11 digits

// Name-based access for templates and Lua. Unknown names are InvalidInput.
[[nodiscard]] Result<std::string> apply_normaliser(std::string_view name, std::string_view value);
[[nodiscard]] Status validate(std::string_view name, std::string_view value);
[[nodiscard]] std::vector<std::string> normaliser_names();
[[nodiscard]] std::vector<std::string> validator_names();
// Validators that check a check digit (my_number): a value passing one is evidence about every
// digit, since a single misread digit almost always breaks it (confidence: field_postprocess.cpp).
[[nodiscard]] bool validator_checks_digits(std::string_view name);

}  // namespace kamiflow::text
