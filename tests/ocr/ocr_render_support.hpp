// Test helpers for the recognisers: render small pieces of filled-in forms (printed boxes, typed
// Japanese and Latin text, ticks, circles, red seals) at a given resolution and degrade them like
// a scan (blur, grey noise, dust). Header-only so only tests that need OpenCV include it.
#pragma once

#include <memory>
#include <random>
#include <string>

#include <opencv2/core.hpp>
#include <opencv2/freetype.hpp>
#include <opencv2/imgproc.hpp>

#include "field_image.hpp"

namespace kamiflow::testing {

inline constexpr const char* kGothicFont = "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf";

// A paper-sized canvas (white, BGR) in millimetres at `dpi`.
struct Canvas {
  cv::Mat img;
  double dpi = 300;
  Canvas(double w_mm, double h_mm, double dpi_ = 300) : dpi(dpi_) {
    img = cv::Mat(static_cast<int>(h_mm * px()), static_cast<int>(w_mm * px()), CV_8UC3, cv::Scalar(255, 255, 255));
  }
  double px() const { return dpi / 25.4; }
  cv::Point pt(double x_mm, double y_mm) const {
    return {static_cast<int>(x_mm * px()), static_cast<int>(y_mm * px())};
  }

  // Text whose glyph top-left is near (x_mm, y_mm), `size_mm` tall.
  void text(const std::string& s, double x_mm, double y_mm, double size_mm, cv::Scalar color = {20, 20, 20}) {
    static cv::Ptr<cv::freetype::FreeType2> ft = [] {
      auto f = cv::freetype::createFreeType2();
      f->loadFontData(kGothicFont, 0);
      return f;
    }();
    const int h = static_cast<int>(size_mm * px());
    ft->putText(img, s, pt(x_mm, y_mm), h, color, -1, cv::LINE_AA, false);
  }
  void rect(const ocr::BoxMm& b, double stroke_mm = 0.3, cv::Scalar color = {0, 0, 0}) {
    cv::rectangle(img, pt(b.x, b.y), pt(b.x + b.w, b.y + b.h), color, std::max(1, static_cast<int>(stroke_mm * px())),
                  cv::LINE_AA);
  }
  void line(double x0, double y0, double x1, double y1, double stroke_mm = 0.5, cv::Scalar color = {30, 30, 30}) {
    cv::line(img, pt(x0, y0), pt(x1, y1), color, std::max(1, static_cast<int>(stroke_mm * px())), cv::LINE_AA);
  }
  void circle(double cx, double cy, double rx_mm, double ry_mm, double stroke_mm = 0.4, cv::Scalar color = {30, 30, 30}) {
    cv::ellipse(img, pt(cx, cy), cv::Size(static_cast<int>(rx_mm * px()), static_cast<int>(ry_mm * px())), 0, 0, 360,
                color, std::max(1, static_cast<int>(stroke_mm * px())), cv::LINE_AA);
  }
  // A red 印 seal: a ring and a character, in translucent-looking 朱肉 red, drawn over what is there.
  void seal(double cx, double cy, double r_mm) {
    cv::Mat layer = img.clone();
    cv::circle(layer, pt(cx, cy), static_cast<int>(r_mm * px()), cv::Scalar(40, 40, 210),
               static_cast<int>(0.6 * px()), cv::LINE_AA);
    Canvas tmp = *this;
    tmp.img = layer;
    tmp.text("印", cx - r_mm * 0.6, cy - r_mm * 0.6, r_mm * 1.2, cv::Scalar(40, 40, 210));
    // Stamp ink is transparent: darker of both per channel keeps black text black under red.
    cv::min(img, tmp.img, img);
  }
};

// Scan-like degradation: slight blur, grey noise, a paper tone, optional dust specks.
inline cv::Mat degrade(const cv::Mat& clean, unsigned seed, double noise_sigma = 10, int specks = 0) {
  std::mt19937 rng(seed);
  cv::Mat out;
  cv::GaussianBlur(clean, out, cv::Size(3, 3), 0.7);
  cv::Mat noise(out.size(), CV_16SC(out.channels()));
  cv::RNG cv_rng(seed);  // not cv::theRNG(): a test's image must not depend on which tests ran before
  cv_rng.fill(noise, cv::RNG::NORMAL, 0, noise_sigma);
  cv::Mat tmp;
  out.convertTo(tmp, CV_16S);
  tmp += noise;
  tmp -= cv::Scalar::all(8);  // recycled paper is not pure white
  tmp.convertTo(out, out.type());
  std::uniform_int_distribution<int> rx(0, out.cols - 1), ry(0, out.rows - 1), rr(1, 2);
  for (int i = 0; i < specks; ++i)
    cv::circle(out, {rx(rng), ry(rng)}, rr(rng), cv::Scalar::all(40), -1, cv::LINE_AA);
  return out;
}

inline cv::Mat to_gray(const cv::Mat& m) {
  if (m.channels() == 1) return m;
  cv::Mat g;
  cv::cvtColor(m, g, cv::COLOR_BGR2GRAY);
  return g;
}

// The crop the extractor would hand a recogniser: the filled form and the blank form, both
// covering `area` (mm) at the canvas resolution.
inline ocr::FieldCrop make_crop(const cv::Mat& filled, const Canvas& blank, const ocr::BoxMm& area = {}) {
  ocr::FieldCrop c;
  c.image = filled;
  c.reference = to_gray(blank.img);
  c.dpi = blank.dpi;
  c.area_mm = area;
  return c;
}

// A blank row of `n` digit boxes, cell_w x cell_h mm, 4 mm from the canvas edges, and the
// digit_boxes FieldSpec that describes it (the typed and the handwritten box tests both use it).
struct DigitBoxRow {
  ocr::FieldSpec spec;
  Canvas blank;
  explicit DigitBoxRow(int n, double cell_w = 6, double cell_h = 8) : blank(4 + n * cell_w + 4, cell_h + 8) {
    spec.name = "number";
    spec.type = ocr::FieldType::kDigitBoxes;
    spec.box = {4, 4, n * cell_w, cell_h};
    blank.rect(spec.box, 0.35);
    for (int i = 0; i < n; ++i) {
      spec.cells.push_back({4 + i * cell_w, 4, cell_w, cell_h});
      if (i > 0) blank.line(4 + i * cell_w, 4, 4 + i * cell_w, 4 + cell_h, 0.2, {0, 0, 0});
    }
  }
};

}  // namespace kamiflow::testing
