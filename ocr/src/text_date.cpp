// 和暦/西暦 date parsing and formatting.
//
// Era boundaries are the Gregorian first/last days of each era. Dates before 明治6年 (1873) were
// written in the lunisolar calendar; kamiflow does not convert lunisolar month/day (that needs a
// table per year) — it reads the written month/day as Gregorian, which is right for forms that
// already give converted dates and a known approximation for original pre-1873 records. For the
// same reason 明治元年 starts at its Gregorian first day, 1868-01-25.
#include <array>
#include <cstdio>
#include <ctime>
#include <optional>
#include <string>

#include "kamiflow/ocr/text.hpp"
#include "text_utf8.hpp"

namespace kamiflow::text {
namespace {

struct Ymd {
  int y = 0, m = 0, d = 0;
  auto operator<=>(const Ymd&) const = default;
};

struct Era {
  const char* name;
  char letter;  // R3.4.1 style abbreviation
  Ymd first;
  std::optional<Ymd> last;  // nullopt: the current era
};

const std::array<Era, 5> kEras = {{
    {"明治", 'M', {1868, 1, 25}, Ymd{1912, 7, 29}},
    {"大正", 'T', {1912, 7, 30}, Ymd{1926, 12, 24}},
    {"昭和", 'S', {1926, 12, 25}, Ymd{1989, 1, 7}},
    {"平成", 'H', {1989, 1, 8}, Ymd{2019, 4, 30}},
    {"令和", 'R', {2019, 5, 1}, std::nullopt},
}};

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

std::string iso(const Ymd& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.y, d.m, d.d);
  return buf;
}

// Checks month/day exist in year y (Gregorian); the message says which part is impossible.
Status check_civil(const Ymd& d, std::string_view original) {
  auto fail = [&](const std::string& why) {
    return Status::InvalidInput("impossible date '" + std::string(original) + "': " + why);
  };
  if (d.m < 1 || d.m > 12) return fail("month " + std::to_string(d.m) + " does not exist");
  if (d.d < 1) return fail("day " + std::to_string(d.d) + " does not exist");
  if (d.d > days_in_month(d.y, d.m)) {
    std::string why = std::to_string(d.y) + "-" + std::to_string(d.m) + " has only " +
                      std::to_string(days_in_month(d.y, d.m)) + " days";
    if (d.m == 2 && d.d == 29) why += " (" + std::to_string(d.y) + " is not a leap year)";
    return fail(why);
  }
  return Status::Ok();
}

// A tiny cursor over the normalised text.
struct Cursor {
  std::string_view s;
  std::size_t i = 0;
  bool done() const { return i >= s.size(); }
  bool eat(std::string_view token) {
    if (s.substr(i, token.size()) == token) {
      i += token.size();
      return true;
    }
    return false;
  }
  // Up to `max` ASCII digits; nullopt when there are none.
  std::optional<int> number(std::size_t max = 4) {
    std::size_t start = i;
    int v = 0;
    while (i < s.size() && i - start < max && s[i] >= '0' && s[i] <= '9') v = v * 10 + (s[i++] - '0');
    if (i == start) return std::nullopt;
    return v;
  }
};

std::optional<std::size_t> match_era(Cursor& c) {
  for (std::size_t k = 0; k < kEras.size(); ++k) {
    if (c.eat(kEras[k].name)) return k;
    if (!c.done() && (c.s[c.i] == kEras[k].letter || c.s[c.i] == kEras[k].letter + ('a' - 'A'))) {
      ++c.i;
      return k;
    }
  }
  return std::nullopt;
}

// Separator between year, month and day: 年/月 in kanji form, or one of . / - used consistently.
// Dash look-alikes are folded to '-' before parsing.
std::string fold_dashes(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    const char32_t c = detail::next_code_point(s, i);
    if (c != 0x4E00 && detail::is_hyphen_like(c)) {  // 一 stays: it could be a kanji numeral
      out.push_back('-');
    } else {
      detail::append_utf8(out, c);
    }
  }
  return out;
}

// Kanji numerals as printed and typed dates write them: 三, 十二, 二十三, 三十一 (with 十), or digit by
// digit with 〇 (二〇二一). A run that is neither is left alone, so it fails the parse with a reason.
int kanji_digit(char32_t c) {
  switch (c) {
    case U'〇': case U'零': return 0;
    case U'一': return 1;
    case U'二': return 2;
    case U'三': return 3;
    case U'四': return 4;
    case U'五': return 5;
    case U'六': return 6;
    case U'七': return 7;
    case U'八': return 8;
    case U'九': return 9;
    case U'十': return 10;
    default: return -1;
  }
}

std::optional<std::string> kanji_run_value(const std::u32string& run) {
  const auto ten = run.find(U'十');
  if (ten == std::u32string::npos) {  // positional: 二〇二一
    std::string digits;
    for (char32_t c : run) digits.push_back(static_cast<char>('0' + kanji_digit(c)));
    return digits;
  }
  // [d]十[d]: at most one digit each side, 1..9, and only one 十.
  if (run.size() > 3 || run.find(U'十', ten + 1) != std::u32string::npos) return std::nullopt;
  const bool has_tens = ten == 1, has_units = ten + 1 < run.size();
  if (ten > 1) return std::nullopt;
  const int tens = has_tens ? kanji_digit(run[0]) : 1;
  const int units = has_units ? kanji_digit(run[ten + 1]) : 0;
  if (tens < 1 || tens > 9 || units < 0 || units > 9) return std::nullopt;
  return std::to_string(tens * 10 + units);
}

std::string kanji_numerals_to_digits(std::string_view s) {
  std::string out;
  std::u32string run;
  std::string run_utf8;
  auto flush = [&] {
    if (run.empty()) return;
    const std::optional<std::string> v = kanji_run_value(run);
    out += v ? *v : run_utf8;
    run.clear();
    run_utf8.clear();
  };
  for (std::size_t i = 0; i < s.size();) {
    const char32_t c = detail::next_code_point(s, i);
    if (kanji_digit(c) >= 0) {
      run.push_back(c);
      detail::append_utf8(run_utf8, c);
    } else {
      flush();
      detail::append_utf8(out, c);
    }
  }
  flush();
  return out;
}

Result<Ymd> parse_ymd(Cursor& c, std::string_view original, bool era_form) {
  auto bad = [&](const std::string& why) {
    return Status::InvalidInput("unrecognised date '" + std::string(original) + "': " + why);
  };
  Ymd d;
  if (era_form && c.eat("元")) {
    d.y = 1;
  } else if (auto y = c.number(era_form ? 2 : 4)) {
    d.y = *y;
  } else {
    return bad("expected a year");
  }
  std::string sep;
  if (c.eat("年")) {
    sep = "月";
  } else if (!c.done() && (c.s[c.i] == '.' || c.s[c.i] == '/' || c.s[c.i] == '-')) {
    sep = std::string(1, c.s[c.i++]);
  } else {
    return bad("expected 年 or a separator after the year");
  }
  auto m = c.number(2);
  if (!m) return bad("expected a month");
  if (!c.eat(sep)) return bad("expected '" + sep + "' after the month");
  auto day = c.number(2);
  if (!day) return bad("expected a day");
  if (sep == "月") c.eat("日");
  if (!c.done()) return bad("unexpected text after the day");
  d.m = *m;
  d.d = *day;
  return d;
}

Result<Ymd> parse_iso(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') {
    return Status::InvalidInput("not an ISO date (YYYY-MM-DD): '" + std::string(s) + "'");
  }
  Cursor c{s};
  auto y = c.number(4);
  c.eat("-");
  auto m = c.number(2);
  c.eat("-");
  auto d = c.number(2);
  if (!y || !m || !d || !c.done() || c.i != 10) {
    return Status::InvalidInput("not an ISO date (YYYY-MM-DD): '" + std::string(s) + "'");
  }
  Ymd ymd{*y, *m, *d};
  KF_RETURN_IF_ERROR(check_civil(ymd, s));
  return ymd;
}

}  // namespace

int era_last_year(std::string_view era) {
  for (const Era& e : kEras) {
    if (era != e.name) continue;
    if (e.last) return e.last->y - e.first.y + 1;
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    return local.tm_year + 1900 - e.first.y + 2;
  }
  return 0;
}

Result<std::string> date_to_iso(std::string_view s) {
  const std::string norm = kanji_numerals_to_digits(fold_dashes(strip_spaces(nfkc(s))));
  if (norm.empty()) return Status::InvalidInput("empty date");
  Cursor c{norm};
  if (auto era_index = match_era(c)) {
    const Era& era = kEras[*era_index];
    KF_ASSIGN_OR_RETURN(Ymd d, parse_ymd(c, s, /*era_form=*/true));
    if (d.y < 1) return Status::InvalidInput("impossible date '" + std::string(s) + "': era year 0 (use 元年)");
    d.y += era.first.y - 1;
    KF_RETURN_IF_ERROR(check_civil(d, s));
    if (d < era.first) {
      return Status::InvalidInput("impossible date '" + std::string(s) + "': " + iso(d) + " is before " +
                                  era.name + " began (" + iso(era.first) + ")");
    }
    if (era.last && d > *era.last) {
      return Status::InvalidInput("impossible date '" + std::string(s) + "': " + iso(d) + " is after " +
                                  era.name + " ended (" + iso(*era.last) + ")");
    }
    return iso(d);
  }
  // 西暦: 8 bare digits (20210401) or Y年M月D日 / Y.M.D / Y/M/D / Y-M-D with a 4-digit year.
  if (norm.size() == 8 && norm.find_first_not_of("0123456789") == std::string::npos) {
    Ymd d{std::stoi(norm.substr(0, 4)), std::stoi(norm.substr(4, 2)), std::stoi(norm.substr(6, 2))};
    KF_RETURN_IF_ERROR(check_civil(d, s));
    return iso(d);
  }
  KF_ASSIGN_OR_RETURN(Ymd d, parse_ymd(c, s, /*era_form=*/false));
  if (d.y < 1000) return Status::InvalidInput("unrecognised date '" + std::string(s) + "': year needs 4 digits or an era");
  KF_RETURN_IF_ERROR(check_civil(d, s));
  return iso(d);
}

Result<std::string> iso_to_wareki(std::string_view iso_date) {
  KF_ASSIGN_OR_RETURN(Ymd d, parse_iso(iso_date));
  for (auto it = kEras.rbegin(); it != kEras.rend(); ++it) {
    if (d < it->first) continue;
    const int year = d.y - it->first.y + 1;
    return std::string(it->name) + (year == 1 ? std::string("元") : std::to_string(year)) + "年" +
           std::to_string(d.m) + "月" + std::to_string(d.d) + "日";
  }
  return Status::InvalidInput("date " + std::string(iso_date) + " is before 明治 began (1868-01-25)");
}

Status check_iso_date(std::string_view s) { return parse_iso(s).status(); }

}  // namespace kamiflow::text
