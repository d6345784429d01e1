// Width and script normalisers: the practical subset of NFKC that form values need, plus
// hiragana → katakana and the katakana check. Table-driven and locale-free.
#include <array>
#include <optional>

#include "kamiflow/ocr/text.hpp"
#include "text_utf8.hpp"

namespace kamiflow::text {
namespace {

using detail::append_utf8;
using detail::next_code_point;

// Half-width katakana U+FF61..U+FF9D → full-width, in code point order.
constexpr std::array<char32_t, 0xFF9D - 0xFF61 + 1> kHalfwidthKana = {
    0x3002, 0x300C, 0x300D, 0x3001, 0x30FB, 0x30F2, 0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9,  // ｡｢｣､･ｦｧｨｩｪｫ
    0x30E3, 0x30E5, 0x30E7, 0x30C3, 0x30FC,                                                  // ｬｭｮｯｰ
    0x30A2, 0x30A4, 0x30A6, 0x30A8, 0x30AA,                                                  // ｱｲｳｴｵ
    0x30AB, 0x30AD, 0x30AF, 0x30B1, 0x30B3,                                                  // ｶｷｸｹｺ
    0x30B5, 0x30B7, 0x30B9, 0x30BB, 0x30BD,                                                  // ｻｼｽｾｿ
    0x30BF, 0x30C1, 0x30C4, 0x30C6, 0x30C8,                                                  // ﾀﾁﾂﾃﾄ
    0x30CA, 0x30CB, 0x30CC, 0x30CD, 0x30CE,                                                  // ﾅﾆﾇﾈﾉ
    0x30CF, 0x30D2, 0x30D5, 0x30D8, 0x30DB,                                                  // ﾊﾋﾌﾍﾎ
    0x30DE, 0x30DF, 0x30E0, 0x30E1, 0x30E2,                                                  // ﾏﾐﾑﾒﾓ
    0x30E4, 0x30E6, 0x30E8,                                                                  // ﾔﾕﾖ
    0x30E9, 0x30EA, 0x30EB, 0x30EC, 0x30ED,                                                  // ﾗﾘﾙﾚﾛ
    0x30EF, 0x30F3,                                                                          // ﾜﾝ
};

constexpr char32_t kHalfDakuten = 0xFF9E, kHalfHandakuten = 0xFF9F;
constexpr char32_t kCombDakuten = 0x3099, kCombHandakuten = 0x309A;

bool is_dakuten(char32_t c) { return c == kHalfDakuten || c == kCombDakuten; }
bool is_handakuten(char32_t c) { return c == kHalfHandakuten || c == kCombHandakuten; }

// Kana whose voiced form is the next code point (か→が, ハ→バ), hiragana and katakana alike.
bool has_voiced_successor(char32_t c) {
  const char32_t k = (c >= 0x3041 && c <= 0x3096) ? c + 0x60 : c;  // compare as katakana
  if (k >= 0x30AB && k <= 0x30C2) return (k - 0x30AB) % 2 == 0;       // カ..ヂ: カキクケコサシスセソタチ
  if (k >= 0x30C4 && k <= 0x30C9) return (k - 0x30C4) % 2 == 0;       // ツテト
  if (k >= 0x30CF && k <= 0x30DD) return (k - 0x30CF) % 3 == 0;       // ハヒフヘホ
  return false;
}

// Composes base + (han)dakuten as NFKC would; nullopt when no precomposed character exists.
std::optional<char32_t> compose(char32_t base, char32_t mark) {
  if (is_dakuten(mark)) {
    if (has_voiced_successor(base)) return base + 1;
    switch (base) {
      case 0x30A6: return 0x30F4;  // ウ → ヴ
      case 0x3046: return 0x3094;  // う → ゔ
      case 0x30EF: return 0x30F7;  // ワ → ヷ
      case 0x30F2: return 0x30FA;  // ヲ → ヺ
      default: return std::nullopt;
    }
  }
  if (is_handakuten(mark)) {
    const char32_t k = (base >= 0x3041 && base <= 0x3096) ? base + 0x60 : base;
    if (k >= 0x30CF && k <= 0x30DD && (k - 0x30CF) % 3 == 0) return base + 2;  // ハ → パ
  }
  return std::nullopt;
}

// Compatibility characters seen on forms that NFKC expands to several characters.
const char* expansion(char32_t c) {
  switch (c) {
    case 0x337B: return "平成";  // ㍻
    case 0x337C: return "昭和";  // ㍼
    case 0x337D: return "大正";  // ㍽
    case 0x337E: return "明治";  // ㍾
    case 0x32FF: return "令和";  // ㋿
    case 0x3231: return "(株)";  // ㈱
    case 0x3232: return "(有)";  // ㈲
    case 0x2116: return "No";    // №
    default: return nullptr;
  }
}

}  // namespace

std::string nfkc(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  char32_t last = 0;  // last code point written, for (han)dakuten composition
  std::size_t last_pos = 0;
  for (std::size_t i = 0; i < s.size();) {
    char32_t c = next_code_point(s, i);
    if (c >= 0xFF01 && c <= 0xFF5E) {
      c -= 0xFEE0;  // full-width ASCII
    } else if (c == 0x3000) {
      c = U' ';
    } else if (c >= 0xFF61 && c <= 0xFF9D) {
      c = kHalfwidthKana[c - 0xFF61];
    } else if (c >= 0x2460 && c <= 0x2473) {  // ①..⑳ → 1..20, as NFKC does
      const unsigned n = c - 0x2460 + 1;
      out += std::to_string(n);
      last = 0;
      continue;
    } else if (const char* e = expansion(c)) {
      out += e;
      last = 0;
      continue;
    } else if (c == 0xFFE5) {
      c = 0x00A5;  // ￥
    } else if (is_dakuten(c) || is_handakuten(c)) {
      if (auto composed = compose(last, c)) {
        out.resize(last_pos);  // replace the base with the precomposed character
        c = *composed;
      } else if (c == kHalfDakuten) {
        c = 0x309B;  // stand-alone ﾞ → ゛ (a spacing mark is what a reader of the form sees)
      } else if (c == kHalfHandakuten) {
        c = 0x309C;  // ﾟ → ゜
      }
    }
    last_pos = out.size();
    append_utf8(out, c);
    last = c;
  }
  return out;
}

std::string strip_spaces(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    const char32_t c = next_code_point(s, i);
    if (!detail::is_space(c)) append_utf8(out, c);
  }
  return out;
}

std::string digits_only(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    char32_t c = next_code_point(s, i);
    if (c >= 0xFF10 && c <= 0xFF19) c -= 0xFEE0;  // full-width digits count as digits
    if (detail::is_ascii_digit(c)) out.push_back(static_cast<char>(c));
  }
  return out;
}

std::string hiragana_to_katakana(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    char32_t c = next_code_point(s, i);
    if ((c >= 0x3041 && c <= 0x3096) || c == 0x309D || c == 0x309E) c += 0x60;  // incl. ゝゞ → ヽヾ
    append_utf8(out, c);
  }
  return out;
}

bool is_katakana(std::string_view s) {
  bool any_kana = false;
  for (std::size_t i = 0; i < s.size();) {
    const char32_t c = next_code_point(s, i);
    if ((c >= 0x30A1 && c <= 0x30FA) || c == 0x30FD || c == 0x30FE || (c >= 0x31F0 && c <= 0x31FF)) {
      any_kana = true;
    } else if (c == 0x30FC || c == 0x30FB || c == U' ' || c == 0x3000) {
      // ー, ・ and spaces are allowed between kana but do not make a value on their own.
    } else {
      return false;
    }
  }
  return any_kana;
}

}  // namespace kamiflow::text
