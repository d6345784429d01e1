#include "settled_read.hpp"

#include <algorithm>
#include <optional>
#include <string>

#include "field_postprocess.hpp"

namespace kamiflow::ocr {

bool keep_settled_read(FieldResult& f, const FieldSpec& spec, std::size_t winner, double confidence) {
  if (winner > f.alternatives.size()) return false;
  if (winner > 0) {
    const std::optional<std::string> chosen = normalised_as_field(spec, f.alternatives[winner - 1]);
    if (!chosen) return false;
    f.alternatives.erase(f.alternatives.begin() + static_cast<long>(winner - 1));
    f.alternatives.push_back(f.value);
    f.value = *chosen;
  }
  f.drop_flag(flag::kModelDisagreement);
  f.drop_flag(flag::kDisagreement);
  f.confidence = std::max(f.confidence, confidence);
  if (f.confidence >= spec.review_threshold) f.drop_flag(flag::kLowConfidence);
  return true;
}

}  // namespace kamiflow::ocr
