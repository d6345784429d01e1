// Postal codes, phone numbers and My Number (個人番号) check digits.
//
// Hyphen look-alikes (ー − – — ‐ ― 一 …) are accepted as hyphens here, not in nfkc(): they only mean
// "hyphen" between digits, and ー must survive in katakana names.
#include <vector>

#include "kamiflow/ocr/text.hpp"
#include "text_utf8.hpp"

namespace kamiflow::text {
namespace {

// Splits a numeric field into digit groups at hyphen look-alikes (and, for phone numbers, at
// parentheses: 03(1234)5678). Fails on any other character, naming it.
Result<std::vector<std::string>> digit_groups(std::string_view original, std::string_view what,
                                              bool parens_separate) {
  const std::string s = strip_spaces(nfkc(original));
  std::vector<std::string> groups(1);
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t start = i;
    const char32_t c = detail::next_code_point(s, i);
    if (detail::is_ascii_digit(c)) {
      groups.back().push_back(static_cast<char>(c));
    } else if (detail::is_hyphen_like(c) || (parens_separate && (c == U'(' || c == U')'))) {
      if (!groups.back().empty()) groups.emplace_back();
    } else {
      return Status::InvalidInput(std::string(what) + " '" + std::string(original) + "' contains '" +
                                  s.substr(start, i - start) + "'");
    }
  }
  if (groups.back().empty()) groups.pop_back();
  return groups;
}

std::string join(const std::vector<std::string>& groups) {
  std::string out;
  for (const auto& g : groups) out += (out.empty() ? "" : "-") + g;
  return out;
}

std::vector<std::size_t> sizes(const std::vector<std::string>& groups) {
  std::vector<std::size_t> out;
  for (const auto& g : groups) out.push_back(g.size());
  return out;
}

std::vector<std::string> split(const std::string& digits, std::vector<std::size_t> layout) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  for (std::size_t n : layout) {
    out.push_back(digits.substr(pos, n));
    pos += n;
  }
  return out;
}

bool starts_with(const std::string& s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

Result<std::string> postal_code(std::string_view s) {
  std::string_view rest = s;
  // 〒 and its variants (〠 〶) are decoration, as are the spaces around them.
  for (std::string_view mark : {"〒", "〠", "〶"}) {
    const std::size_t at = rest.find(mark);
    if (at != std::string_view::npos && strip_spaces(rest.substr(0, at)).empty()) {
      rest = rest.substr(at + mark.size());
      break;
    }
  }
  KF_ASSIGN_OR_RETURN(auto groups, digit_groups(rest, "postal code", false));
  std::string digits;
  for (const auto& g : groups) digits += g;
  if (digits.size() != 7) {
    return Status::InvalidInput("postal code '" + std::string(s) + "' has " + std::to_string(digits.size()) +
                                " digits; it needs 7 (NNN-NNNN)");
  }
  if (groups.size() > 1 && sizes(groups) != std::vector<std::size_t>{3, 4}) {
    return Status::InvalidInput("postal code '" + std::string(s) + "' has its hyphen in the wrong place (NNN-NNNN)");
  }
  return digits.substr(0, 3) + "-" + digits.substr(3);
}

namespace {
// Whether every hyphen of `given` falls where `layout` has one: only hyphens are missing
// (0708822-8882 for 070-8822-8882, a hyphen the scan or OCR lost), none is misplaced.
bool coarser_grouping(const std::vector<std::size_t>& given, const std::vector<std::size_t>& layout) {
  std::size_t at = 0, want = 0, j = 0;
  for (std::size_t i = 0; i + 1 < given.size(); ++i) {
    at += given[i];
    while (j < layout.size() && want < at) want += layout[j++];
    if (want != at) return false;
  }
  return true;
}
}  // namespace

// Phone numbers. Digit count and prefix decide the kind:
//   020/050/060/070/080/090  11 digits, 3-4-4 (mobile, IP phone, M2M)
//   0120/0570/0990           10 digits, 4-3-3 (toll free, navi dial)
//   0800                     11 digits, 4-3-4 (toll free)
//   other 0X…                10 digits, fixed line: area code (2–5 digits with the 0) + exchange = 6
//                            digits, then a 4-digit subscriber number.
// Hyphenated input keeps its grouping when that grouping is valid for the kind; a grouping that
// only lacks a hyphen gets it back where it can be known (coarser_grouping, the fixed-line
// exchange); a misplaced hyphen is rejected (a sign of a misread). Bare fixed-line digits are
// grouped 2-4-4 for 03 (Tokyo) and 06 (Osaka), else 3-3-4: which digits form the area code is
// not derivable from the digits alone (0467-12-3456 vs 046-712-3456) without the MIC numbering
// plan table, so the bare-digit grouping is a display format, not a claim about the area code.
Result<std::string> phone_number(std::string_view s) {
  KF_ASSIGN_OR_RETURN(auto groups, digit_groups(s, "phone number", true));
  std::string digits;
  for (const auto& g : groups) digits += g;
  const std::string quoted = "phone number '" + std::string(s) + "'";
  if (digits.empty()) return Status::InvalidInput(quoted + " has no digits");
  if (digits[0] != '0') return Status::InvalidInput(quoted + " must start with 0 (domestic format)");
  if (starts_with(digits, "00")) return Status::InvalidInput(quoted + " starts with 00 (international prefix)");

  std::size_t want = 10;
  std::vector<std::size_t> layout;  // fixed layout for non-geographic numbers; empty = fixed line
  std::string kind = "fixed-line";
  if (starts_with(digits, "0120") || starts_with(digits, "0570") || starts_with(digits, "0990")) {
    want = 10, layout = {4, 3, 3}, kind = "toll-free/navi-dial";
  } else if (starts_with(digits, "0800")) {
    want = 11, layout = {4, 3, 4}, kind = "toll-free (0800)";
  } else if (digits.size() >= 3 && digits[2] == '0' &&
             (digits[1] == '2' || digits[1] == '5' || digits[1] == '6' || digits[1] == '7' || digits[1] == '8' ||
              digits[1] == '9')) {
    want = 11, layout = {3, 4, 4}, kind = digits[1] == '5' ? "IP phone" : "mobile";
  }
  if (digits.size() != want) {
    return Status::InvalidInput(quoted + " has " + std::to_string(digits.size()) + " digits; a " + kind +
                                " number has " + std::to_string(want));
  }
  if (!layout.empty()) {
    if (groups.size() > 1 && sizes(groups) != layout && !coarser_grouping(sizes(groups), layout)) {
      return Status::InvalidInput(quoted + " is not grouped like a " + kind + " number (" + join(split(digits, layout)) + ")");
    }
    return join(split(digits, layout));
  }
  if (groups.size() == 1) {
    const bool two_digit_area = starts_with(digits, "03") || starts_with(digits, "06");
    return join(split(digits, two_digit_area ? std::vector<std::size_t>{2, 4, 4} : std::vector<std::size_t>{3, 3, 4}));
  }
  auto g = sizes(groups);
  // One hyphen lost after the exchange (03-40137957): the area code is still marked, so the
  // exchange is the 6 - area digits after it. One lost after the area code (035059-5098) is
  // not restorable (03-5059 or 035-059) and stays an error.
  if (g.size() == 2 && g[0] >= 2 && g[0] <= 5 && g[0] + g[1] == 10) g = {g[0], 6 - g[0], 4};
  if (g.size() != 3 || g[0] < 2 || g[0] > 5 || g[0] + g[1] != 6 || g[2] != 4) {
    return Status::InvalidInput(quoted + " is not grouped like a fixed-line number (area code + exchange = 6 "
                                "digits, then 4)");
  }
  return join(split(digits, g));
}

int my_number_check_digit(std::string_view first11) {
  if (first11.size() != 11) return -1;
  int sum = 0;
  for (int n = 1; n <= 11; ++n) {  // P_n counts from the right of the first 11 digits
    const char ch = first11[11 - n];
    if (ch < '0' || ch > '9') return -1;
    const int q = n <= 6 ? n + 1 : n - 5;
    sum += (ch - '0') * q;
  }
  const int remainder = sum % 11;
  return remainder <= 1 ? 0 : 11 - remainder;
}

bool my_number_valid(std::string_view digits12) {
  if (digits12.size() != 12) return false;
  const char last = digits12[11];
  if (last < '0' || last > '9') return false;
  return my_number_check_digit(digits12.substr(0, 11)) == last - '0';
}

}  // namespace kamiflow::text
