// Real handwritten digits in digit boxes (see handwriting.hpp).
#include "samples/generator/handwriting.hpp"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

namespace kamiflow::samples {
namespace {

// A digit's stroke width in pixels: twice its area over its outline's length.
double stroke_width_px(const cv::Mat& mask) {
  cv::Mat bin = mask > 127;
  std::vector<std::vector<cv::Point>> contours;
  cv::findContours(bin, contours, cv::RETR_LIST, cv::CHAIN_APPROX_NONE);
  double perimeter = 0;
  for (const auto& c : contours) perimeter += cv::arcLength(c, true);
  return perimeter > 0 ? 2.0 * cv::countNonZero(bin) / perimeter : 1.0;
}

// Ink pressure along the strokes: a smooth random field in [lo, hi] over `size`.
cv::Mat pressure_field(cv::Size size, Rng& rng, double lo, double hi) {
  cv::Mat coarse(3, 3, CV_32F);
  for (int i = 0; i < 9; ++i) coarse.at<float>(i) = static_cast<float>(rng.uniform(lo, hi));
  cv::Mat field;
  cv::resize(coarse, field, size, 0, 0, cv::INTER_CUBIC);
  return field;
}

}  // namespace

Result<std::shared_ptr<const HandwritingBank>> HandwritingBank::load(const std::string& data_dir) {
  KF_ASSIGN_OR_RETURN(auto digits, ocr::load_handwritten_digits(data_dir, ocr::MnistSplit::kValidation));
  auto bank = std::make_shared<HandwritingBank>();
  for (const auto& d : digits) {
    cv::Mat img(28, 28, CV_8UC1, const_cast<std::uint8_t*>(d.ink.data()));
    cv::Rect box = cv::boundingRect(img > 40);
    if (box.area() == 0) continue;
    bank->by_digit_[d.label].push_back(img(box).clone());
  }
  for (int d = 0; d < 10; ++d)
    if (bank->by_digit_[d].empty()) return Status::Corruption("MNIST validation split has no digit " + std::to_string(d));
  return std::shared_ptr<const HandwritingBank>(std::move(bank));
}

cv::Mat HandwritingBank::pick(int digit, Rng& rng) const { return rng.pick(by_digit_[std::clamp(digit, 0, 9)]); }

HandStyle choose_hand_style(Rng& rng, double pen_stroke_mm) {
  HandStyle h;
  h.height = rng.uniform(0.5, 0.85);
  h.slant = rng.uniform(-0.25, 0.2);  // most hands lean right (negative shear moves the top right)
  h.stroke_mm = pen_stroke_mm * rng.uniform(0.8, 1.3);
  h.pressure = rng.uniform(0.7, 1.0);
  return h;
}

void draw_handwritten_digit(cv::Mat& page, const MmScale& s, const HandwritingBank& bank, int digit,
                            const ocr::BoxMm& cell, const HandStyle& style, const cv::Scalar& ink, Rng& rng) {
  cv::Mat src = bank.pick(digit, rng);
  // Size: the writer's habit, a little different each time; now and then too big for the box,
  // so the strokes run over its printed lines as they do on real forms.
  // People also narrow a wide digit (a round 0) to keep it inside its box.
  double rel = style.height * rng.uniform(0.92, 1.08), wide = rng.uniform(0.6, 0.85);
  if (rng.chance(0.12)) rel = rng.uniform(0.95, 1.12), wide = rng.uniform(0.95, 1.1);
  const double k = std::min(std::max(8.0, s.px(cell.h * rel)) / src.rows, s.px(cell.w * wide) / src.cols);
  const double h = src.rows * k;
  const double slant = style.slant + rng.uniform(-0.05, 0.05);
  const int out_w = static_cast<int>(std::ceil(src.cols * k + std::abs(slant) * h)) + 4;
  const int out_h = static_cast<int>(std::ceil(h)) + 4;
  // Scale and shear in one warp: x' = k·x + slant·(k·y − h) + offset, y' = k·y.
  const double offset = 2 + (slant > 0 ? 0 : -slant * h);
  cv::Mat m = (cv::Mat_<double>(2, 3) << k, slant * k, offset, 0, k, 2);
  cv::Mat mask;
  cv::warpAffine(src, mask, m, cv::Size(out_w, out_h), cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(0));
  // MNIST strokes scale with the digit; a pen's do not: thin or thicken to the pen's width.
  const double have = stroke_width_px(mask), want = std::max(1.5, s.px(style.stroke_mm));
  const int r = static_cast<int>(std::lround(std::abs(have - want) / 2));
  if (r > 0) {
    cv::Mat kernel = cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * r + 1, 2 * r + 1));
    if (have > want) cv::erode(mask, mask, kernel);
    else cv::dilate(mask, mask, kernel);
  }
  cv::Mat alpha;
  mask.convertTo(alpha, CV_32F, 1.0 / 140, -40.0 / 140);  // firm edges: MNIST's blur is the scanner's
  cv::threshold(alpha, alpha, 1.0, 1.0, cv::THRESH_TRUNC);
  cv::max(alpha, 0.0, alpha);
  alpha = alpha.mul(pressure_field(alpha.size(), rng, 0.8, 1.05)) * style.pressure;

  // Placement: centred in the cell, the way people aim, with the writer's wobble.
  const double cx = s.px(cell.x + cell.w / 2 + rng.uniform(-0.1, 0.1) * cell.w);
  const double cy = s.px(cell.y + cell.h / 2 + rng.uniform(-0.08, 0.08) * cell.h);
  const int x0 = static_cast<int>(std::lround(cx - out_w / 2.0)), y0 = static_cast<int>(std::lround(cy - out_h / 2.0));
  for (int y = 0; y < alpha.rows; ++y) {
    const int py = y0 + y;
    if (py < 0 || py >= page.rows) continue;
    const float* a = alpha.ptr<float>(y);
    auto* p = page.ptr<cv::Vec3b>(py);
    for (int x = 0; x < alpha.cols; ++x) {
      const int px = x0 + x;
      if (px < 0 || px >= page.cols || a[x] <= 0) continue;
      for (int c = 0; c < 3; ++c)
        p[px][c] = cv::saturate_cast<std::uint8_t>(p[px][c] * (1 - a[x]) + ink[c] * a[x]);
    }
  }
}

}  // namespace kamiflow::samples
