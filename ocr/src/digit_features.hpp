// Internal to ocr/: from a cell's ink to the feature vector the digit classifier reads.
//
// Contract: the same steps for MNIST samples (training) and scanned cells (reading), so the two
// look alike to the classifier: ink as float [0,1] → tight box → fit 20x20 keeping the aspect
// ratio → centre of mass at the middle of 28x28 (MNIST's own preparation) → deskew by second
// moments → histograms of gradient orientation (HOG) on two grids. Pure functions; thread-safe.
#pragma once

#include <opencv2/core.hpp>

#include "field_image.hpp"

namespace kamiflow::ocr {

inline constexpr int kDigitFeatureSize = 4 * 4 * 16 + 2 * 2 * 16;  // fine grid + coarse grid, 16 bins each

// Ink of a scanned cell as CV_32F in [0,1] (1 = darkest ink), limited to the region's mask
// (slightly dilated, to keep the anti-aliased rim). Empty when the region is empty.
[[nodiscard]] cv::Mat cell_ink(const cv::Mat& gray, const InkRegion& region);

// MNIST-style 28x28 CV_32F from any CV_32F ink image; empty when there is (almost) no ink.
[[nodiscard]] cv::Mat normalise_digit(const cv::Mat& ink);

// A 28x28 digit with its slant removed (shear that zeroes the mu11 moment).
[[nodiscard]] cv::Mat deskew_digit(const cv::Mat& digit28);

// 1 x kDigitFeatureSize CV_32F: the HOG of deskew_digit(digit28).
[[nodiscard]] cv::Mat digit_features(const cv::Mat& digit28);

}  // namespace kamiflow::ocr
