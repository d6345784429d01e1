#include "engine/store/cp932.hpp"

#include <iconv.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace kamiflow::detail {
namespace {

std::size_t utf8_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 0;
}

// "'😀' (U+1F600)" for an unencodable UTF-8 character at the start of `s`.
std::string describe_utf8_char(std::string_view s) {
  const std::size_t len = s.empty() ? 0 : utf8_length(static_cast<unsigned char>(s[0]));
  if (len == 0 || len > s.size() || find_invalid_utf8(s.substr(0, len)) != std::string_view::npos) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "invalid UTF-8 byte 0x%02X", s.empty() ? 0 : static_cast<unsigned char>(s[0]));
    return buf;
  }
  static constexpr unsigned char kMask[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
  char32_t cp = static_cast<unsigned char>(s[0]) & kMask[len];
  for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[k]) & 0x3F);
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
  std::string out = "'";  // built piecewise: GCC 12 raises a false -Wrestrict on operator+ chains
  out += s.substr(0, len);
  out += "' (";
  out += buf;
  out += ")";
  return out;
}

}  // namespace

std::size_t find_invalid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto lead = static_cast<unsigned char>(s[i]);
    const std::size_t len = utf8_length(lead);
    if (len == 0 || i + len > s.size()) return i;
    char32_t cp = lead & (len == 1 ? 0x7F : len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
    for (std::size_t k = 1; k < len; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (b & 0x3F);
    }
    static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return std::string_view::npos;
}

Result<Iconv> Iconv::open(const char* from, const char* to) {
  iconv_t cd = iconv_open(to, from);
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    return Status::Unsupported(std::string("iconv cannot convert ") + from + " to " + to + ": " + std::strerror(errno));
  }
  return Iconv(cd, std::strcmp(from, "UTF-8") == 0);
}

Iconv::~Iconv() {
  if (cd_ != kClosed) iconv_close(static_cast<iconv_t>(cd_));
}

Result<Iconv::Output> Iconv::convert(std::string_view in, bool replace) {
  auto cd = static_cast<iconv_t>(cd_);
  iconv(cd, nullptr, nullptr, nullptr, nullptr);  // reset shift state from any earlier failure
  Output out;
  out.bytes.reserve(in.size() + 16);
  char* src = const_cast<char*>(in.data());  // iconv's API is not const-correct; it does not write
  std::size_t src_left = in.size();
  char buf[4096];
  while (src_left > 0) {
    char* dst = buf;
    std::size_t dst_left = sizeof buf;
    const std::size_t rc = iconv(cd, &src, &src_left, &dst, &dst_left);
    out.bytes.append(buf, static_cast<std::size_t>(dst - buf));
    if (rc != static_cast<std::size_t>(-1)) continue;
    if (errno == E2BIG) continue;  // output buffer full: drain and go on
    // EILSEQ (no mapping or invalid sequence) or EINVAL (truncated sequence at the end).
    const std::size_t offset = in.size() - src_left;
    std::size_t skip = 1;
    if (from_utf8_) {
      const std::size_t len = utf8_length(static_cast<unsigned char>(*src));
      const bool valid = len > 0 && len <= src_left && find_invalid_utf8({src, len}) == std::string_view::npos;
      skip = valid ? len : 1;
    }
    if (!replace) {
      const std::string what = from_utf8_ ? describe_utf8_char({src, src_left})
                                          : "byte sequence at offset " + std::to_string(offset);
      return Status::InvalidInput(what + " cannot be converted");
    }
    out.bytes.push_back('?');
    ++out.replaced;
    src += skip;
    src_left -= skip;
  }
  return out;
}

}  // namespace kamiflow::detail
