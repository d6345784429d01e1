#include "text_shape.hpp"

#include <algorithm>

namespace kamiflow::ocr {
namespace {

bool is_space(char32_t c) { return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || c == U'\u3000'; }
bool is_digit(char32_t c) { return (c >= U'0' && c <= U'9') || (c >= U'０' && c <= U'９'); }
bool is_katakana(char32_t c) { return (c >= 0x30A0 && c <= 0x30FF) || (c >= 0xFF66 && c <= 0xFF9F); }
bool is_hiragana(char32_t c) { return c >= 0x3041 && c <= 0x309F; }
bool is_dash(char32_t c) {
  return c == U'-' || c == U'ー' || c == U'－' || c == U'‐' || c == U'−' || c == U'—' || c == U'―' || c == U'–';
}

}  // namespace

std::vector<char32_t> decode_utf8(std::string_view s) {
  std::vector<char32_t> out;
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > s.size()) {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    bool bad = false;
    for (int k = 1; k < len; ++k) {
      const unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc >> 6) != 2) bad = true;
      cp = (cp << 6) | (cc & 0x3F);
    }
    out.push_back(bad ? 0xFFFD : cp);
    i += bad ? 1 : len;
  }
  return out;
}

std::string encode_utf8(const std::vector<char32_t>& cps) {
  std::string out;
  for (char32_t c : cps) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (c >> 18));
      out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

std::string numeral_after_dai(std::string_view s) {
  std::vector<char32_t> cps = decode_utf8(s);
  for (std::size_t i = 1; i < cps.size(); ++i) {
    if (cps[i - 1] != U'第') continue;
    if (cps[i] == U'ニ') cps[i] = U'二';
    else if (cps[i] == U'ー' || cps[i] == U'―' || cps[i] == U'－') cps[i] = U'一';
  }
  return encode_utf8(cps);
}

bool is_kanji(char32_t c) { return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || c == U'々'; }

std::string kanji_for_lone_katakana(std::string_view s) {
  static const std::pair<char32_t, char32_t> kTwins[] = {{U'ニ', U'二'}, {U'ロ', U'口'}, {U'エ', U'工'}, {U'カ', U'力'},
                                                         {U'タ', U'夕'}, {U'ハ', U'八'}, {U'ー', U'一'}};
  std::vector<char32_t> cps = decode_utf8(s);
  for (std::size_t i = 1; i < cps.size(); ++i) {
    if (!is_kanji(cps[i - 1]) || (i + 1 < cps.size() && !is_kanji(cps[i + 1]))) continue;
    for (const auto& [kana, kanji] : kTwins)
      if (cps[i] == kana) cps[i] = kanji;
  }
  return encode_utf8(cps);
}

std::string remove_cjk_spaces(std::string_view s) {
  std::vector<char32_t> in = decode_utf8(s), out;
  for (size_t i = 0; i < in.size(); ++i) {
    if (!is_space(in[i])) {
      out.push_back(in[i]);
      continue;
    }
    size_t j = i;
    while (j < in.size() && is_space(in[j])) ++j;
    const bool at_edge = out.empty() || j == in.size();
    const bool cjk_side = !at_edge && (out.back() >= 0x80 || in[j] >= 0x80);
    if (!at_edge && !cjk_side) out.push_back(U' ');
    i = j - 1;
  }
  return encode_utf8(out);
}

std::string without_spaces(std::string_view s) {
  std::vector<char32_t> cps = decode_utf8(s);
  cps.erase(std::remove_if(cps.begin(), cps.end(), is_space), cps.end());
  return encode_utf8(cps);
}

int count_chars(std::string_view s) {
  int n = 0;
  for (char32_t c : decode_utf8(s)) n += is_space(c) ? 0 : 1;
  return n;
}

bool has_expected_shape(FieldType type, std::string_view text) {
  std::vector<char32_t> cps = decode_utf8(text);
  cps.erase(std::remove_if(cps.begin(), cps.end(), is_space), cps.end());
  if (cps.empty()) return false;
  switch (type) {
    case FieldType::kKana:
      return std::all_of(cps.begin(), cps.end(),
                         [](char32_t c) { return is_katakana(c) || is_hiragana(c) || c == U'・' || c == U'ー'; });
    case FieldType::kDigits:
    case FieldType::kDigitBoxes:
      return std::any_of(cps.begin(), cps.end(), is_digit) &&
             std::all_of(cps.begin(), cps.end(), [](char32_t c) {
               return is_digit(c) || is_dash(c) || c == U'(' || c == U')' || c == U'（' || c == U'）';
             });
    case FieldType::kDate: {
      const bool digits = std::any_of(cps.begin(), cps.end(), is_digit) ||
                          std::find(cps.begin(), cps.end(), U'元') != cps.end();
      const bool sep = std::any_of(cps.begin(), cps.end(), [](char32_t c) {
        return c == U'年' || c == U'/' || c == U'.' || c == U'-' || c == U'月';
      });
      return digits && sep;
    }
    default:
      return true;
  }
}

double estimate_char_count(const cv::Mat& writing_mask, double char_height, bool latin) {
  if (writing_mask.empty() || char_height <= 0) return 0;
  cv::Mat cols;
  cv::reduce(writing_mask, cols, 0, cv::REDUCE_MAX, CV_8U);
  const int max_gap = static_cast<int>(char_height / 3);
  int width = 0, gap = 0;
  bool started = false;
  for (int x = 0; x < cols.cols; ++x) {
    if (cols.at<uchar>(0, x)) {
      if (started && gap <= max_gap) width += gap;  // a gap inside a character counts as its width
      width += 1;
      gap = 0;
      started = true;
    } else if (started) {
      ++gap;
    }
  }
  return width / (char_height * (latin ? 0.55 : 0.95));
}

}  // namespace kamiflow::ocr
