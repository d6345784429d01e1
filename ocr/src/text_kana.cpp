// フリガナ: which characters a katakana reading may hold, and where small kana may stand.
//
// Degraded scans make Tesseract invent small kana (ヨシダ → ョヨシダ) and stray ー, and those
// values are katakana, so the plain charset check let them through at high confidence. The rules
// below are the ones Japanese spelling itself follows: a small kana modifies the kana before it,
// so it never starts a word and never follows ン, ー or another small kana; ャュョ only follow an
// イ-row kana (キャ, シュ, チョ) or the few loan-word heads (テュ, デュ, フュ, ヴュ); ヮ only follows
// ク/グ; ッ doubles the next consonant, so it needs one after it. Reasons are in Japanese because
// a clerk reads them.
#include <string>

#include "kamiflow/ocr/text.hpp"
#include "text_utf8.hpp"

namespace kamiflow::text {
namespace {

using detail::encode_utf8;

bool is_small(char32_t c) {
  return c == U'ァ' || c == U'ィ' || c == U'ゥ' || c == U'ェ' || c == U'ォ' || c == U'ッ' || c == U'ャ' ||
         c == U'ュ' || c == U'ョ' || c == U'ヮ';
}
bool is_plain_kana(char32_t c) { return c >= U'ァ' && c <= U'ヴ' && !is_small(c); }
bool is_separator(char32_t c) { return c == U' ' || c == 0x3000 || c == U'・'; }
bool is_vowel(char32_t c) { return c == U'ア' || c == U'イ' || c == U'ウ' || c == U'エ' || c == U'オ'; }

bool takes_small_yoon(char32_t p) {  // ャュョ
  static const std::u32string kHeads = U"キギシジチヂニヒビピミリテデフヴ";
  return kHeads.find(p) != std::u32string::npos;
}

Status reason(const std::string& why) { return Status::InvalidInput("フリガナ: " + why); }
std::string quoted(char32_t c) { return "「" + encode_utf8(std::u32string(1, c)) + "」"; }

// The rule for one small kana `c` after `prev` (0 at the start of a word).
Status check_small(char32_t prev, char32_t c, char32_t next) {
  if (prev == 0) return reason("小書き文字" + quoted(c) + "が語頭にあります");
  if (prev == U'ン' || prev == U'ー' || is_small(prev))
    return reason("小書き文字" + quoted(c) + "が" + quoted(prev) + "の後にあります");
  if (c == U'ッ') {
    if (next == 0) return reason("促音「ッ」が語末にあります");
    if (next == U'ン' || next == U'ー' || is_small(next) || is_vowel(next))
      return reason("促音「ッ」の後に" + quoted(next) + "があります");
    return Status::Ok();
  }
  if (c == U'ャ' || c == U'ュ' || c == U'ョ') {
    if (!takes_small_yoon(prev)) return reason(quoted(c) + "はイ段の仮名の後にしか書けません（" + quoted(prev) + "の後にあります）");
    return Status::Ok();
  }
  if (c == U'ヮ') {
    if (prev != U'ク' && prev != U'グ') return reason("「ヮ」は「ク」「グ」の後にしか書けません");
    return Status::Ok();
  }
  // ァィゥェォ: after a vowel they only occur in ウィ ウェ ウォ イェ.
  if (is_vowel(prev)) {
    const bool ok = (prev == U'ウ' && (c == U'ィ' || c == U'ェ' || c == U'ォ')) || (prev == U'イ' && c == U'ェ');
    if (!ok) return reason("小書き文字" + quoted(c) + "が" + quoted(prev) + "の後にあります");
  }
  return Status::Ok();
}

}  // namespace

const std::string& katakana_whitelist() {
  // Every full-width katakana a reading uses, and ー. Spaces need no whitelisting; ・ and the small
  // ヵヶ are left out so that specks and ヶ-for-ケ confusions cannot be produced at all.
  static const std::string kList = [] {
    std::u32string s;
    for (char32_t c = U'ァ'; c <= U'ヴ'; ++c) s += c;
    s += U'ー';
    return encode_utf8(s);
  }();
  return kList;
}

Status check_furigana(std::string_view value) {
  const std::u32string u = detail::decode_utf8(value);
  bool any = false;
  for (std::size_t i = 0; i < u.size(); ++i) {
    const char32_t c = u[i];
    const char32_t prev = i == 0 || is_separator(u[i - 1]) ? 0 : u[i - 1];
    const char32_t next = i + 1 >= u.size() || is_separator(u[i + 1]) ? 0 : u[i + 1];
    if (is_separator(c)) {
      if (c == U'・' && (prev == 0 || next == 0)) return reason("中黒「・」の前後に仮名がありません");
      continue;
    }
    if (c == U'ー') {
      if (prev == 0) return reason("長音「ー」が語頭にあります");
      if (prev == U'ー' || prev == U'ッ') return reason("長音「ー」が" + quoted(prev) + "の後にあります");
      continue;
    }
    if (is_small(c)) {
      KF_RETURN_IF_ERROR(check_small(prev, c, next));
    } else if (!is_plain_kana(c)) {
      if (c == detail::kReplacement) return reason("文字化けした文字があります");
      return reason("カタカナ以外の文字" + quoted(c) + "があります");
    }
    any = true;
  }
  return any ? Status::Ok() : reason("仮名がありません");
}

}  // namespace kamiflow::text
