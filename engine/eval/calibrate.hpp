// kamiflow::eval calibration: how the review threshold trades review work against silent errors,
// per field kind, and the operating point `kamiflow eval --calibrate` writes for the engine
// (ocr/include/kamiflow/ocr/calibration.hpp, docs/calibration.md).
//
// Contract: pure functions over FieldObservations; thread-safe. A field goes to review at
// threshold t when it is flagged for another reason (flagged_other) or its confidence is below t;
// it is a silent error at t when it is wrong and does not go to review. Calibrate on development
// seeds only: the figures of a seed the thresholds were chosen on are optimistic.
#pragma once

#include <string>
#include <vector>

#include "engine/eval/eval.hpp"
#include "kamiflow/ocr/calibration.hpp"

namespace kamiflow::eval {

struct CurvePoint {
  double threshold = 0;
  double review_rate = 0;  // fields to review / fields of the kind
  double silent_rate = 0;  // wrong and not reviewed / fields of the kind
};

struct KindCurve {
  std::string kind;
  long fields = 0;
  std::vector<CurvePoint> points;  // thresholds 0.00, 0.01, …, 1.00, then 1.01 (review everything)
  CurvePoint chosen;               // the operating point (choose_operating_points)
};

// One curve per kind, points in threshold order; chosen is left at threshold 0.
[[nodiscard]] std::vector<KindCurve> review_curves(const std::vector<FieldObservation>& observations);

// For each curve, the lowest threshold whose silent rate is at most `max_silent_rate` (the least
// review work that keeps silent errors under the target), then raised as far as it costs at most
// half a percentage point more review on this sample (but not past 0.95): a flat stretch of the
// curve is no evidence that the reads in it are right. `chosen` keeps the rates of the least-review point. A kind with fewer than `min_fields`
// observations is set to 1.01 (review everything) unless its curve is flat at zero silent errors.
// No threshold goes below `floor`: a sample without errors at low confidence is no proof that
// low-confidence reads are right, so calibration only ever raises the bar above it.
void choose_operating_points(std::vector<KindCurve>& curves, double max_silent_rate, long min_fields = 20,
                             double floor = 0.5);

[[nodiscard]] ocr::Calibration to_calibration(const std::vector<KindCurve>& curves, std::string source);

// A table for people: per kind, review and silent rates at a few thresholds and at the chosen one.
[[nodiscard]] std::string curves_table(const std::vector<KindCurve>& curves);

}  // namespace kamiflow::eval
