// Internal to ocr/: distorted copies of MNIST digits for training, so the classifier has seen what
// a scanned form cell holds and MNIST does not: other slants and proportions, thinner and bolder
// pens, and bits of the printed box left at the cell's edge.
//
// Contract: deterministic for a given DigitRng state; the generator is ours (not <random>'s
// distributions, whose output differs between standard libraries) so the model bytes do not
// depend on the toolchain. Not thread-safe: one DigitRng per thread.
#pragma once

#include <cstdint>

#include <opencv2/core.hpp>

namespace kamiflow::ocr {

// SplitMix64: tiny, well mixed, and fully specified.
class DigitRng {
 public:
  explicit DigitRng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();
  double uniform(double lo, double hi);  // [lo, hi)
  bool chance(double p) { return uniform(0, 1) < p; }

 private:
  std::uint64_t state_;
};

// A distorted copy of a 28x28 CV_32F digit (ink = 1), on a larger canvas so nothing is cut off;
// the caller normalises it (normalise_digit) like any cell. elastic > 0 also bends the strokes
// by a smooth random displacement field (Simard et al. 2003: uniform noise smoothed by a Gaussian
// of 4 px, scaled by `elastic`, in 28-px units; 34 there moves ink ~1.4 px on average); 0 draws
// nothing more from `rng`, so models trained without it keep their bytes.
[[nodiscard]] cv::Mat augment_digit(const cv::Mat& digit28, DigitRng& rng, double elastic = 0);

}  // namespace kamiflow::ocr
