// Internal to ocr/: when the dictionary alone may vouch for a フリガナ read by one model.
//
// A kana field declared `reading_of` a name is read by the first model; the second model costs a
// Tesseract call per kana (~40 ms with the 4.0.0 model, a sixth of a 20-field page) and is there
// to catch a confident misread. The name's dictionary reading (name_reading.hpp) is independent
// evidence of the same thing, but only where it can tell a misread apart: 山崎 reads both
// ヤマザキ and ヤマサキ, so a lost dakuten would still "match". The kana is confirmed only when it
// spells a reading of the name and no kana one OCR slip away from it (kana_slips) does; otherwise
// the extractor runs the second model after all. Not thread-safe through the NameReadings.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "name_reading.hpp"

namespace kamiflow::ocr {

// Every kana one typical OCR slip away from `kana`: a dakuten or handakuten lost, added or
// swapped (サ/ザ, ハ/バ/パ), a small kana read large or the reverse (ッ/ツ, ョ/ヨ), a look-alike
// (シ/ツ/ソ/ン, ク/タ, ロ/コ, …), one character dropped, or ー/ッ/ン inserted. Without `kana`
// itself and without duplicates.
std::vector<std::string> kana_slips(std::string_view kana);

// Whether `kana` is a dictionary reading of `name` that no slip of it also is.
bool kana_confirmed_by_name(NameReadings& readings, std::string_view name, std::string_view kana);

}  // namespace kamiflow::ocr
