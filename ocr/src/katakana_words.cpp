#include "katakana_words.hpp"

#include <algorithm>

#include "text_shape.hpp"

namespace kamiflow::ocr {
namespace {

// Katakana letters (ヴ and ヶ included) and ー; not ・, which separates words.
bool is_katakana_letter(char32_t c) { return (c >= U'ァ' && c <= U'ヶ') || c == U'ー'; }

// The slips a printed katakana word suffers that leave another word: a handakuten read as a
// dakuten (ポ → ボ: the small circle blurs into two dots) and a small kana read large (ッ → ツ).
// Not a dakuten lost or added, nor look-alikes: real words the dictionary lacks (メゾン) sit one
// such slip from words it has (メソン), and would be doubted for nothing.
std::vector<std::string> print_slips(const std::string& word) {
  static const std::pair<char32_t, char32_t> kPairs[] = {
      {U'バ', U'パ'}, {U'ビ', U'ピ'}, {U'ブ', U'プ'}, {U'ベ', U'ペ'}, {U'ボ', U'ポ'},
      {U'ツ', U'ッ'}, {U'ヤ', U'ャ'}, {U'ユ', U'ュ'}, {U'ヨ', U'ョ'}};
  const std::vector<char32_t> cps = decode_utf8(word);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < cps.size(); ++i)
    for (const auto& [read, meant] : kPairs)
      if (cps[i] == read) {
        std::vector<char32_t> v = cps;
        v[i] = meant;
        out.push_back(encode_utf8(v));
      }
  return out;
}

}  // namespace

std::optional<KatakanaDoubt> doubtful_katakana_word(NameReadings& readings, std::string_view text) {
  const std::vector<char32_t> cps = decode_utf8(text);
  for (std::size_t i = 0; i < cps.size();) {
    if (!is_katakana_letter(cps[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < cps.size() && is_katakana_letter(cps[j])) ++j;
    const std::string word = encode_utf8({cps.begin() + static_cast<long>(i), cps.begin() + static_cast<long>(j)});
    if (j - i >= 2 && !readings.known_word(word)) {
      KatakanaDoubt d;
      d.word = word;
      for (const std::string& slip : print_slips(word))
        if (readings.known_word(slip)) d.known.push_back(slip);
      if (!d.known.empty()) {
        if (d.known.size() == 1) {
          std::vector<char32_t> mended(cps.begin(), cps.begin() + static_cast<long>(i));
          const std::vector<char32_t> w = decode_utf8(d.known.front());
          mended.insert(mended.end(), w.begin(), w.end());
          mended.insert(mended.end(), cps.begin() + static_cast<long>(j), cps.end());
          d.fixed = encode_utf8(mended);
        }
        return d;
      }
    }
    i = j;
  }
  return std::nullopt;
}

void check_katakana_words(const FormTemplate& tmpl, NameReadings& readings, Record& rec) {
  for (FieldResult& f : rec.fields) {
    const FieldSpec* spec = tmpl.find_field(f.name);
    if (!spec || spec->type != FieldType::kText || spec->read.latin() || f.value.empty()) continue;
    const std::optional<KatakanaDoubt> d = doubtful_katakana_word(readings, f.value);
    if (!d) continue;
    std::string known;
    for (const auto& k : d->known) known += (known.empty() ? "「" : "」か「") + k;
    f.reasons.push_back("「" + d->word + "」は辞書にない語で、" + known + "」の読み違いかもしれません");
    if (d->fixed) f.show_instead(*d->fixed);
    f.add_flag(flag::kLowConfidence);
    f.confidence = std::min(f.confidence, 0.5);
  }
}

}  // namespace kamiflow::ocr
