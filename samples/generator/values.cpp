// Fictitious values for sample forms (see samples_values.hpp). Expected values are produced here
// from what the generator knows, never by running kamiflow's own normalisers over the drawn text:
// ground truth must not inherit the bugs of the code it measures.
#include "samples/generator/values.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "samples/generator/data.hpp"

namespace kamiflow::samples {
namespace {

// Days since 1970-01-01 ↔ civil date (proleptic Gregorian), for uniform random dates.
long days_from_civil(CivilDate d) {
  int y = d.year - (d.month <= 2 ? 1 : 0);
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153 * (d.month + (d.month > 2 ? -3 : 9)) + 2) / 5 + d.day - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate civil_from_days(long z) {
  z += 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0)), m, d};
}

CivilDate random_date(Rng& rng, CivilDate from, CivilDate to) {
  long a = days_from_civil(from), b = days_from_civil(to);
  return civil_from_days(a + static_cast<long>(rng.next() % static_cast<std::uint64_t>(b - a + 1)));
}

struct Era {
  const char* name;
  CivilDate start;
};
// Newest first; dates before 大正 are never generated.
constexpr Era kEras[] = {{"令和", {2019, 5, 1}}, {"平成", {1989, 1, 8}}, {"昭和", {1926, 12, 25}}, {"大正", {1912, 7, 30}}};

// `d` when it falls in `era`, otherwise a random date of that era (its last day: the next era's
// eve, or the generator's newest date for 令和).
CivilDate date_in_era(Rng& rng, const std::string& era, CivilDate d) {
  for (std::size_t i = 0; i < std::size(kEras); ++i) {
    if (era != kEras[i].name) continue;
    const long first = days_from_civil(kEras[i].start);
    const long last = i == 0 ? days_from_civil({2025, 12, 26}) : days_from_civil(kEras[i - 1].start) - 1;
    const long day = days_from_civil(d);
    if (day >= first && day <= last) return d;
    return civil_from_days(first + static_cast<long>(rng.next() % static_cast<std::uint64_t>(last - first + 1)));
  }
  return d;
}

struct Person {
  NameEntry surname, given;
  bool female = false;
  CivilDate birth;
  std::string my_number;
};

struct Household {
  std::string address_drawn, postal, phone, phone_drawn;
  NameEntry surname;
  std::map<std::string, Person> people;  // by field-name prefix ("", "insured_", ...)
};

std::string two(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }

std::string random_digits(Rng& rng, int n, bool nonzero_first = false) {
  std::string s;
  for (int i = 0; i < n; ++i) s += static_cast<char>('0' + (i == 0 && nonzero_first ? rng.range(2, 9) : rng.range(0, 9)));
  return s;
}

// Returns {expected "03-1234-5678", as written}. Fixed lines are sometimes written 03(1234)5678.
std::pair<std::string, std::string> make_phone(Rng& rng, const PlaceEntry& place) {
  if (rng.chance(0.55)) {  // mobile: 090/080/070-XXXX-XXXX
    static const std::vector<std::string> kMobile{"090", "080", "070"};
    std::string p = rng.pick(kMobile) + "-" + random_digits(rng, 4, true) + "-" + random_digits(rng, 4);
    return {p, p};
  }
  // Fixed line: area code + local exchange make six digits, then four subscriber digits.
  std::string area = place.phone_area;
  int exchange_len = 6 - static_cast<int>(area.size());
  std::string exchange = random_digits(rng, exchange_len, true), line = random_digits(rng, 4);
  std::string canonical = area + "-" + exchange + "-" + line;
  return {canonical, rng.chance(0.2) ? area + "(" + exchange + ")" + line : canonical};
}

std::string make_address(Rng& rng, const PlaceEntry& place) {
  std::string a = place.address;
  int chome = rng.range(1, 5), ban = rng.range(1, 30), go = rng.range(1, 20);
  if (rng.chance(0.55))
    a += std::to_string(chome) + "丁目" + std::to_string(ban) + "番" + std::to_string(go) + "号";
  else
    a += std::to_string(chome) + "-" + std::to_string(ban) + "-" + std::to_string(go);
  if (rng.chance(0.3)) {
    auto buildings = building_names();
    std::string room = std::to_string(rng.range(1, 9)) + two(rng.range(1, 10));
    a += std::string(" ") + buildings[static_cast<std::size_t>(rng.range(0, static_cast<int>(buildings.size()) - 1))] +
         " " + room + (rng.chance(0.5) ? "号室" : "");
  }
  return a;
}

template <typename T>
const T& pick_span(Rng& rng, std::span<const T> s) {
  return s[static_cast<std::size_t>(rng.range(0, static_cast<int>(s.size()) - 1))];
}

Person make_person(Rng& rng, const NameEntry& household_surname, bool head, CivilDate born_from, CivilDate born_to) {
  Person p;
  p.surname = head || rng.chance(0.8) ? household_surname : pick_span(rng, surnames());
  p.female = rng.chance(0.5);
  p.given = pick_span(rng, p.female ? female_given_names() : male_given_names());
  p.birth = random_date(rng, born_from, born_to);
  std::string first11 = random_digits(rng, 11, true);
  p.my_number = first11 + static_cast<char>('0' + my_number_check_digit(first11));
  return p;
}

// Name and reading as people write them: usually a space between surname and given name.
std::string join_name(Rng& rng, const std::string& a, const std::string& b) {
  double r = rng.uniform();
  return a + (r < 0.6 ? " " : r < 0.8 ? "\xe3\x80\x80" : "") + b;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Splits "insured_birth_date" into person prefix "insured_" and role "birth_date".
std::pair<std::string, std::string> split_role(const std::string& name) {
  static const char* kRoles[] = {"birth_date", "my_number", "postal_code", "address", "phone", "kana", "name", "sex"};
  for (const char* role : kRoles)
    if (ends_with(name, role)) return {name.substr(0, name.size() - std::string_view(role).size()), role};
  return {name, ""};
}

FieldValue choice_value(const ocr::FieldSpec& f, std::vector<std::size_t> marked) {
  FieldValue v;
  v.marked = std::move(marked);
  for (std::size_t i : v.marked) {
    if (!v.value.empty()) v.value += ",", v.drawn += ",";
    v.value += f.options[i].value;
    v.drawn += f.options[i].label;
  }
  return v;
}

FieldValue random_choice(Rng& rng, const ocr::FieldSpec& f) {
  std::vector<std::size_t> marked;
  int n = static_cast<int>(f.options.size());
  if (n == 0) return {};
  if (f.type == ocr::FieldType::kCheckboxGroup && f.multiple) {
    int k = rng.range(1, std::min(3, n));
    std::vector<bool> on(static_cast<std::size_t>(n), false);
    for (int placed = 0; placed < k;) {
      auto i = static_cast<std::size_t>(rng.range(0, n - 1));
      if (!on[i]) on[i] = true, ++placed;
    }
    for (std::size_t i = 0; i < on.size(); ++i)
      if (on[i]) marked.push_back(i);
  } else {
    marked.push_back(static_cast<std::size_t>(rng.range(0, n - 1)));
  }
  return choice_value(f, std::move(marked));
}

// Free text for fields with no person/address role: item lists for "item*" fields, else short notes.
std::string random_note(Rng& rng, const ocr::FieldSpec& f) {
  static const std::vector<std::string> kItems{"タンス", "本棚", "自転車", "ソファー", "布団", "座椅子",
                                               "電子レンジ", "扇風機", "食器棚", "カーペット", "ベッド", "机"};
  static const std::vector<std::string> kCounters{"点", "台", "枚", "個"};
  static const std::vector<std::string> kNotes{"特になし", "午前中希望", "玄関前に出します", "平日の日中は不在",
                                               "電話連絡希望", "駐車場の横に出します", "門の内側", "到着前に電話ください"};
  if (f.name.find("item") == std::string::npos) return rng.pick(kNotes);
  std::string s;
  int n = rng.range(1, 3);
  for (int i = 0; i < n; ++i)
    s += (i ? "、" : "") + rng.pick(kItems) + " " + std::to_string(rng.range(1, 3)) + rng.pick(kCounters);
  return s;
}

}  // namespace

std::string iso_date(const CivilDate& d) { return std::to_string(d.year) + "-" + two(d.month) + "-" + two(d.day); }

std::string wareki_date(const CivilDate& d, bool gannen, bool spaced) {
  long day = days_from_civil(d);
  for (const Era& e : kEras) {
    if (day < days_from_civil(e.start)) continue;
    int y = d.year - e.start.year + 1;
    std::string sp = spaced ? " " : "";
    std::string year = (y == 1 && gannen) ? "元" : std::to_string(y);
    return std::string(e.name) + sp + year + "年" + sp + std::to_string(d.month) + "月" + sp + std::to_string(d.day) + "日";
  }
  return iso_date(d);  // before 大正: not generated
}

int my_number_check_digit(std::string_view first11) {
  if (first11.size() != 11) return -1;
  int sum = 0;
  for (int n = 1; n <= 11; ++n) {  // Pn counts from the right of the eleven digits
    char c = first11[static_cast<std::size_t>(11 - n)];
    if (c < '0' || c > '9') return -1;
    int q = n <= 6 ? n + 1 : n - 5;
    sum += (c - '0') * q;
  }
  int r = sum % 11;
  return r <= 1 ? 0 : 11 - r;
}

std::vector<FieldValue> make_field_values(const ocr::FormTemplate& form, Rng& rng) {
  const PlaceEntry& place = pick_span(rng, places());
  Household home;
  home.surname = pick_span(rng, surnames());
  home.address_drawn = make_address(rng, place);
  home.postal = place.postal;
  std::tie(home.phone, home.phone_drawn) = make_phone(rng, place);
  // A form about children ("child1_*" fields, 児童手当) is filled by their parents.
  bool has_children = std::any_of(form.fields.begin(), form.fields.end(),
                                  [](const ocr::FieldSpec& f) { return f.name.starts_with("child"); });
  auto person = [&](const std::string& prefix) -> const Person& {
    auto it = home.people.find(prefix);
    if (it != home.people.end()) return it->second;
    // The applicant (no prefix), a spouse and an agent are adults; children ("child1_", ...) are
    // under 18; spouse and children carry the household's surname; other people may be any age.
    // An agent (代理人) is from another household, so usually has another surname.
    bool adult = prefix.empty() || prefix == "agent_" || prefix == "spouse_";
    bool child = prefix.starts_with("child");
    bool parent = has_children && (prefix.empty() || prefix == "spouse_");
    const NameEntry& surname = prefix == "agent_" ? pick_span(rng, surnames()) : home.surname;
    CivilDate born_from = child ? CivilDate{2008, 4, 2} : parent ? CivilDate{1968, 1, 1} : CivilDate{1935, 1, 1};
    CivilDate born_to = child    ? CivilDate{2022, 12, 31}
                        : parent ? CivilDate{2000, 12, 31}
                        : adult  ? CivilDate{2006, 12, 31}
                                 : CivilDate{2024, 12, 31};
    Person p = make_person(rng, surname, prefix.empty() || child || prefix == "spouse_", born_from, born_to);
    return home.people.emplace(prefix, std::move(p)).first->second;
  };

  std::vector<FieldValue> out;
  bool agent_chosen = false;  // agent_* fields are filled only when someone chose 代理人 ("agent")
  for (const auto& f : form.fields) {
    auto [prefix, role] = split_role(f.name);
    FieldValue v;
    // Optional fields are sometimes left empty, as on real applications.
    if ((prefix == "agent_" && !agent_chosen) || (!f.required && rng.chance(0.12))) {
      v.blank = true;
      out.push_back(v);
      continue;
    }
    using T = ocr::FieldType;
    switch (f.type) {
      case T::kKana: {
        const Person& p = person(prefix);
        v.drawn = join_name(rng, p.surname.kana, p.given.kana);
        v.value = std::string(p.surname.kana) + p.given.kana;
        break;
      }
      case T::kText:
        if (role == "name") {
          const Person& p = person(prefix);
          v.drawn = join_name(rng, p.surname.kanji, p.given.kanji);
          v.value = std::string(p.surname.kanji) + p.given.kanji;
        } else if (role == "address") {  // old_address: where the household lived before
          v.drawn = prefix == "old_" ? make_address(rng, pick_span(rng, places())) : home.address_drawn;
        } else {
          v.drawn = random_note(rng, f);
        }
        if (v.value.empty())  // normalised with strip_spaces: the expected value has no spaces
          for (char c : v.drawn)
            if (c != ' ') v.value += c;
        break;
      case T::kDate: {
        CivilDate d = role == "birth_date" ? person(prefix).birth : random_date(rng, {2023, 1, 4}, {2025, 12, 26});
        if (!f.parts.empty()) {  // the era is printed: the date must be in it, and 元 is not a number
          d = date_in_era(rng, f.parts.era, d);
          v.drawn = wareki_date(d, false, false);
        } else {
          v.drawn = wareki_date(d, rng.chance(0.7), rng.chance(0.15));
        }
        v.value = iso_date(d);
        break;
      }
      case T::kDigits:
        if (prefix == "agent_") {  // another household, another phone
          std::tie(v.value, v.drawn) = make_phone(rng, pick_span(rng, places()));
        } else {
          v.value = home.phone;
          v.drawn = home.phone_drawn;
        }
        break;
      case T::kDigitBoxes: {
        auto cells = static_cast<int>(f.cells.size());
        if (role == "postal_code" && cells == 7) {
          v.drawn = home.postal.substr(0, 3) + home.postal.substr(4);
          v.value = home.postal;
        } else if (role == "my_number" && cells == 12) {
          v.drawn = v.value = person(prefix).my_number;
        } else {
          v.drawn = v.value = random_digits(rng, cells);
        }
        break;
      }
      case T::kCheckboxGroup:
      case T::kCircledChoice:
        if (role == "sex") {
          const Person& p = person(prefix);
          std::vector<std::size_t> marked;
          for (std::size_t i = 0; i < f.options.size(); ++i)
            if (f.options[i].value == (p.female ? "female" : "male")) marked.push_back(i);
          v = marked.empty() ? random_choice(rng, f) : choice_value(f, marked);
        } else {
          v = random_choice(rng, f);
        }
        break;
    }
    for (std::size_t i : v.marked) agent_chosen |= f.options[i].value == "agent";
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace kamiflow::samples
