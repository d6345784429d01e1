// Internal to ocr/: how the reads of one text field become one value, one confidence and flags.
//
// Up to three reads of the same writing: the primary model on the first prepared image, the
// second model (when the language has one) on the very same image, and — only when those two
// disagree or the primary alone is doubtful — the primary model on a second, independently
// prepared image. Reads agree when their values match after NFKC and without spaces. Agreement
// is evidence beyond either score and raises confidence; two models that disagree send the field
// to review ("model_disagreement") whichever value is kept. Pure; thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "kamiflow/status.hpp"

namespace kamiflow::ocr {

struct Attempt {
  std::string text;
  double confidence = 0;  // [0,1], from score() in read_text.cpp
};

struct CombinedRead {
  Attempt chosen;
  std::vector<const char*> flags;         // flag:: names
  std::vector<std::string> alternatives;  // non-empty values of reads that disagree with chosen
};

// A first read under this confidence gets the second preprocessing even without a second model.
inline constexpr double kDoubtfulRead = 0.90;
// Two preprocessings agreeing raise the better one's confidence by this much (two models
// agreeing combine as independent evidence instead, see combine_reads).
inline constexpr double kAgreementBonus = 0.1;
// The two models disagreeing: whatever the scores say, the field is as doubtful as a coin flip.
inline constexpr double kModelDisagreementCap = 0.5;

bool same_value(const Attempt& a, const Attempt& b);

// first: primary model, first image. other: second model, same image (nullopt: no second model).
// read_second: the primary model on the second image; called at most once, only when needed.
[[nodiscard]] Result<CombinedRead> combine_reads(const Attempt& first, const std::optional<Attempt>& other,
                                                 const std::function<Result<Attempt>()>& read_second);

}  // namespace kamiflow::ocr
