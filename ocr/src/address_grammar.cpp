#include "address_grammar.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include "text_shape.hpp"
#include "text_value_shape.hpp"

namespace kamiflow::ocr {
namespace {

using Cps = std::vector<char32_t>;

bool is_digit(char32_t c) { return c >= U'0' && c <= U'9'; }

constexpr std::array<std::u32string_view, 47> kPrefectures = {
    U"北海道", U"青森県", U"岩手県", U"宮城県", U"秋田県", U"山形県", U"福島県", U"茨城県", U"栃木県", U"群馬県",
    U"埼玉県", U"千葉県", U"東京都", U"神奈川県", U"新潟県", U"富山県", U"石川県", U"福井県", U"山梨県", U"長野県",
    U"岐阜県", U"静岡県", U"愛知県", U"三重県", U"滋賀県", U"京都府", U"大阪府", U"兵庫県", U"奈良県", U"和歌山県",
    U"鳥取県", U"島根県", U"岡山県", U"広島県", U"山口県", U"徳島県", U"香川県", U"愛媛県", U"高知県", U"福岡県",
    U"佐賀県", U"長崎県", U"熊本県", U"大分県", U"宮崎県", U"鹿児島県", U"沖縄県"};

bool starts_with(const Cps& s, std::u32string_view p) {
  return s.size() >= p.size() && std::equal(p.begin(), p.end(), s.begin());
}

bool municipal_suffix(char32_t c) { return c == U'市' || c == U'区' || c == U'町' || c == U'村' || c == U'郡'; }

// The prefecture one character away from the start of `s`, when exactly one is and a city, town
// or ward follows it within six characters (so 千葉 of a surname never becomes 千葉県).
void repair_prefecture(Cps& s) {
  for (std::u32string_view p : kPrefectures)
    if (starts_with(s, p)) return;
  const std::u32string_view* only = nullptr;
  for (const std::u32string_view& p : kPrefectures) {
    if (s.size() <= p.size()) continue;
    int diff = 0;
    for (std::size_t i = 0; i < p.size(); ++i) diff += s[i] != p[i];
    if (diff != 1) continue;
    if (only) return;  // two prefectures equally near
    only = &p;
  }
  if (!only) return;
  bool municipality = false;
  for (std::size_t i = only->size() + 1; i < s.size() && i <= only->size() + 6; ++i)
    municipality = municipality || municipal_suffix(s[i]);
  if (municipality) std::copy(only->begin(), only->end(), s.begin());
}

// N丁日, N」日, N」目, N」旧 → N丁目; 丁 read as ] (NFKC's ］) or 十 too: no address has N]目 or
// N十目 (3]目16番, 5十目28番 on the development seeds, where the other model read 丁目).
void repair_chome(Cps& s) {
  for (std::size_t i = 1; i + 1 < s.size(); ++i) {
    if (!is_digit(s[i - 1])) continue;
    const bool cho = s[i] == U'丁' || s[i] == U'」' || s[i] == U']' || s[i] == U'十';
    const bool me = s[i + 1] == U'日' || s[i + 1] == U'目' || s[i + 1] == U'旧';
    if (cho && me) s[i] = U'丁', s[i + 1] = U'目';
  }
}

// 番N followed by a look-alike of 号 (then the end, or no digit): 号.
void repair_go(Cps& s) {
  static constexpr std::u32string_view kLookAlikes = U"肌旨史弓サ";
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != U'番') continue;
    std::size_t j = i + 1;
    while (j < s.size() && is_digit(s[j])) ++j;
    if (j == i + 1 || j >= s.size()) continue;
    if (kLookAlikes.find(s[j]) == std::u32string_view::npos) continue;
    if (j + 1 < s.size() && is_digit(s[j + 1])) continue;
    s[j] = U'号';
  }
}

// 3.24-5 → 3-24-5: a block number written with hyphens does not switch to a dot; and a hyphen
// between two kanji is the kanji 一 (北-条 → 北一条): no address puts a dash between kanji.
void repair_dashes(Cps& s) {
  for (std::size_t i = 1; i + 2 < s.size(); ++i) {
    if (s[i] != U'.' || !is_digit(s[i - 1]) || !is_digit(s[i + 1])) continue;
    std::size_t j = i + 1;
    while (j < s.size() && is_digit(s[j])) ++j;
    if (j < s.size() && s[j] == U'-') s[i] = U'-';
  }
  for (std::size_t i = 1; i + 1 < s.size(); ++i)
    if ((s[i] == U'-' || s[i] == U'ー' || s[i] == U'―') && is_kanji(s[i - 1]) && is_kanji(s[i + 1])) s[i] = U'一';
}

}  // namespace

std::optional<std::string> repair_address_text(std::string_view text) {
  Cps s = decode_utf8(text);
  bool digit = false;
  for (char32_t c : s) digit = digit || is_digit(c);
  if (!digit) return std::nullopt;
  const Cps before = s;
  repair_prefecture(s);
  repair_chome(s);
  repair_go(s);
  repair_dashes(s);
  if (s == before) return std::nullopt;
  return encode_utf8(s);
}

void propose_text_repairs(const FormTemplate& tmpl, Record& rec) {
  for (FieldResult& f : rec.fields) {
    const FieldSpec* spec = tmpl.find_field(f.name);
    if (!spec || spec->type != FieldType::kText || spec->read.latin() || f.value.empty()) continue;
    std::optional<std::string> fixed = without_trailing_specks(f.value);
    if (const std::optional<std::string> address = repair_address_text(fixed.value_or(f.value))) fixed = address;
    if (!fixed) continue;
    f.show_instead(*fixed);
    if (!f.has_flag(flag::kLowConfidence)) f.flags.emplace_back(flag::kLowConfidence);
    f.confidence = std::min(f.confidence, 0.5);
  }
}

}  // namespace kamiflow::ocr
