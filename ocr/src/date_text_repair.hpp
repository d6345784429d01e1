// Internal to ocr/: a typed date whose text does not parse, read again by the grammar every
// Japanese date follows (era or 西暦 year, number 年, number 月, number 日).
//
// Tesseract misreads the printed 日 at a date's end far more than the digits before it (日 as H,
// T, 昌, 晶, "11" or "1" run into the day: 令和7年9月2011), the era's first kanji now and then
// (令科, 令利 for 令和) and a 月 as 朋, and a speck reads as 。 or _ at either end. Such a text is
// wrong only in characters the grammar fixes, so the date it must have been can be written out:
// the era closest to what was read when exactly one is a character away, the kanji unit where a
// non-digit stands in its place, and a day that runs on into digits split at the longest day that
// exists with "1"/"11" left over (日 read as digits). The result must be a date that exists
// (text::date_to_iso). A repair that changed a digit is a proposal the caller sends to a person
// beside the image; one that kept every digit (repair_keeps_digits) is judged as any read is.
//
// Contract: pure; thread-safe. NFKC'd text without spaces, as read_text.cpp makes a date's read.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kamiflow::ocr {

// The date `text` must have been, in 和暦/西暦 kanji form ("令和7年9月20日"); nullopt when `text`
// already parses, or when the grammar does not settle it (two eras equally near, a misread digit:
// 19月 stays what it is).
[[nodiscard]] std::optional<std::string> repair_date_text(std::string_view text);

// Whether `repaired` (repair_date_text of `read`) changed no digit of it: only the era's kanji, the
// units, or a speck at an edge (令和7年9月29H, 令科5年…, _令和…), not a day run into "1"/"11"
// (2011 → 20日, where the grammar chose which digits were the 日). Such a repair is the grammar
// reading characters no date could hold otherwise, and the read's digits stand as read.
[[nodiscard]] bool repair_keeps_digits(std::string_view read, std::string_view repaired);

// Whether repair_date_text(read) took the day's digits from the ink, not by choosing: the day
// is the digits before a non-digit (令和6年7月9I1: 9, then I1 for 日), or digits run into the 日
// read as "1"/"11" that split into a day and that 日 one way only (3111: 31 + "11", as 3 + "111"
// is no 日; 411: 4 + "11", as 41 is no day). Not 311 (31 + "1" or 3 + "11") nor 111; false when
// `read` needs no repair or has none.
[[nodiscard]] bool repair_chose_no_digits(std::string_view read);

// Whether `classifier_reading` differs from `read` only where it has a 0 and `read` a 6, 8 or 9
// (at least once; the same length, everything else alike).
[[nodiscard]] bool only_zeros_closed_up(std::string_view read, std::string_view classifier_reading);

// Whether the digit classifier's reading of a date's digits (typed_digit_check.hpp: the read with
// the digits it contradicts replaced) is to be shown instead of the read: when the read is no date
// that exists and the classifier's is, or when both exist and only_zeros_closed_up (dev seeds 41,
// 31: 5 dates shown right, none lost). The field stays flagged, unless the read cannot exist and
// only its zeros were closed up (read_text.cpp).
[[nodiscard]] bool prefer_classifier_date(std::string_view read, std::string_view classifier_reading);

}  // namespace kamiflow::ocr
