// Internal to the samples generator: tables of fictitious-but-realistic personal data. Names are
// common Japanese surnames and given names with their usual katakana readings; places are real
// municipalities and towns with their postal codes. Combining them yields people who do not
// exist living at places that do.
#pragma once

#include <span>

namespace kamiflow::samples {

struct NameEntry {
  const char* kanji;
  const char* kana;  // full-width katakana reading
};

struct PlaceEntry {
  const char* address;  // 都道府県 + 市区町村 + 町域, e.g. 東京都千代田区千代田
  const char* postal;   // "NNN-NNNN" of that 町域
  const char* phone_area;  // area code of the place's fixed-line numbers, e.g. "03"
};

[[nodiscard]] std::span<const NameEntry> surnames();
[[nodiscard]] std::span<const NameEntry> male_given_names();
[[nodiscard]] std::span<const NameEntry> female_given_names();
[[nodiscard]] std::span<const PlaceEntry> places();
// Apartment and house names for the 建物 part of an address.
[[nodiscard]] std::span<const char* const> building_names();

}  // namespace kamiflow::samples
