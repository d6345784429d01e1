// Internal to the samples generator: fictitious but realistic values for a template's fields, and
// the expected (normalised) value a perfect reader would output for each.
//
// A field's meaning comes from its name, so any template can be filled: a name ends in a role
// (name, kana, birth_date, sex, my_number, address, postal_code, phone) and what precedes the
// role names the person ("insured_name" and "insured_kana" describe the same person; "name" and
// "kana" the applicant). Unknown names get a value of the right type. All people on one page share
// an address and phone (one household); family members usually share the surname.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kamiflow/ocr/form_template.hpp"
#include "samples/generator/rng.hpp"

namespace kamiflow::samples {

struct FieldValue {
  std::string value;  // expected value, in the template's normalised form ("" when blank)
  std::string drawn;  // text as written on the page; for choices the marked labels joined by ","
  bool blank = false;
  std::vector<std::size_t> marked;  // choices: indices of the options marked (ascending)
};

// One value per template field, in template order.
[[nodiscard]] std::vector<FieldValue> make_field_values(const ocr::FormTemplate& form, Rng& rng);

struct CivilDate {
  int year = 0, month = 0, day = 0;
};
[[nodiscard]] std::string iso_date(const CivilDate& d);  // "YYYY-MM-DD"
// 和暦 as written by hand: 令和3年4月1日; year 1 as 元年 unless `gannen` is false; `spaced`
// puts a space before each number group.
[[nodiscard]] std::string wareki_date(const CivilDate& d, bool gannen = true, bool spaced = false);
// 個人番号 check digit for 11 digits (総務省令 algorithm); -1 when not 11 ASCII digits.
[[nodiscard]] int my_number_check_digit(std::string_view first11);

}  // namespace kamiflow::samples
