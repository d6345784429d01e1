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
    // The kept read leaves the alternatives, with any other read that normalises to it (a
    // reviewer is not offered the value itself); the replaced value joins them.
    std::erase_if(f.alternatives,
                  [&](const std::string& alt) { return normalised_as_field(spec, alt) == chosen; });
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
