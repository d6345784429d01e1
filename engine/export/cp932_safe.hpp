// Makes a cell fit CP932 (Windows Shift_JIS, what most core systems' CSV import reads) without a
// silent '?': a character CP932 lacks is either refused (the caller holds the record back) or
// mapped — to the CP932 character clerks use for it (𠮷 → 吉, 鷗 → 鴎, 剝 → 剥), else to 〓
// (geta, the Japanese "character missing" mark) — and each mapping is reported.
// Variation selectors (IVS, U+FE00–FE0F, U+E0100–E01EF) are dropped when mapping.
// Not thread-safe (owns an iconv state); one per export.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/store/cp932.hpp"
#include "kamiflow/status.hpp"

namespace kamiflow::exporting {

class Cp932Guard {
 public:
  [[nodiscard]] static Result<Cp932Guard> create();

  struct Checked {
    std::string text;                   // UTF-8, every character encodable in CP932
    std::vector<std::string> mappings;  // "𠮷 (U+20BB7) → 吉", one per replaced character
  };
  // With map = false, the first unencodable character is InvalidInput naming it ("𠮷 (U+20BB7)").
  [[nodiscard]] Result<Checked> check(std::string_view utf8, bool map);

 private:
  explicit Cp932Guard(detail::Iconv iconv) : iconv_(std::move(iconv)) {}
  detail::Iconv iconv_;
};

}  // namespace kamiflow::exporting
