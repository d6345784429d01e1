// Internal to ocr/: from a cell's ink to the feature vector the digit classifier reads.
//
// Contract: the same steps for MNIST samples (training) and scanned cells (reading), so the two
// look alike to the classifier: ink as float [0,1] → tight box → fit 20x20 keeping the aspect
// ratio → centre of mass at the middle of 28x28 (MNIST's own preparation) → deskew by second
// moments → histograms of gradient orientation (HOG) on two grids, and optionally a third, finer
// grid and the deskewed pixels themselves (DigitFeatureSet). Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <opencv2/core.hpp>

#include "field_image.hpp"

namespace kamiflow::ocr {

// Which feature families a model reads, named "hog", "hog+grid7", "hog+pixels" or
// "hog+grid7+pixels" (the model file stores the name; `kamiflow digits crossvalidate` compares them).
//   hog     16 signed orientation bins on a 4x4 and a 2x2 grid (320 values, always present)
//   grid7   8 signed bins on a 7x7 grid of 4-pixel cells (392): where a stroke bends, finer
//   pixels  the deskewed digit at 14x14 (196), scaled to unit length: what HOG's cells blur away
struct DigitFeatureSet {
  bool grid7 = false;
  bool pixels = false;
  bool operator==(const DigitFeatureSet&) const = default;
};
[[nodiscard]] std::string feature_set_name(DigitFeatureSet set);
[[nodiscard]] std::optional<DigitFeatureSet> parse_feature_set(std::string_view name);
[[nodiscard]] int digit_feature_size(DigitFeatureSet set);

// Ink of a scanned cell as CV_32F in [0,1] (1 = darkest ink), limited to the region's mask
// (slightly dilated, to keep the anti-aliased rim). Empty when the region is empty.
[[nodiscard]] cv::Mat cell_ink(const cv::Mat& gray, const InkRegion& region);

// MNIST-style 28x28 CV_32F from any CV_32F ink image; empty when there is (almost) no ink.
[[nodiscard]] cv::Mat normalise_digit(const cv::Mat& ink);

// A 28x28 digit with its slant removed (shear that zeroes the mu11 moment).
[[nodiscard]] cv::Mat deskew_digit(const cv::Mat& digit28);

// 1 x digit_feature_size(set) CV_32F: the features of deskew_digit(digit28).
[[nodiscard]] cv::Mat digit_features(const cv::Mat& digit28, DigitFeatureSet set = {});

// digit28 moved by (dx, dy) whole pixels, paper coming in at the edge (test-time shifts).
[[nodiscard]] cv::Mat shift_digit(const cv::Mat& digit28, int dx, int dy);

}  // namespace kamiflow::ocr
