// kamiflow::ocr::Calibration: the confidence below which a field goes to review, per field kind,
// measured by `kamiflow eval --calibrate` on development samples (docs/calibration.md).
//
// Contract: a plain value, safe to share between threads once built. A template's own
// `review_threshold` on a field always wins; otherwise the calibrated threshold of the field's
// kind applies; a kind the file does not name keeps the built-in default (FieldSpec's 0.80).
// The file is JSON: {"version": 1, "source": "...", "review_below": {"text": 0.91, ...}}, where a
// kind is a field type name, or "<type>/handwritten" for digits read by the digit classifier.
// Loading never throws; a bad file is a Status naming the file and what is wrong.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "kamiflow/status.hpp"

namespace kamiflow::ocr {

struct Calibration {
  std::map<std::string, double> review_below;  // kind → threshold in [0,1]
  std::string source;                          // how it was made (seeds, command), for people
  std::string path;                            // the file it was loaded from; "" when built in code

  // The threshold for `kind`, or `fallback` when the calibration does not name it.
  [[nodiscard]] double threshold(const std::string& kind, double fallback) const;
  [[nodiscard]] std::string to_json() const;
};

[[nodiscard]] Result<Calibration> parse_calibration(const std::string& json_text, const std::string& path = "");
[[nodiscard]] Result<Calibration> load_calibration(const std::string& path);

// $KAMIFLOW_CALIBRATION when set, else the calibration shipped with kamiflow (ocr/calibration.json
// in the source tree, compiled in). May name a file that does not exist.
[[nodiscard]] std::string default_calibration_path();

// The calibration at default_calibration_path(). Null (no calibration, built-in thresholds) when
// $KAMIFLOW_CALIBRATION is "none", or when it is unset and the shipped file is absent; an error
// when a named file is missing or malformed, so a typo never silently changes what is reviewed.
[[nodiscard]] Result<std::shared_ptr<const Calibration>> load_default_calibration();

}  // namespace kamiflow::ocr
