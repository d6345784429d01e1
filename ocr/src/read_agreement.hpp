// Internal to ocr/: how the reads of one text field become one value, one confidence and flags.
//
// Up to three reads of the same writing: the primary model on the first prepared image, the
// second model (when the language has one) on the very same image, and — only when those two
// disagree or the primary alone is doubtful — the primary model on a second, independently
// prepared image. Reads agree when their values match after NFKC and without spaces. Agreement
// is evidence beyond either score and raises confidence. Two models that disagree are first
// compared character by character (char_vote.hpp): when each differing run is clearly settled by
// the per-character confidences and the merged value is plausible, that value is kept without
// review and without a third read; otherwise the field goes to review ("model_disagreement")
// whichever value is kept. Pure; thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "char_vote.hpp"
#include "kamiflow/status.hpp"

namespace kamiflow::ocr {

struct Attempt {
  std::string text;
  double confidence = 0;  // [0,1], from score() in read_text.cpp
  std::vector<ScoredChar> chars;  // per-character confidences (char_vote.hpp); may be empty
  bool length_doubt = false;      // confidence was multiplied by kLengthDoubtFactor
};

// What score() (read_text.cpp) multiplies a read's confidence by when its length does not fit the
// ink. Two models agreeing on the value is evidence against that doubt: the estimate from the ink
// is rough (wide note boxes, names with a gap), so when both models read the same characters
// their agreement is weighed on the confidences before the factor, capped at kAgreedDespiteLength.
// On seeds 7, 8, 11, 24 of 25 text values in that situation were right (the wrong one, 原沙繁,
// scored 0.59 for other reasons).
inline constexpr double kLengthDoubtFactor = 0.5;
inline constexpr double kAgreedDespiteLength = 0.85;

struct CombinedRead {
  Attempt chosen;
  std::vector<const char*> flags;         // flag:: names
  std::vector<std::string> alternatives;  // non-empty values of reads that disagree with chosen
  // The two models agreed, and only the length doubt keeps the value under kMajorityCap: a third
  // read of the second rendering may confirm it (finish_text_read in read_text.cpp).
  bool agreed_despite_length = false;
};

// A first read under this confidence gets the second preprocessing even without a second model.
inline constexpr double kDoubtfulRead = 0.90;
// Two preprocessings agreeing raise the better one's confidence by this much (two models
// agreeing combine as independent evidence instead, see combine_reads).
inline constexpr double kAgreementBonus = 0.1;
// The two models disagreeing: whatever the scores say, the field is as doubtful as a coin flip.
inline constexpr double kModelDisagreementCap = 0.5;
// Unless the primary model's second rendering reads what the other model read: two models and
// two renderings against one read. Such a value scores at most this (no model_disagreement flag).
inline constexpr double kMajorityCap = 0.9;
// A disagreement settled character by character scores from this floor (margin 0) up to the
// two models' agreed confidence (margin 1).
inline constexpr double kVoteConfidenceFloor = 0.80;
// When only one read is plausible: how sure it must be of its differing characters, and the
// most its confidence can then be (one model's word against the other's slip).
inline constexpr double kSlipSure = 0.90;
inline constexpr double kSlipConfidence = 0.85;

bool same_value(const Attempt& a, const Attempt& b);

// first: primary model, first image. other: second model, same image (nullopt: no second model).
// read_second: the primary model on the second image; called at most once, only when needed.
// plausible: whether a value fits the field (shape, validators); a character-level vote between
// the two models, or a majority of two models on two renderings, only settles on a plausible
// value. Default: every value is.
// confirm: without a second model, read the second image even when the first read is confident
// (phone numbers: a blurred 5 reads as a sure 9), so two preprocessings must agree to pass.
using Plausible = std::function<bool(const std::string&)>;
[[nodiscard]] Result<CombinedRead> combine_reads(const Attempt& first, const std::optional<Attempt>& other,
                                                 const std::function<Result<Attempt>()>& read_second,
                                                 const Plausible& plausible = {}, bool confirm = false,
                                                 const std::function<Result<Attempt>()>& read_other_second = {});

}  // namespace kamiflow::ocr
