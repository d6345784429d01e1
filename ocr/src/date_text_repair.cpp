#include "date_text_repair.hpp"

#include <array>
#include <vector>

#include "kamiflow/ocr/text.hpp"
#include "text_shape.hpp"

namespace kamiflow::ocr {
namespace {

using Cps = std::vector<char32_t>;

bool is_digit(char32_t c) { return c >= U'0' && c <= U'9'; }

// What a speck or a stray mark reads as at a date's ends.
bool is_edge_junk(char32_t c) {
  static constexpr std::u32string_view kJunk = U"_-ー―・。、.,'\"`~|:;";
  return kJunk.find(c) != std::u32string_view::npos;
}

// The era read, or the one era a single character away from it; empty when none or several are.
Cps era_of(const Cps& s) {
  static const std::array<std::u32string_view, 5> kEras = {U"令和", U"平成", U"昭和", U"大正", U"明治"};
  if (s.size() < 2) return {};
  std::vector<std::u32string_view> near;
  for (std::u32string_view e : kEras) {
    const int same = (s[0] == e[0]) + (s[1] == e[1]);
    if (same == 2) return Cps(e.begin(), e.end());
    if (same == 1) near.push_back(e);
  }
  return near.size() == 1 ? Cps(near[0].begin(), near[0].end()) : Cps{};
}

// The digits from `i` on (advancing `i`).
Cps digits_at(const Cps& s, std::size_t& i) {
  Cps d;
  while (i < s.size() && is_digit(s[i])) d.push_back(s[i++]);
  return d;
}

int value_of(const Cps& d) {
  int v = 0;
  for (char32_t c : d) v = v * 10 + static_cast<int>(c - U'0');
  return v;
}

}  // namespace

namespace {

// repair_date_text with the day's length chosen: `keep` 0 for the longest day that exists, 1 or 2
// for that many digits of a day run into "1"/"11".
std::optional<std::string> repair_with_day(std::string_view text, std::size_t keep_forced) {
  if (text.empty() || text::date_to_iso(text).ok()) return std::nullopt;
  Cps s = decode_utf8(text);
  while (!s.empty() && is_edge_junk(s.front())) s.erase(s.begin());
  while (!s.empty() && is_edge_junk(s.back())) s.pop_back();
  if (s.empty()) return std::nullopt;

  Cps out;
  std::size_t i = 0;
  Cps year;
  if (is_digit(s[0])) {  // 西暦: four digits
    year = digits_at(s, i);
    if (year.size() != 4) return std::nullopt;
  } else {
    out = era_of(s);
    if (out.empty()) return std::nullopt;
    i = 2;
    if (i < s.size() && s[i] == U'元') year = {U'元'}, ++i;
    else year = digits_at(s, i);
    if (year.empty() || year.size() > 2) return std::nullopt;
  }
  out.insert(out.end(), year.begin(), year.end());
  // One character, whatever it reads as, where 年 and 月 stand.
  if (i >= s.size() || is_digit(s[i])) return std::nullopt;
  out.push_back(U'年'), ++i;
  const Cps month = digits_at(s, i);
  if (month.empty() || month.size() > 2) return std::nullopt;
  out.insert(out.end(), month.begin(), month.end());
  if (i >= s.size() || is_digit(s[i])) return std::nullopt;
  out.push_back(U'月'), ++i;

  Cps day = digits_at(s, i);
  const std::size_t tail = s.size() - i;  // what stands where 日 does, besides digits run into the day
  if (day.empty()) return std::nullopt;
  if (day.size() > 2) {
    // 日 read as "1" or "11" after the day: the longest day that exists, then only ones.
    const std::size_t keep =
        keep_forced != 0 ? keep_forced : value_of(Cps(day.begin(), day.begin() + 2)) <= 31 ? 2 : 1;
    const Cps rest(day.begin() + static_cast<long>(keep), day.end());
    for (char32_t c : rest)
      if (c != U'1') return std::nullopt;
    if (rest.size() + tail > 2) return std::nullopt;
    day.resize(keep);
  } else if (tail > 2) {
    return std::nullopt;
  }
  out.insert(out.end(), day.begin(), day.end());
  out.push_back(U'日');
  std::string repaired = encode_utf8(out);
  if (repaired == text || !text::date_to_iso(repaired).ok()) return std::nullopt;
  return repaired;
}

}  // namespace

std::optional<std::string> repair_date_text(std::string_view text) { return repair_with_day(text, 0); }

bool repair_chose_no_digits(std::string_view read) {
  // A day run on splits the same way whichever length is forced only when it does not run on.
  const std::optional<std::string> one = repair_with_day(read, 1), two = repair_with_day(read, 2);
  return one.has_value() != two.has_value() || (one && two && *one == *two);
}

bool repair_keeps_digits(std::string_view read, std::string_view repaired) {
  auto digits = [](std::string_view s) {
    std::string out;
    for (char c : s)
      if (c >= '0' && c <= '9') out += c;
    return out;
  };
  return digits(read) == digits(repaired);
}

bool only_zeros_closed_up(std::string_view read, std::string_view classifier_reading) {
  if (read.size() != classifier_reading.size()) return false;
  bool zero = false;
  for (std::size_t i = 0; i < read.size(); ++i) {
    if (read[i] == classifier_reading[i]) continue;
    if (classifier_reading[i] != '0' || (read[i] != '6' && read[i] != '8' && read[i] != '9')) return false;
    zero = true;
  }
  return zero;
}

bool prefer_classifier_date(std::string_view read, std::string_view classifier_reading) {
  if (!text::date_to_iso(classifier_reading).ok()) return false;
  if (!text::date_to_iso(read).ok()) return true;
  // Both dates exist: the classifier is preferred only where it reads a 0 that Tesseract read as
  // 6, 8 or 9, the loop of a Mincho zero that both Japanese models close up (20日 read 26日).
  return only_zeros_closed_up(read, classifier_reading);
}

}  // namespace kamiflow::ocr
