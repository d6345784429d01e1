// Scan degradations (see samples_degrade.hpp). Ranges follow what municipal intake actually sees:
// sheets skewed a few degrees by hand-feeding, 200 dpi fax-quality pages, JPEG from multifunction
// printers, dust on the glass, and the occasional page fed upside down.
#include "samples/generator/degrade.hpp"

#include <cmath>
#include <numbers>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace kamiflow::samples {

nlohmann::json ScanPlan::to_json() const {
  nlohmann::json j{{"rotation_deg", rotation_deg},   {"scale", scale},
                   {"offset_mm", {offset_x_mm, offset_y_mm}}, {"perspective_mm", perspective_mm},
                   {"paper_tone", paper_tone},       {"blur_sigma_px", blur_sigma_px},
                   {"noise_sigma", noise_sigma},     {"specks", specks},
                   {"dpi", dpi},                     {"colour", colour},
                   {"jpeg_quality", jpeg_quality},   {"upside_down", upside_down},
                   {"format", format}};
  if (colour == "binary") j["threshold"] = threshold;
  if (!tiff_compression.empty()) j["tiff_compression"] = tiff_compression;
  return j;
}

ScanPlan plan_scan(Rng& rng, Container container) {
  ScanPlan p;
  // Most sheets are fed nearly straight; some are visibly skewed.
  p.rotation_deg = rng.chance(0.4) ? rng.uniform(-0.5, 0.5) : rng.uniform(-4.0, 4.0);
  p.scale = rng.uniform(0.97, 1.03);
  p.offset_x_mm = rng.uniform(-5.0, 5.0);
  p.offset_y_mm = rng.uniform(-5.0, 5.0);
  p.perspective_mm = rng.chance(0.3) ? rng.uniform(0.5, 3.0) : 0;
  p.paper_tone = rng.chance(0.3) ? rng.uniform(0.9, 0.98) : 1;
  p.blur_sigma_px = rng.chance(0.5) ? rng.uniform(0.3, 1.3) : 0;
  p.noise_sigma = rng.chance(0.7) ? rng.uniform(2.0, 10.0) : 0;
  p.specks = rng.chance(0.4) ? rng.range(3, 40) : 0;
  double mode = rng.uniform();
  p.colour = mode < 0.55 ? "colour" : mode < 0.85 ? "grey" : "binary";
  p.dpi = p.colour == "binary" || rng.chance(0.3) ? 200 : 300;  // fax is 200 dpi ("fine" mode)
  if (p.colour == "binary") p.threshold = rng.range(140, 190);
  p.upside_down = rng.chance(0.1);

  switch (container) {
    case Container::kPdf:
      p.format = "pdf";  // Leptonica stores grey/colour pages as JPEG, binary pages as G4
      p.jpeg_quality = p.colour == "binary" ? 0 : 75;
      break;
    case Container::kMultiTiff:
      p.format = "tiff";
      p.tiff_compression = p.colour == "binary" ? "g4" : "lzw";
      break;
    case Container::kSingleFile: {
      if (p.colour == "binary") {
        p.format = "tiff";
        p.tiff_compression = "g4";
        break;
      }
      // Colour scans mostly arrive as JPEG; grey ones as PNG or TIFF from document scanners.
      double f = rng.uniform();
      if (p.colour == "colour") p.format = f < 0.3 ? "png" : f < 0.85 ? "jpeg" : "tiff";
      else p.format = f < 0.4 ? "png" : f < 0.65 ? "jpeg" : "tiff";
      if (p.format == "tiff") p.tiff_compression = "lzw";
      if (p.format == "jpeg") p.jpeg_quality = rng.range(55, 92);
      break;
    }
  }
  // A PNG or TIFF may still carry JPEG damage from an earlier step in someone's workflow.
  if (p.format != "jpeg" && p.format != "pdf" && p.colour != "binary" && rng.chance(0.2))
    p.jpeg_quality = rng.range(45, 85);
  // Rounded so that what the ground truth records is exactly what is applied.
  auto q = [](double v) { return std::round(v * 1000) / 1000; };
  for (double* v : {&p.rotation_deg, &p.scale, &p.offset_x_mm, &p.offset_y_mm, &p.perspective_mm, &p.paper_tone,
                    &p.blur_sigma_px, &p.noise_sigma})
    *v = q(*v);
  return p;
}

namespace {

// The sheet's placement on the glass: skew about the page centre, magnification, offset, then a
// small projective distortion of the corners.
cv::Mat placement(const cv::Size& size, double dpi, const ScanPlan& p, Rng& rng) {
  double px_per_mm = dpi / 25.4;
  cv::Point2d c(size.width / 2.0, size.height / 2.0);
  double a = p.rotation_deg * std::numbers::pi / 180, s = p.scale;
  std::vector<cv::Point2f> src, dst;
  for (cv::Point2d q : {cv::Point2d(0, 0), cv::Point2d(size.width, 0), cv::Point2d(size.width, size.height),
                        cv::Point2d(0, size.height)}) {
    cv::Point2d d = q - c;
    cv::Point2d r(s * (d.x * std::cos(a) - d.y * std::sin(a)), s * (d.x * std::sin(a) + d.y * std::cos(a)));
    r += c + cv::Point2d(p.offset_x_mm, p.offset_y_mm) * px_per_mm;
    if (p.perspective_mm > 0) {
      double j = p.perspective_mm * px_per_mm;
      r += cv::Point2d(rng.uniform(-j, j), rng.uniform(-j, j));
    }
    src.emplace_back(q);
    dst.emplace_back(r);
  }
  return cv::getPerspectiveTransform(src, dst);
}

void add_noise(cv::Mat& img, double sigma, Rng& rng) {
  int ch = img.channels();
  for (int y = 0; y < img.rows; ++y) {
    auto* row = img.ptr<std::uint8_t>(y);
    for (int x = 0; x < img.cols; ++x) {
      // Luminance noise: the same offset on every channel, as from a CCD line sensor.
      int n = static_cast<int>(std::lround(rng.gaussian() * sigma));
      for (int k = 0; k < ch; ++k) row[x * ch + k] = cv::saturate_cast<std::uint8_t>(row[x * ch + k] + n);
    }
  }
}

void add_specks(cv::Mat& img, int count, double dpi, Rng& rng) {
  for (int i = 0; i < count; ++i) {
    cv::Point c(rng.range(0, img.cols - 1), rng.range(0, img.rows - 1));
    int r = std::max(1, static_cast<int>(std::lround(rng.uniform(0.08, 0.35) * dpi / 25.4)));
    int g = rng.range(0, 90);
    if (rng.chance(0.3)) {  // a hair or scratch rather than a dot
      cv::Point e = c + cv::Point(rng.range(-r * 8, r * 8), rng.range(-r * 8, r * 8));
      cv::line(img, c, e, cv::Scalar::all(g), 1, cv::LINE_AA);
    } else {
      cv::ellipse(img, c, cv::Size(r, std::max(1, r + rng.range(-1, 1))), rng.uniform(0, 180), 0, 360,
                  cv::Scalar::all(g), cv::FILLED, cv::LINE_AA);
    }
  }
}

}  // namespace

cv::Mat apply_scan(const cv::Mat& page, double render_dpi, const ScanPlan& p, Rng& rng) {
  cv::Mat img = page.clone();
  if (p.paper_tone < 1) {  // yellowish paper: blue drops most
    cv::multiply(img, cv::Scalar(p.paper_tone * p.paper_tone, p.paper_tone, std::sqrt(p.paper_tone)), img);
  }
  cv::Mat warped;
  cv::warpPerspective(img, warped, placement(img.size(), render_dpi, p, rng), img.size(), cv::INTER_LINEAR,
                      cv::BORDER_CONSTANT, cv::Scalar::all(248));  // the scanner lid is not quite white
  img = warped;
  if (p.blur_sigma_px > 0) cv::GaussianBlur(img, img, cv::Size(0, 0), p.blur_sigma_px);
  if (p.dpi != static_cast<int>(render_dpi)) {
    double f = p.dpi / render_dpi;
    cv::resize(img, img, cv::Size(static_cast<int>(std::lround(img.cols * f)), static_cast<int>(std::lround(img.rows * f))),
               0, 0, f < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
  }
  if (p.colour != "colour") cv::cvtColor(img, img, cv::COLOR_BGR2GRAY);
  if (p.specks > 0) add_specks(img, p.specks, p.dpi, rng);
  if (p.noise_sigma > 0) add_noise(img, p.noise_sigma, rng);
  if (p.colour == "binary") cv::threshold(img, img, p.threshold, 255, cv::THRESH_BINARY);
  // JPEG damage baked into the pixels; a JPEG page gets it again, for real, when it is written.
  if (p.jpeg_quality > 0 && p.format != "jpeg" && p.format != "pdf") {
    std::vector<std::uint8_t> buf;
    cv::imencode(".jpg", img, buf, {cv::IMWRITE_JPEG_QUALITY, p.jpeg_quality});
    img = cv::imdecode(buf, p.colour == "colour" ? cv::IMREAD_COLOR : cv::IMREAD_GRAYSCALE);
  }
  if (p.upside_down) cv::rotate(img, img, cv::ROTATE_180);
  return img;
}

}  // namespace kamiflow::samples
