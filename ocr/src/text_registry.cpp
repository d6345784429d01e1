// Name → normaliser/validator tables, so templates and Lua scripts can refer to them by name.
// The lists are static and ordered; normaliser_names()/validator_names() expose them so the
// template checker can reject unknown names at load time instead of per page.
#include <algorithm>
#include <functional>
#include <utility>

#include "kamiflow/ocr/text.hpp"
#include "text_utf8.hpp"

namespace kamiflow::text {
namespace {

using Normaliser = std::function<Result<std::string>(std::string_view)>;
using Validator = std::function<Status(std::string_view)>;

std::string upper_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string trim(std::string_view s) {
  const std::u32string u = detail::decode_utf8(s);
  std::size_t b = 0, e = u.size();
  while (b < e && detail::is_space(u[b])) ++b;
  while (e > b && detail::is_space(u[e - 1])) --e;
  return detail::encode_utf8(std::u32string_view(u).substr(b, e - b));
}

template <typename F>
Normaliser total(F f) {  // adapts a normaliser that cannot fail
  return [f](std::string_view v) -> Result<std::string> { return f(v); };
}

const std::vector<std::pair<std::string, Normaliser>>& normalisers() {
  static const std::vector<std::pair<std::string, Normaliser>> kTable = {
      {"nfkc", total([](std::string_view v) { return nfkc(v); })},
      {"strip_spaces", total([](std::string_view v) { return strip_spaces(v); })},
      {"digits_only", total([](std::string_view v) { return digits_only(v); })},
      {"hiragana_to_katakana", total([](std::string_view v) { return hiragana_to_katakana(v); })},
      {"date_iso", [](std::string_view v) { return date_to_iso(v); }},
      {"postal_code", [](std::string_view v) { return postal_code(v); }},
      {"phone", [](std::string_view v) { return phone_number(v); }},
      {"upper", total([](std::string_view v) { return upper_ascii(v); })},
      {"trim", total([](std::string_view v) { return trim(v); })},
  };
  return kTable;
}

Status fail(std::string_view rule, std::string_view why) {
  return Status::InvalidInput(std::string(rule) + ": " + std::string(why));
}

// Validators check canonical (already normalised) values: "100-0001", not "１００ー０００１".
const std::vector<std::pair<std::string, Validator>>& validators() {
  static const std::vector<std::pair<std::string, Validator>> kTable = {
      // Katakana only, and small kana and ー only where Japanese spelling allows them (text_kana.cpp):
      // OCR invents ョヨシダ for ヨシダ, which a charset check alone accepts.
      {"katakana", [](std::string_view v) { return check_furigana(v); }},
      {"date", [](std::string_view v) { return check_iso_date(v); }},
      {"postal_code",
       [](std::string_view v) {
         auto r = postal_code(v);
         if (!r.ok()) return r.status();
         return *r == v ? Status::Ok() : fail("postal_code", "not in NNN-NNNN form");
       }},
      {"phone",
       [](std::string_view v) {
         auto r = phone_number(v);
         if (!r.ok()) return r.status();
         return *r == v ? Status::Ok() : fail("phone", "not in hyphenated digit form");
       }},
      {"my_number",
       [](std::string_view v) {
         if (v.size() != 12 || v.find_first_not_of("0123456789") != std::string_view::npos) {
           return fail("my_number", "needs exactly 12 digits");
         }
         return my_number_valid(v) ? Status::Ok() : fail("my_number", "check digit does not match");
       }},
      {"digits",
       [](std::string_view v) {
         return !v.empty() && v.find_first_not_of("0123456789") == std::string_view::npos
                    ? Status::Ok()
                    : fail("digits", "not digits only");
       }},
      {"not_empty", [](std::string_view v) { return trim(v).empty() ? fail("not_empty", "value is empty") : Status::Ok(); }},
  };
  return kTable;
}

template <typename Table>
auto find(const Table& table, std::string_view name) {
  return std::find_if(table.begin(), table.end(), [&](const auto& entry) { return entry.first == name; });
}

template <typename Table>
std::string known(const Table& table) {
  std::string out;
  for (const auto& [name, fn] : table) out += (out.empty() ? "" : ", ") + name;
  return out;
}

}  // namespace

Result<std::string> apply_normaliser(std::string_view name, std::string_view value) {
  auto it = find(normalisers(), name);
  if (it == normalisers().end()) {
    return Status::InvalidInput("unknown normaliser '" + std::string(name) + "' (known: " + known(normalisers()) + ")");
  }
  return it->second(value);
}

Status validate(std::string_view name, std::string_view value) {
  auto it = find(validators(), name);
  if (it == validators().end()) {
    return Status::InvalidInput("unknown validator '" + std::string(name) + "' (known: " + known(validators()) + ")");
  }
  return it->second(value);
}

std::vector<std::string> normaliser_names() {
  std::vector<std::string> out;
  for (const auto& [name, fn] : normalisers()) out.push_back(name);
  return out;
}

bool validator_checks_digits(std::string_view name) { return name == "my_number"; }

std::vector<std::string> validator_names() {
  std::vector<std::string> out;
  for (const auto& [name, fn] : validators()) out.push_back(name);
  return out;
}

}  // namespace kamiflow::text
