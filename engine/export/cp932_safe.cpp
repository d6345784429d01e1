#include "engine/export/cp932_safe.hpp"

#include <cstdio>
#include <map>

namespace kamiflow::exporting {
namespace {

// Characters outside CP932 that appear in Japanese names and addresses, and the CP932 character
// a clerk writes instead (the form a 住民記録 system holds when it has no JIS X 0213 support).
const std::map<char32_t, std::string>& substitutes() {
  static const std::map<char32_t, std::string> m = {
      {U'\U00020BB7', "吉"},  // 𠮷 (つちよし)
      {U'\U00020B9F', "叱"},  // 𠮟
      {U'\U0002123D', "土"},  // 𡈽
      {U'\u9DD7', "鴎"},      // 鷗
      {U'\u525D', "剥"},      // 剝
      {U'\u9830', "頬"},      // 頰
      {U'\u5861', "填"},      // 塡
      {U'\u20AC', "EUR"},     // €
  };
  return m;
}

// Decodes one UTF-8 character at s[i]; returns its length (1 for an invalid byte).
std::size_t decode(std::string_view s, std::size_t i, char32_t& cp) {
  const auto b = static_cast<unsigned char>(s[i]);
  std::size_t n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 1;
  if (i + n > s.size()) n = 1;
  cp = n == 1 ? b : b & (0x7F >> n);
  for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  return n;
}

bool is_variation_selector(char32_t cp) {
  return (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF);
}

std::string code_point(char32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
  return buf;
}

}  // namespace

Result<Cp932Guard> Cp932Guard::create() {
  KF_ASSIGN_OR_RETURN(detail::Iconv cd, detail::Iconv::open("UTF-8", "CP932"));
  return Cp932Guard(std::move(cd));
}

Result<Cp932Guard::Checked> Cp932Guard::check(std::string_view utf8, bool map) {
  Checked out;
  if (iconv_.convert(utf8, false).ok()) {  // the common case: the whole cell fits
    out.text = std::string(utf8);
    return out;
  }
  for (std::size_t i = 0; i < utf8.size();) {
    char32_t cp = 0;
    const std::size_t n = decode(utf8, i, cp);
    const std::string_view ch = utf8.substr(i, n);
    i += n;
    if (iconv_.convert(ch, false).ok()) {
      out.text += ch;
      continue;
    }
    const std::string named = std::string(ch) + " (" + code_point(cp) + ")";
    if (!map) return Status::InvalidInput(named);
    if (is_variation_selector(cp)) {
      out.mappings.push_back(named + " → (dropped)");
      continue;
    }
    auto it = substitutes().find(cp);
    const std::string with = it != substitutes().end() ? it->second : "〓";
    out.text += with;
    out.mappings.push_back(named + " → " + with);
  }
  return out;
}

}  // namespace kamiflow::exporting
