// Test helpers for handwriting: real handwritten digits (MNIST, validation split only, the part
// the classifier is not trained on) written into printed boxes the way a pen would leave them.
#pragma once

#include <map>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

#include "kamiflow/ocr/digit_model.hpp"
#include "mnist_dataset.hpp"
#include "ocr_render_support.hpp"

namespace kamiflow::testing {

// The validation split, loaded once per test binary. Empty when the data is not installed.
inline const std::vector<ocr::MnistSample>& validation_digits() {
  static const std::vector<ocr::MnistSample> samples = [] {
    auto r = ocr::load_mnist_split(ocr::default_data_dir(), ocr::MnistSplit::kValidation);
    return r.ok() ? std::move(r).value() : std::vector<ocr::MnistSample>{};
  }();
  return samples;
}

// The n-th validation sample of `digit` (wrapping around).
inline const ocr::MnistSample& validation_digit(int digit, int n) {
  std::vector<const ocr::MnistSample*> of;
  for (const auto& s : validation_digits())
    if (s.label == digit) of.push_back(&s);
  return *of[static_cast<std::size_t>(n) % of.size()];
}

// Writes an MNIST digit into `cell` (mm) of `canvas`: its ink scaled to `height_frac` of the
// cell's height, centred with `jx`/`jy` mm of offset, in dark pen ink.
inline void write_mnist_digit(Canvas& canvas, const ocr::MnistSample& s, const ocr::BoxMm& cell, double height_frac,
                              double jx = 0, double jy = 0, double ink_level = 30) {
  cv::Mat digit(ocr::kMnistSide, ocr::kMnistSide, CV_32F, const_cast<float*>(s.pixels.data()));
  cv::Mat on;
  cv::compare(digit, 0.1, on, cv::CMP_GT);
  const cv::Rect bb = cv::boundingRect(on);
  const double scale = height_frac * cell.h * canvas.px() / bb.height;
  cv::Mat big;
  cv::resize(digit(bb), big, {}, scale, scale, cv::INTER_CUBIC);
  const cv::Point centre = canvas.pt(cell.x + cell.w / 2 + jx, cell.y + cell.h / 2 + jy);
  const cv::Rect at(centre.x - big.cols / 2, centre.y - big.rows / 2, big.cols, big.rows);
  const cv::Rect inside = at & cv::Rect(0, 0, canvas.img.cols, canvas.img.rows);
  for (int y = inside.y; y < inside.y + inside.height; ++y) {
    for (int x = inside.x; x < inside.x + inside.width; ++x) {
      const float a = std::clamp(big.at<float>(y - at.y, x - at.x), 0.0f, 1.0f);
      cv::Vec3b& px = canvas.img.at<cv::Vec3b>(y, x);
      for (int c = 0; c < 3; ++c)
        px[c] = static_cast<uchar>(std::min<double>(px[c], 255 - a * (255 - ink_level)));
    }
  }
}

}  // namespace kamiflow::testing
