#include "handwriting_style.hpp"

#include <algorithm>
#include <cmath>

namespace kamiflow::ocr {
namespace {

constexpr int kMinCells = 3;
// Thresholds in digit heights. Typed: a pixel or two of scan jitter on a ~60 px digit. Handwriting
// (MNIST validation digits written at a pen's natural variation, and what people write in forms)
// spreads well beyond; the band between stays kUnknown.
constexpr double kTypedSpread = 0.042, kHandwrittenSpread = 0.065;

// Median absolute deviation scaled to a standard deviation: one cell with a speck joined to its
// digit (or a single digit that overshoots) must not make a printed row look handwritten.
double robust_spread(std::vector<double> v) {
  auto median = [](std::vector<double> x) {
    std::nth_element(x.begin(), x.begin() + x.size() / 2, x.end());
    return x[x.size() / 2];
  };
  const double m = median(v);
  for (double& x : v) x = std::abs(x - m);
  return 1.4826 * median(v);
}

}  // namespace

StyleEvidence ink_style(const std::vector<cv::Rect>& ink) {
  StyleEvidence e;
  e.cells = static_cast<int>(ink.size());
  if (e.cells < kMinCells) return e;
  std::vector<double> heights, tops, bottoms;
  for (const cv::Rect& r : ink) {
    heights.push_back(r.height);
    tops.push_back(r.y);
    bottoms.push_back(r.y + r.height);
  }
  std::vector<double> sorted = heights;
  std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
  const double typical_h = sorted[sorted.size() / 2];
  if (typical_h <= 0) return e;
  e.height_spread = robust_spread(heights) / typical_h;
  e.top_spread = robust_spread(tops) / typical_h;
  e.bottom_spread = robust_spread(bottoms) / typical_h;
  const double worst = std::max({e.height_spread, e.top_spread, e.bottom_spread});
  if (worst <= kTypedSpread) e.style = InkStyle::kTyped;
  else if (worst >= kHandwrittenSpread) e.style = InkStyle::kHandwritten;
  return e;
}

}  // namespace kamiflow::ocr
