#include "digit_features.hpp"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

namespace kamiflow::ocr {
namespace {

constexpr int kSide = 28, kFit = 20, kBins = 16, kGrid7Bins = 8, kPixelSide = 14;
constexpr int kHogSize = 4 * 4 * kBins + 2 * 2 * kBins, kGrid7Size = 7 * 7 * kGrid7Bins;
constexpr int kPixelSize = kPixelSide * kPixelSide;
constexpr float kInkFloor = 0.1f;  // below this a pixel is paper for the bounding box

// Adds one grid of orientation histograms (cells x cells over the image) to `out`, each bin the
// summed gradient magnitude, split linearly between the two nearest orientation bins.
void add_histograms(const cv::Mat& mag, const cv::Mat& ang, int cells, int bins, float* out) {
  const int step = kSide / cells;
  for (int y = 0; y < kSide; ++y) {
    const float* m = mag.ptr<float>(y);
    const float* a = ang.ptr<float>(y);
    const int cy = std::min(cells - 1, y / step);
    for (int x = 0; x < kSide; ++x) {
      if (m[x] <= 0) continue;
      const int cx = std::min(cells - 1, x / step);
      const float pos = a[x] / static_cast<float>(2 * CV_PI) * bins;
      const int b0 = static_cast<int>(std::floor(pos)) % bins;
      const float frac = pos - std::floor(pos);
      float* h = out + (cy * cells + cx) * bins;
      h[b0] += m[x] * (1 - frac);
      h[(b0 + 1) % bins] += m[x] * frac;
    }
  }
}

// Square root of each bin's share of all gradient (Hellinger): big bins stop dominating and the
// vector no longer depends on stroke contrast. Each grid then has unit length.
void hellinger(float* begin, float* end, double total) {
  for (float* f = begin; f != end; ++f) *f = static_cast<float>(std::sqrt(*f / total));
}

}  // namespace

std::string feature_set_name(DigitFeatureSet set) {
  return std::string("hog") + (set.grid7 ? "+grid7" : "") + (set.pixels ? "+pixels" : "");
}

std::optional<DigitFeatureSet> parse_feature_set(std::string_view name) {
  for (int grid7 = 0; grid7 < 2; ++grid7)
    for (int pixels = 0; pixels < 2; ++pixels) {
      const DigitFeatureSet set{grid7 == 1, pixels == 1};
      if (feature_set_name(set) == name) return set;
    }
  return std::nullopt;
}

int digit_feature_size(DigitFeatureSet set) {
  return kHogSize + (set.grid7 ? kGrid7Size : 0) + (set.pixels ? kPixelSize : 0);
}

cv::Mat shift_digit(const cv::Mat& digit28, int dx, int dy) {
  cv::Mat out = cv::Mat::zeros(digit28.size(), digit28.type());
  const cv::Rect from = cv::Rect(-dx, -dy, digit28.cols, digit28.rows) & cv::Rect(0, 0, digit28.cols, digit28.rows);
  if (from.area() > 0) digit28(from).copyTo(out(from + cv::Point(dx, dy)));
  return out;
}

cv::Mat cell_ink(const cv::Mat& gray, const InkRegion& region) {
  if (region.bounds.area() == 0 || gray.empty()) return {};
  const cv::Rect r = region.bounds & cv::Rect(0, 0, gray.cols, gray.rows);
  if (r.area() == 0) return {};
  cv::Mat mask;
  cv::dilate(region.mask(r), mask, cv::getStructuringElement(cv::MORPH_RECT, {3, 3}));
  // Paper is the brightest part of the cut-out, ink the darkest: stretch between them so a faint
  // pencil and a black pen give the same digit.
  double darkest = 0, brightest = 255;
  cv::minMaxLoc(gray(r), &darkest, &brightest, nullptr, nullptr, region.mask(r));
  const double paper = std::max(brightest, cv::mean(gray(r), ~mask)[0]);
  const double range = std::max(40.0, paper - darkest);
  cv::Mat ink;
  gray(r).convertTo(ink, CV_32F, -1.0 / range, paper / range);
  cv::threshold(ink, ink, 1.0, 1.0, cv::THRESH_TRUNC);
  cv::threshold(ink, ink, 0.0, 0.0, cv::THRESH_TOZERO);
  cv::Mat out = cv::Mat::zeros(ink.size(), CV_32F);
  ink.copyTo(out, mask);
  return out;
}

cv::Mat normalise_digit(const cv::Mat& ink) {
  CV_Assert(ink.type() == CV_32F);
  cv::Mat on;
  cv::compare(ink, kInkFloor, on, cv::CMP_GT);
  if (cv::countNonZero(on) < 3) return {};
  const cv::Rect box = cv::boundingRect(on);
  const double scale = static_cast<double>(kFit) / std::max(box.width, box.height);
  const cv::Size fitted(std::max(1, static_cast<int>(std::lround(box.width * scale))),
                        std::max(1, static_cast<int>(std::lround(box.height * scale))));
  cv::Mat small;
  cv::resize(ink(box), small, fitted, 0, 0, scale < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
  // Centre of mass at the middle, as MNIST placed its digits; clamped so nothing is cut off.
  const cv::Moments mo = cv::moments(small);
  const double cx = mo.m00 > 0 ? mo.m10 / mo.m00 : fitted.width / 2.0;
  const double cy = mo.m00 > 0 ? mo.m01 / mo.m00 : fitted.height / 2.0;
  const int x0 = std::clamp(static_cast<int>(std::lround(kSide / 2.0 - cx)), 0, kSide - fitted.width);
  const int y0 = std::clamp(static_cast<int>(std::lround(kSide / 2.0 - cy)), 0, kSide - fitted.height);
  cv::Mat out = cv::Mat::zeros(kSide, kSide, CV_32F);
  small.copyTo(out(cv::Rect(x0, y0, fitted.width, fitted.height)));
  return out;
}

cv::Mat deskew_digit(const cv::Mat& digit28) {
  const cv::Moments mo = cv::moments(digit28);
  if (std::abs(mo.mu02) < 1e-2) return digit28.clone();
  // Shear x by -skew·(y - centre): a slanted stroke becomes upright; the middle row stays put.
  const double skew = mo.mu11 / mo.mu02;
  const cv::Mat shear = (cv::Mat_<double>(2, 3) << 1, skew, -0.5 * kSide * skew, 0, 1, 0);
  cv::Mat out;
  cv::warpAffine(digit28, out, shear, digit28.size(), cv::WARP_INVERSE_MAP | cv::INTER_LINEAR, cv::BORDER_CONSTANT,
                 cv::Scalar(0));
  return out;
}

cv::Mat digit_features(const cv::Mat& digit28, DigitFeatureSet set) {
  CV_Assert(digit28.type() == CV_32F && digit28.rows == kSide && digit28.cols == kSide);
  const cv::Mat upright = deskew_digit(digit28);
  cv::Mat gx, gy, mag, ang;
  cv::Sobel(upright, gx, CV_32F, 1, 0, 3);
  cv::Sobel(upright, gy, CV_32F, 0, 1, 3);
  cv::cartToPolar(gx, gy, mag, ang);
  cv::Mat features = cv::Mat::zeros(1, digit_feature_size(set), CV_32F);
  float* f = features.ptr<float>();
  add_histograms(mag, ang, 4, kBins, f);
  add_histograms(mag, ang, 2, kBins, f + 4 * 4 * kBins);
  float* next = f + kHogSize;
  if (set.grid7) {
    add_histograms(mag, ang, 7, kGrid7Bins, next);
    next += kGrid7Size;
  }
  const double total = cv::sum(mag)[0];
  if (total > 0) {
    hellinger(f, f + 4 * 4 * kBins, total);
    hellinger(f + 4 * 4 * kBins, f + kHogSize, total);
    if (set.grid7) hellinger(f + kHogSize, f + kHogSize + kGrid7Size, total);
  }
  if (set.pixels) {
    cv::Mat small;
    cv::resize(upright, small, {kPixelSide, kPixelSide}, 0, 0, cv::INTER_AREA);
    const double norm = cv::norm(small, cv::NORM_L2);
    if (norm > 0) small *= 1.0 / norm;  // unit length, like each HOG grid
    std::copy(small.ptr<float>(), small.ptr<float>() + kPixelSize, next);
  }
  return features;
}

}  // namespace kamiflow::ocr
