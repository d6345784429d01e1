#include "digit_augment.hpp"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

namespace kamiflow::ocr {

std::uint64_t DigitRng::next() {
  std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

double DigitRng::uniform(double lo, double hi) {
  return lo + (hi - lo) * static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0);
}

namespace {

// The hand's wobble: every pixel moved by a smooth random field (see the header).
cv::Mat bend(const cv::Mat& img, DigitRng& rng, double strength) {
  cv::Mat dx(img.size(), CV_32F), dy(img.size(), CV_32F);
  for (cv::Mat* field : {&dx, &dy})
    for (int y = 0; y < img.rows; ++y) {
      float* row = field->ptr<float>(y);
      for (int x = 0; x < img.cols; ++x) row[x] = static_cast<float>(rng.uniform(-1, 1));
    }
  const double scale = img.cols / 48.0;  // the canvas is 48 px of MNIST's 28-px digit space
  const double sigma = 4 * scale;
  cv::GaussianBlur(dx, dx, {0, 0}, sigma, sigma, cv::BORDER_REFLECT);
  cv::GaussianBlur(dy, dy, {0, 0}, sigma, sigma, cv::BORDER_REFLECT);
  cv::Mat mx(img.size(), CV_32F), my(img.size(), CV_32F);
  const float k = static_cast<float>(strength * scale);
  for (int y = 0; y < img.rows; ++y) {
    const float *ax = dx.ptr<float>(y), *ay = dy.ptr<float>(y);
    float *px = mx.ptr<float>(y), *py = my.ptr<float>(y);
    for (int x = 0; x < img.cols; ++x) px[x] = x + k * ax[x], py[x] = y + k * ay[x];
  }
  cv::Mat out;
  cv::remap(img, out, mx, my, cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(0));
  return out;
}

}  // namespace

cv::Mat augment_digit(const cv::Mat& digit28, DigitRng& rng, double elastic) {
  // Twice the resolution first: erosion and dilation by one pixel at 28 px are too coarse a pen
  // change, and box-line remains need sub-stroke thickness.
  constexpr int kScale = 2, kCanvas = 48 * kScale;
  cv::Mat big;
  cv::resize(digit28, big, {}, kScale, kScale, cv::INTER_LINEAR);

  // Slant, rotation, proportions and a sub-pixel shift in one affine map about the centre.
  const double angle = rng.uniform(-10, 10) * CV_PI / 180, shear = rng.uniform(-0.3, 0.3);
  const double sx = rng.uniform(0.85, 1.15), sy = rng.uniform(0.85, 1.15);
  const double c = std::cos(angle), s = std::sin(angle);
  cv::Matx22d a = cv::Matx22d(c, -s, s, c) * cv::Matx22d(1, shear, 0, 1) * cv::Matx22d(sx, 0, 0, sy);
  const cv::Point2d from(big.cols / 2.0, big.rows / 2.0), to(kCanvas / 2.0 + rng.uniform(-2, 2), kCanvas / 2.0 + rng.uniform(-2, 2));
  const cv::Point2d t = to - cv::Point2d(a(0, 0) * from.x + a(0, 1) * from.y, a(1, 0) * from.x + a(1, 1) * from.y);
  const cv::Mat m = (cv::Mat_<double>(2, 3) << a(0, 0), a(0, 1), t.x, a(1, 0), a(1, 1), t.y);
  cv::Mat out;
  cv::warpAffine(big, out, m, {kCanvas, kCanvas}, cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(0));
  if (elastic > 0) out = bend(out, rng, elastic);

  // Pen width: a fine pen (erode) or a felt pen (dilate), by one or two half-pixels.
  const double pen = rng.uniform(0, 1);
  if (pen < 0.25 || pen > 0.7) {
    const int k = rng.chance(0.5) ? 2 : 3;
    const cv::Mat kernel = cv::getStructuringElement(cv::MORPH_ELLIPSE, {k, k});
    if (pen < 0.25) cv::erode(out, out, kernel);
    else cv::dilate(out, out, kernel);
  }

  // Remains of the printed box: a thin straight piece along one side, close to or touching the
  // digit, as a slightly misregistered blank form leaves it after the line clean-up.
  if (rng.chance(0.3)) {
    cv::Mat on;
    cv::compare(out, 0.1, on, cv::CMP_GT);
    const cv::Rect ink = cv::boundingRect(on);
    if (ink.area() > 0) {
      const int side = static_cast<int>(rng.uniform(0, 4));
      const int gap = static_cast<int>(rng.uniform(0, 5));
      const int thick = static_cast<int>(rng.uniform(1, 4));
      const double length = rng.uniform(0.3, 1.0), shade = rng.uniform(0.6, 1.0);
      cv::Point p0, p1;
      if (side < 2) {  // top or bottom
        const int y = side == 0 ? ink.y - gap : ink.y + ink.height + gap;
        const int len = static_cast<int>(ink.width * length);
        const int x = ink.x + static_cast<int>(rng.uniform(0, ink.width - len + 1));
        p0 = {x, y}, p1 = {x + len, y};
      } else {  // left or right
        const int x = side == 2 ? ink.x - gap : ink.x + ink.width + gap;
        const int len = static_cast<int>(ink.height * length);
        const int y = ink.y + static_cast<int>(rng.uniform(0, ink.height - len + 1));
        p0 = {x, y}, p1 = {x, y + len};
      }
      cv::line(out, p0, p1, cv::Scalar(shade), thick, cv::LINE_8);
    }
  }
  // A side lost under a printed line: a digit drawn edge to edge (a wide 0) has the stroke that
  // lies on the cell border removed with the border, in part or whole. Its label stays, so the
  // classifier learns that an open-sided 0 is still a 0 (or, being unsure, says so) instead of
  // a confident 5 or 6.
  if (rng.chance(0.15)) {
    cv::Mat on;
    cv::compare(out, 0.1, on, cv::CMP_GT);
    const cv::Rect ink = cv::boundingRect(on);
    if (ink.area() > 0) {
      const int side = static_cast<int>(rng.uniform(0, 4));
      const double depth = rng.uniform(0.06, 0.16);
      const double from = rng.uniform(0, 0.4), to = rng.uniform(0.6, 1.0);  // the stretch along the side
      cv::Rect band;
      if (side < 2) {
        const int d = std::max(1, static_cast<int>(ink.height * depth));
        band = cv::Rect(ink.x + static_cast<int>(ink.width * from), side == 0 ? ink.y : ink.y + ink.height - d,
                        static_cast<int>(ink.width * (to - from)) + 1, d);
      } else {
        const int d = std::max(1, static_cast<int>(ink.width * depth));
        band = cv::Rect(side == 2 ? ink.x : ink.x + ink.width - d, ink.y + static_cast<int>(ink.height * from), d,
                        static_cast<int>(ink.height * (to - from)) + 1);
      }
      out(band & cv::Rect(0, 0, out.cols, out.rows)).setTo(0);
    }
  }
  return out;
}

}  // namespace kamiflow::ocr
