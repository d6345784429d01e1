#include "name_supplement.hpp"

#include <optional>
#include <sstream>
#include <unordered_set>

#include "euc_jp.hpp"
#include "text_utf8.hpp"

namespace kamiflow::ocr {
namespace {

// SKK keys are hiragana (with ー); a key with anything else (an okurigana letter, ASCII) is not a
// plain reading, and nullopt drops it.
std::optional<std::string> katakana_reading(std::string_view key) {
  const std::u32string cps = text::detail::decode_utf8(key);
  if (cps.empty()) return std::nullopt;
  std::u32string out;
  for (char32_t c : cps) {
    if (c >= U'ぁ' && c <= U'ゖ') out += static_cast<char32_t>(c + 0x60);
    else if (c == U'ー' || (c >= U'ァ' && c <= U'ヺ')) out += c;
    else return std::nullopt;
  }
  return text::detail::encode_utf8(out);
}

// The old forms of kanji (遙 for 遥, 惠 for 恵, 櫻 for 桜): SKK's variant dictionary marks each
// with <人名用漢字> where it lists it as a variant of its everyday form ("遥 /遙;<人名用漢字>/").
// OCR turns an everyday kanji into its old form (山内遥 read 山内遙, dev seed 44), and a name
// spelled with the old form reads the same, so a reading match through it would pass the misread.
Result<std::unordered_set<char32_t>> old_kanji_forms(const std::string& itaiji_path) {
  KF_ASSIGN_OR_RETURN(const std::string text, read_euc_jp_file(itaiji_path, "variant kanji dictionary", "skkdic-extra"));
  std::unordered_set<char32_t> out;
  const std::string mark = ";<人名用漢字>";
  for (std::size_t at = text.find(mark); at != std::string::npos; at = text.find(mark, at + 1)) {
    const std::size_t slash = text.rfind('/', at);
    if (slash == std::string::npos) continue;
    const std::u32string form = text::detail::decode_utf8(std::string_view(text).substr(slash + 1, at - slash - 1));
    if (form.size() == 1) out.insert(form[0]);
  }
  if (out.empty()) return Status::InvalidInput(itaiji_path + ": no <人名用漢字> variants in it");
  return out;
}

bool has_old_form(std::string_view surface, const std::unordered_set<char32_t>& old_forms) {
  for (char32_t c : text::detail::decode_utf8(surface))
    if (old_forms.count(c)) return true;
  return false;
}

}  // namespace

std::string default_name_supplement_path() { return "/usr/share/skk/SKK-JISYO.jinmei"; }
std::string default_variant_kanji_path() { return "/usr/share/skk/SKK-JISYO.itaiji"; }

const std::vector<SupplementName>& NameSupplement::find(std::string_view surface) const {
  static const std::vector<SupplementName> kNone;
  auto it = by_surface_.find(std::string(surface));
  return it == by_surface_.end() ? kNone : it->second;
}

Result<std::shared_ptr<const NameSupplement>> NameSupplement::load(const std::string& jisyo_path,
                                                                   const std::string& itaiji_path) {
  KF_ASSIGN_OR_RETURN(const std::unordered_set<char32_t> old_forms, old_kanji_forms(itaiji_path));
  KF_ASSIGN_OR_RETURN(const std::string text, read_euc_jp_file(jisyo_path, "name dictionary", "skkdic-extra"));
  auto out = std::shared_ptr<NameSupplement>(new NameSupplement());
  std::stringstream lines(text);
  std::string line;
  // ";; comment" lines, then "よみ /候補;注釈/候補/…/" (an annotation may carry more words: "人名 姓").
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == ';') continue;
    const std::size_t sp = line.find(' ');
    if (sp == std::string::npos) continue;
    const std::optional<std::string> reading = katakana_reading(std::string_view(line).substr(0, sp));
    if (!reading) continue;
    std::stringstream cands(line.substr(sp + 1));
    std::string cand;
    while (std::getline(cands, cand, '/')) {
      const std::size_t semi = cand.find(';');
      const std::string surface = cand.substr(0, semi);
      const std::string note = semi == std::string::npos ? "" : cand.substr(semi + 1);
      if (surface.empty() || surface.find(' ') != std::string::npos || surface[0] == '(') continue;
      if (has_old_form(surface, old_forms)) continue;
      SupplementName n;
      n.reading = *reading;
      // 姓 / 名 as the annotation's first word: "人名 姓" is a surname too; "人名" alone says neither.
      n.surname = note.rfind("姓", 0) == 0 || note.rfind("人名 姓", 0) == 0;
      n.given = note.rfind("名", 0) == 0;
      auto& v = out->by_surface_[surface];
      bool dup = false;
      for (auto& e : v)
        if (e.reading == n.reading) e.surname |= n.surname, e.given |= n.given, dup = true;
      if (!dup) v.push_back(std::move(n)), ++out->entries_;
    }
  }
  if (out->entries_ == 0) return Status::InvalidInput(jisyo_path + ": no name entries in it");
  return std::shared_ptr<const NameSupplement>(std::move(out));
}

Result<std::shared_ptr<const NameSupplement>> NameSupplement::shared() {
  // A function-local static is initialised once, thread-safely, on first use.
  static const Result<std::shared_ptr<const NameSupplement>> cached = load(default_name_supplement_path());
  return cached;
}

}  // namespace kamiflow::ocr
