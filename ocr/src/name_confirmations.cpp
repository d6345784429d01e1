#include "name_confirmations.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "field_postprocess.hpp"
#include "read_agreement.hpp"
#include "record_checks.hpp"
#include "text_shape.hpp"

namespace kamiflow::ocr {
namespace {

// A character a personal name is written with: kanji (and 々), kana with ー, ヶ, Latin letters.
// Punctuation, brackets and underscores are not: in a name's box they are a box edge, a speck or
// a printed parenthesis one model read and the other did not.
bool name_character(char32_t c) {
  return is_kanji(c) || (c >= U'ぁ' && c <= U'ゖ') || (c >= U'ァ' && c <= U'ヺ') || c == U'ー' ||
         (c >= U'A' && c <= U'Z') || (c >= U'a' && c <= U'z');
}
std::string name_characters_only(std::string_view s) {
  std::vector<char32_t> kept;
  for (char32_t c : decode_utf8(s))
    if (name_character(c)) kept.push_back(c);
  return encode_utf8(kept);
}

}  // namespace

bool agreed_but_for_length(const FieldResult& name) {
  return name.flags.size() == 1 && name.has_flag(flag::kLowConfidence) && name.alternatives.empty() &&
         name.confidence >= kAgreedDespiteLength - 1e-9;
}

// Both models read the same name, in doubt only because its length did not fit the ink
// (kAgreedDespiteLength: a gap between surname and given name fools the estimate), and the
// dictionary knows it as a surname and a given name: a third, independent voice. On dev seeds 41,
// 31, 32 such names were 18 right of 18; the same names the dictionary did not know, 11 of 13
// (上野細 for 上野紬, 高木浩ニ for 高木浩二): those stay in review.
void confirm_agreed_known_name(FieldResult& name, NameReadings& readings) {
  if (!agreed_but_for_length(name) || !readings.known_full_name(name.value)) return;
  name.drop_flag(flag::kLowConfidence);
  name.confidence = std::max(name.confidence, kAgreedKnownNameConfidence);
}

// The two models read the same name and differ only by marks no name holds (市川俊介 against
// 市川俊介、, 石井遥 against 石井遥_): they agree on every character of the name, so when the
// dictionary (ipadic) knows it whole as a surname and a given name, it passes as an agreed known
// name does. A name with a mark of its own (ジョン・スミス), any other flag or a read that
// differs in a name character stays. Dev seeds 41, 44: 4 such names, all right (2 records freed).
void confirm_name_read_alike_but_for_marks(FieldResult& name, const FieldSpec& spec, NameReadings& readings) {
  if (name.flags.empty() || name.alternatives.empty() || name.value.empty()) return;
  for (const std::string& f : name.flags)
    if (f != flag::kLowConfidence && f != flag::kModelDisagreement && f != flag::kDisagreement) return;
  if (name_characters_only(name.value) != name.value) return;
  for (const auto& alt : name.alternatives) {
    const std::optional<std::string> v = as_value(spec, alt);
    if (!v || name_characters_only(*v) != name.value) return;
  }
  if (!readings.known_full_name(name.value)) return;
  name.drop_flag(flag::kModelDisagreement);
  name.drop_flag(flag::kDisagreement);
  name.drop_flag(flag::kLowConfidence);
  name.confidence = std::max(name.confidence, kAgreedKnownNameConfidence);
}

// Both models' reads of a name were weighed and the better one kept, still under the bar (a
// character vote, one model's slip: 0.55-0.89), with the other read as an alternative. When the
// kept read is a full name the dictionary knows (surname + given name) and no other read is, the
// dictionary is a third voice between them: 安田敦子 against 安田致子, 菊池芽依 against 筑池芽依. Only
// a lone low_confidence flag: a model disagreement, a reading mismatch or a shape doubt keep their
// reasons; and not at the disagreement cap (0.5), where 阿部弥 (a real name, for 阿部弘) was kept.
// A name a kana check mended is a proposal and is not weighed here. Dev seeds 41, 31, 32, 43, 44:
// 7, 0, 0, 5, 3 names passed, all right.
void confirm_known_name_over_unknown_reads(FieldResult& name, const FieldSpec& spec, NameReadings& readings) {
  if (name.flags.size() != 1 || !name.has_flag(flag::kLowConfidence) || name.alternatives.empty()) return;
  if (name.confidence <= kModelDisagreementCap + 1e-9 || !readings.known_full_name(name.value)) return;
  for (const auto& alt : name.alternatives) {
    const std::optional<std::string> v = as_value(spec, alt);
    if (v && *v != name.value && readings.known_full_name(*v)) return;
  }
  name.drop_flag(flag::kLowConfidence);
  name.confidence = std::max(name.confidence, kKnownNameConfidence);
}

}  // namespace kamiflow::ocr
