#include "read_agreement.hpp"

#include <algorithm>

#include "kamiflow/ocr/record.hpp"
#include "kamiflow/ocr/text.hpp"
#include "text_shape.hpp"

namespace kamiflow::ocr {
namespace {

const Attempt& more_confident(const Attempt& a, const Attempt& b) { return a.confidence >= b.confidence ? a : b; }

// The better-scored of two agreeing reads, in `spelling`'s characters, raised by the bonus.
Attempt agreed(const Attempt& a, const Attempt& b, const std::string& spelling) {
  Attempt out = more_confident(a, b);
  out.text = spelling;
  out.confidence = std::min(1.0, std::max(a.confidence, b.confidence) + kAgreementBonus);
  return out;
}

}  // namespace

// The models differ in full/half width (DESIGN.md §4) and in where they put spaces.
bool same_value(const Attempt& a, const Attempt& b) {
  return !a.text.empty() && without_spaces(text::nfkc(a.text)) == without_spaces(text::nfkc(b.text));
}

namespace {

void note_alternative(CombinedRead& out, const Attempt& a) {
  if (a.text.empty() || same_value(a, out.chosen)) return;
  for (const auto& alt : out.alternatives)
    if (same_value(a, Attempt{alt, 0})) return;
  out.alternatives.push_back(a.text);
}

// The two models disagree: can the per-character confidences settle it (char_vote.hpp)?
std::optional<Attempt> settle_by_characters(const Attempt& first, const Attempt& other, const Plausible& plausible) {
  const double agreed = 1.0 - (1.0 - first.confidence) * (1.0 - other.confidence);
  const CharVote v = vote_chars(first.chars, other.chars);
  if (!v.settled || (plausible && !plausible(v.text))) {
    // Only one of the two reads can be spelled that way (ョシダ against ヨシダ): when they differ by
    // a slip the plausible one is sure of, it is kept. On seeds 7, 8, 11 this settled 13 kana
    // disagreements right; the wrong ones it would keep are longer differences (excluded by the
    // slip rule) or fail the reading check against the name (record_checks.hpp).
    if (!plausible) return std::nullopt;
    const bool first_ok = plausible(first.text), other_ok = plausible(other.text);
    if (first_ok == other_ok) return std::nullopt;
    const Attempt& win = first_ok ? first : other;
    const Attempt& lose = first_ok ? other : first;
    if (!differs_by_slip(win.chars, lose.chars, kSlipSure)) return std::nullopt;
    Attempt out = win;
    out.confidence = std::min(agreed, kSlipConfidence);
    return out;
  }
  Attempt out = first;
  out.text = v.side == 'a' ? first.text : v.side == 'b' ? other.text : v.text;
  // Where they agree the two models are independent evidence (as in combine); the settled runs
  // are only as sure as the clearest margin allows, so the weakest settled run caps the value.
  out.confidence = std::min(agreed, kVoteConfidenceFloor + (1.0 - kVoteConfidenceFloor) * v.margin);
  return out;
}

Result<CombinedRead> combine(const Attempt& first, const std::optional<Attempt>& other,
                             const std::function<Result<Attempt>()>& read_second, std::optional<Attempt>& second_out,
                             const std::function<Result<Attempt>()>& read_other_second, const Plausible& plausible,
                             bool confirm) {
  CombinedRead out;
  out.chosen = first;
  if (other && same_value(first, *other)) {
    // Two models trained apart agreeing are close to independent evidence, so their doubts
    // multiply (1 - (1-a)(1-b)). On seed 7 text fields, 67 of 69 model-agreed reads were right and
    // the 2 wrong ones (a hyphen both models dropped) scored 1.0 anyway; the flat +0.1 bonus sent
    // 13 of those right reads to review for nothing.
    out.chosen = first;  // the primary's spelling of the same value
    out.chosen.confidence = 1.0 - (1.0 - first.confidence) * (1.0 - other->confidence);
    if (first.length_doubt || other->length_doubt) {
      auto undo = [](const Attempt& a) { return a.length_doubt ? a.confidence / kLengthDoubtFactor : a.confidence; };
      const double before = 1.0 - (1.0 - std::min(1.0, undo(first))) * (1.0 - std::min(1.0, undo(*other)));
      out.chosen.confidence = std::max(out.chosen.confidence, std::min(before, kAgreedDespiteLength));
      out.agreed_despite_length = before >= kMajorityCap && out.chosen.confidence < kMajorityCap;
    }
    return out;
  }
  if (!other && !confirm && first.confidence >= kDoubtfulRead) return out;
  if (other && !first.text.empty() && !other->text.empty())
    if (auto settled = settle_by_characters(first, *other, plausible)) {
      out.chosen = *settled;
      return out;
    }

  // Doubtful, or the two models disagree: the primary's second preprocessing decides which value
  // to keep (two of three agreeing); the field still goes to review when the models disagreed.
  KF_ASSIGN_OR_RETURN(Attempt second, read_second());
  second_out = second;
  if (same_value(first, second)) {
    out.chosen = agreed(first, second, more_confident(first, second).text);
  } else if (other && same_value(second, *other)) {
    out.chosen = more_confident(second, *other);
    out.chosen.text = second.text;
    if (!first.text.empty() && (!plausible || plausible(second.text))) {
      // Two models on two renderings agree against one read: the majority is two independent
      // voices (on dev seed 41, 29 of 30 such fields were right; the wrong one scored 0.4). It
      // stays under their plain agreement, capped at kMajorityCap.
      out.chosen.confidence = std::min(1.0 - (1.0 - second.confidence) * (1.0 - other->confidence), kMajorityCap);
      return out;
    }
  } else {
    out.chosen = more_confident(first, second);
    out.chosen.confidence = std::min(out.chosen.confidence, 0.5);
    if (!first.text.empty() && !second.text.empty()) out.flags.push_back(flag::kDisagreement);
  }
  if (other && read_other_second && same_value(first, second) && !other->text.empty() &&
      (!plausible || plausible(first.text))) {
    // The primary read both renderings alike against the other model: the other model reads the
    // second rendering too. Agreeing with the primary, it makes three reads by both models against
    // its own one (the mirror of the majority above). Disagreeing, it changes nothing: its read is
    // not even kept as an alternative, so the record-level checks see what they saw without it.
    // Only a sure majority settles it: a weak one would lose the model_disagreement flag that
    // lets the record-level checks choose between the reads (a name the dictionary knows).
    KF_ASSIGN_OR_RETURN(Attempt other_second, read_other_second());
    const double both = 1.0 - (1.0 - first.confidence) * (1.0 - other_second.confidence);
    if (same_value(first, other_second) && both >= kMajorityCap) {
      CombinedRead three;
      three.chosen = more_confident(first, other_second);
      three.chosen.text = first.text;
      three.chosen.confidence = kMajorityCap;
      return three;
    }
  }
  if (other && !other->text.empty() && !first.text.empty()) {
    out.flags.push_back(flag::kModelDisagreement);
    out.chosen.confidence = std::min(out.chosen.confidence, kModelDisagreementCap);
  }
  return out;
}

}  // namespace

Result<CombinedRead> combine_reads(const Attempt& first, const std::optional<Attempt>& other,
                                   const std::function<Result<Attempt>()>& read_second, const Plausible& plausible,
                                   bool confirm, const std::function<Result<Attempt>()>& read_other_second) {
  std::optional<Attempt> second;
  KF_ASSIGN_OR_RETURN(CombinedRead out, combine(first, other, read_second, second, read_other_second, plausible, confirm));
  // What the other reads said, for the reviewer and for record-level checks (record_checks.hpp).
  note_alternative(out, first);
  if (other) note_alternative(out, *other);
  if (second) note_alternative(out, *second);
  return out;
}

}  // namespace kamiflow::ocr
