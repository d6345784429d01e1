#include "address_places.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "settled_read.hpp"
#include "kamiflow/ocr/text.hpp"
#include "text_shape.hpp"
#include "text_value_shape.hpp"

namespace kamiflow::ocr {
namespace {

bool prefecture_suffix(char32_t c) { return c == U'都' || c == U'道' || c == U'府' || c == U'県'; }
bool city_suffix(char32_t c) { return c == U'市' || c == U'区' || c == U'町' || c == U'村' || c == U'郡'; }

std::string part(const std::vector<char32_t>& s, std::size_t from, std::size_t to) {
  return encode_utf8(std::vector<char32_t>(s.begin() + static_cast<long>(from), s.begin() + static_cast<long>(to)));
}

// Where the city ends (one past its suffix) when the read starts with a prefecture and a city
// that the dictionary both knows; nullopt otherwise.
std::optional<std::size_t> known_places_end(const std::vector<char32_t>& s, NameReadings& readings) {
  std::size_t p = 1;
  while (p < s.size() && p < 4 && !prefecture_suffix(s[p])) ++p;
  if (p >= s.size() || !prefecture_suffix(s[p])) return std::nullopt;
  // 北海道 is listed whole; the others by their stem (香川) or whole (東京都).
  if (!readings.known_place(part(s, 0, p)) && !readings.known_place(part(s, 0, p + 1))) return std::nullopt;
  std::size_t c = p + 2;
  while (c < s.size() && c < p + 6 && !city_suffix(s[c])) ++c;
  if (c >= s.size() || !city_suffix(s[c])) return std::nullopt;
  if (!readings.known_place(part(s, p + 1, c)) && !readings.known_place(part(s, p + 1, c + 1))) return std::nullopt;
  return c + 1;
}

bool ends_with(const std::vector<char32_t>& s, const std::vector<char32_t>& tail) {
  return s.size() >= tail.size() && std::equal(tail.begin(), tail.end(), s.end() - static_cast<long>(tail.size()));
}

std::vector<char32_t> compared(const std::string& v) { return decode_utf8(without_spaces(text::nfkc(v))); }

void settle(FieldResult& f, const FieldSpec& spec, NameReadings& readings) {
  if (!f.has_flag(flag::kModelDisagreement) || f.value.empty() || f.alternatives.empty()) return;
  std::vector<std::string> reads{f.value};
  for (const auto& a : f.alternatives) reads.push_back(a);
  int winner = -1;
  std::vector<char32_t> tail;
  for (std::size_t i = 0; i < reads.size(); ++i) {
    const std::vector<char32_t> s = compared(reads[i]);
    if (auto end = known_places_end(s, readings)) {
      if (winner >= 0) return;  // two reads with known places: the dictionary cannot choose
      winner = static_cast<int>(i);
      tail.assign(s.begin() + static_cast<long>(*end), s.end());
    }
  }
  if (winner < 0 || tail.empty()) return;
  // Known places say nothing about the rest: a doubtful shape there (5」日) stays in review.
  if (text_value_shape_doubtful(reads[static_cast<std::size_t>(winner)])) return;
  for (std::size_t i = 0; i < reads.size(); ++i)
    if (static_cast<int>(i) != winner && !ends_with(compared(reads[i]), tail)) return;
  keep_settled_read(f, spec, static_cast<std::size_t>(winner), kKnownPlacesConfidence);
}

}  // namespace

void check_address_places(const FormTemplate& tmpl, NameReadings& readings, Record& rec) {
  for (FieldResult& f : rec.fields) {
    if (f.type != FieldType::kText) continue;
    const FieldSpec* spec = tmpl.find_field(f.name);
    if (spec) settle(f, *spec, readings);
  }
}

}  // namespace kamiflow::ocr
