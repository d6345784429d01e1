#include "pinned_digits.hpp"

#include "field_postprocess.hpp"
#include "kamiflow/ocr/text.hpp"

namespace kamiflow::ocr {
namespace {

bool valid_from_digits(const FieldSpec& spec, std::string digits) {
  std::string why;
  return normalise_and_validate(spec, digits, why);
}

// Whether digit `at` of `digits` is the only one that keeps the value valid there.
bool pinned(const FieldSpec& spec, const std::string& digits, std::size_t at) {
  for (char d = '0'; d <= '9'; ++d) {
    if (d == digits[at]) continue;
    std::string other = digits;
    other[at] = d;
    if (valid_from_digits(spec, other)) return false;
  }
  return true;
}

bool differs_only_in_a_pinned_digit(const FieldSpec& spec, const std::string& v, const std::string& a) {
  if (a.size() == v.size()) {
    std::size_t at = std::string::npos;
    for (std::size_t i = 0; i < v.size(); ++i)
      if (a[i] != v[i]) {
        if (at != std::string::npos) return false;  // two digits differ
        at = i;
      }
    return at != std::string::npos && pinned(spec, v, at);
  }
  if (a.size() + 1 != v.size()) return false;
  // A digit dropped: any place whose removal gives the other read will do (in a run of equal
  // digits, each), as long as the value's digit there is pinned.
  for (std::size_t i = 0; i < v.size(); ++i)
    if (v.substr(0, i) + v.substr(i + 1) == a && pinned(spec, v, i)) return true;
  return false;
}

}  // namespace

bool reads_differ_only_in_pinned_digits(const FieldSpec& spec, const std::string& value,
                                        const std::vector<std::string>& others) {
  if (others.empty() || spec.validators.empty()) return false;
  const std::string v = text::digits_only(value);
  if (v.empty() || !valid_from_digits(spec, v)) return false;
  for (const std::string& other : others) {
    // Only digits and the separators a number is written with: a letter or a kana read in it is
    // a different misreading, not a digit's.
    if (other.find_first_not_of("0123456789-() ") != std::string::npos) return false;
    const std::string a = text::digits_only(other);
    if (a == v) continue;  // the same digits, punctuated otherwise
    if (!differs_only_in_a_pinned_digit(spec, v, a)) return false;
  }
  return true;
}

}  // namespace kamiflow::ocr
