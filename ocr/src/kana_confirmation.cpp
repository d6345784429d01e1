#include "kana_confirmation.hpp"

#include <algorithm>
#include <set>

#include "text_utf8.hpp"

namespace kamiflow::ocr {
namespace {

// Groups of katakana an OCR model confuses with each other; a slip replaces one member by another.
const std::vector<std::u32string>& confusable_groups() {
  static const std::vector<std::u32string> groups = {
      // dakuten / handakuten
      U"カガ", U"キギ", U"クグ", U"ケゲ", U"コゴ", U"サザ", U"シジ", U"スズ", U"セゼ", U"ソゾ",
      U"タダ", U"チヂ", U"ツヅ", U"テデ", U"トド", U"ハバパ", U"ヒビピ", U"フブプ", U"ヘベペ", U"ホボポ",
      U"ウヴ",
      // small and large
      U"アァ", U"イィ", U"ウゥ", U"エェ", U"オォ", U"ツッ", U"ヤャ", U"ユュ", U"ヨョ", U"ワヮ", U"カヵ", U"ケヶ",
      // look-alikes
      U"シツソン", U"クタ", U"ロコ", U"エユ", U"ヌス", U"チテ", U"ノソ", U"ワウ", U"ラヲ", U"セヒ", U"ニコ", U"ラフ",
  };
  return groups;
}

}  // namespace

std::vector<std::string> kana_slips(std::string_view kana) {
  const std::u32string k = text::detail::decode_utf8(kana);
  std::set<std::u32string> out;
  for (std::size_t i = 0; i < k.size(); ++i) {
    for (const auto& g : confusable_groups()) {
      if (g.find(k[i]) == std::u32string::npos) continue;
      for (char32_t c : g) {
        if (c == k[i]) continue;
        std::u32string v = k;
        v[i] = c;
        out.insert(v);
      }
    }
    std::u32string dropped = k;
    dropped.erase(i, 1);
    if (!dropped.empty()) out.insert(dropped);
  }
  for (std::size_t i = 0; i <= k.size(); ++i)
    for (char32_t c : {U'ー', U'ッ', U'ン'}) {
      std::u32string v = k;
      v.insert(v.begin() + static_cast<std::ptrdiff_t>(i), c);
      out.insert(v);
    }
  out.erase(k);
  std::vector<std::string> slips;
  slips.reserve(out.size());
  for (const auto& v : out) slips.push_back(text::detail::encode_utf8(v));
  return slips;
}

bool kana_confirmed_by_name(NameReadings& readings, std::string_view name, std::string_view kana) {
  if (name.empty() || kana.empty() || readings.check(name, kana) != ReadingVerdict::kMatch) return false;
  const std::vector<std::string> slips = kana_slips(kana);
  return std::none_of(slips.begin(), slips.end(),
                      [&](const std::string& v) { return readings.check(name, v) == ReadingVerdict::kMatch; });
}

}  // namespace kamiflow::ocr
