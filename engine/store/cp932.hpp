// Internal: UTF-8 ⇄ CP932 (Windows Shift_JIS, incl. NEC/IBM extensions such as ① and 髙) through
// glibc iconv, with an RAII owner for the iconv_t. Not thread-safe per object (iconv keeps state).
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "kamiflow/status.hpp"

namespace kamiflow::detail {

class Iconv {
 public:
  // from/to are iconv names, e.g. Iconv("UTF-8", "CP932") converts UTF-8 to CP932.
  [[nodiscard]] static Result<Iconv> open(const char* from, const char* to);
  Iconv(Iconv&& other) noexcept : cd_(other.cd_), from_utf8_(other.from_utf8_) { other.cd_ = kClosed; }
  Iconv& operator=(Iconv&& other) noexcept {
    std::swap(cd_, other.cd_);
    std::swap(from_utf8_, other.from_utf8_);
    return *this;
  }
  Iconv(const Iconv&) = delete;
  Iconv& operator=(const Iconv&) = delete;
  ~Iconv();

  struct Output {
    std::string bytes;
    std::size_t replaced = 0;  // characters replaced by '?' (lenient mode only)
  };
  // Converts all of `in`. On a character the target cannot hold (or an invalid input sequence):
  // with `replace`, writes '?' and goes on; otherwise fails with InvalidInput naming the character
  // (as UTF-8 text and U+XXXX when the input is UTF-8, else as byte offset).
  [[nodiscard]] Result<Output> convert(std::string_view in, bool replace);

 private:
  static inline void* const kClosed = reinterpret_cast<void*>(-1);
  explicit Iconv(void* cd, bool from_utf8) : cd_(cd), from_utf8_(from_utf8) {}
  void* cd_;
  bool from_utf8_ = false;
};

// Byte offset of the first invalid UTF-8 sequence, or npos when `s` is valid UTF-8.
std::size_t find_invalid_utf8(std::string_view s);

}  // namespace kamiflow::detail
