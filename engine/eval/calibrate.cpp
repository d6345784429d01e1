// Review-rate / silent-error curves and their operating points (see calibrate.hpp).
#include "engine/eval/calibrate.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>

namespace kamiflow::eval {
namespace {

constexpr int kSteps = 100;             // thresholds 0.00 … 1.00
constexpr double kReviewEverything = 1.01;
// How much more review (share of the kind's fields) the plateau rule accepts for a higher bar.
constexpr double kPlateauReview = 0.005;
constexpr double kPlateauCeiling = 0.95;

CurvePoint point_at(const std::vector<const FieldObservation*>& obs, double t) {
  long review = 0, silent = 0;
  for (const auto* o : obs) {
    const bool reviewed = o->flagged_other || o->confidence < t;
    review += reviewed;
    silent += !reviewed && o->actual != o->expected;
  }
  const double n = static_cast<double>(obs.size());
  return {t, static_cast<double>(review) / n, static_cast<double>(silent) / n};
}

}  // namespace

std::vector<KindCurve> review_curves(const std::vector<FieldObservation>& observations) {
  std::map<std::string, std::vector<const FieldObservation*>> by_kind;
  for (const auto& o : observations) by_kind[o.kind()].push_back(&o);
  std::vector<KindCurve> out;
  for (const auto& [kind, obs] : by_kind) {
    KindCurve c;
    c.kind = kind;
    c.fields = static_cast<long>(obs.size());
    for (int i = 0; i <= kSteps; ++i) c.points.push_back(point_at(obs, static_cast<double>(i) / kSteps));
    c.points.push_back(point_at(obs, kReviewEverything));
    c.chosen = c.points.front();
    out.push_back(std::move(c));
  }
  return out;
}

void choose_operating_points(std::vector<KindCurve>& curves, double max_silent_rate, long min_fields, double floor) {
  for (auto& c : curves) {
    c.chosen = c.points.back();
    const bool never_silent = c.points.front().silent_rate == 0;
    if (c.fields < min_fields && !never_silent) continue;  // too few to trust: review everything
    std::size_t i = 0;
    for (; i < c.points.size(); ++i) {
      const CurvePoint& p = c.points[i];
      if (p.threshold + 1e-9 >= floor && p.silent_rate <= max_silent_rate) {
        c.chosen = p;
        break;
      }
    }
    // Up the plateau: where raising the bar costs (almost) no review on this sample, the sample
    // says nothing about the reads in between, and unseen pages may hold errors there.
    // Not past kPlateauCeiling: above it confidences are caps and agreements (0.995, 1.0), and a
    // bar there would review reads that two voices confirmed.
    const double ceiling = std::max(kPlateauCeiling, c.chosen.threshold);
    for (++i; i < c.points.size(); ++i) {
      const CurvePoint& p = c.points[i];
      if (p.threshold > ceiling + 1e-9 || p.review_rate > c.chosen.review_rate + kPlateauReview) break;
      c.chosen = {p.threshold, c.chosen.review_rate, c.chosen.silent_rate};
    }
  }
}

ocr::Calibration to_calibration(const std::vector<KindCurve>& curves, std::string source) {
  ocr::Calibration cal;
  cal.source = std::move(source);
  for (const auto& c : curves) cal.review_below[c.kind] = std::min(1.0, c.chosen.threshold);
  return cal;
}

std::string curves_table(const std::vector<KindCurve>& curves) {
  std::ostringstream out;
  char buf[256];
  std::snprintf(buf, sizeof buf, "  %-26s %6s   review%% / silent%% at threshold\n", "kind", "fields");
  out << buf;
  std::snprintf(buf, sizeof buf, "  %-26s %6s   %-13s %-13s %-13s %-13s %-13s  %s\n", "", "", "0.50", "0.70", "0.80",
                "0.90", "0.95", "chosen");
  out << buf;
  auto cell = [](const CurvePoint& p) {
    char b[32];
    std::snprintf(b, sizeof b, "%5.1f / %4.2f", p.review_rate * 100, p.silent_rate * 100);
    return std::string(b);
  };
  for (const auto& c : curves) {
    std::string row;
    for (int t : {50, 70, 80, 90, 95}) row += cell(c.points[static_cast<std::size_t>(t)]) + " ";
    std::snprintf(buf, sizeof buf, "  %-26s %6ld   %s %s at %.2f\n", c.kind.c_str(), c.fields, row.c_str(),
                  cell(c.chosen).c_str(), c.chosen.threshold);
    out << buf;
  }
  return out.str();
}

}  // namespace kamiflow::eval
