// Internal to the samples generator: turns a clean 300 dpi rendering into what a scanner or fax
// machine delivers. Every parameter is chosen first (plan_scan), recorded in the ground truth,
// then applied (apply_scan), so a page's truth says exactly what was done to it.
#pragma once

#include <string>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>

#include "samples/generator/rng.hpp"

namespace kamiflow::samples {

// Where the page will be stored; decides the encodings that are possible.
enum class Container { kSingleFile, kPdf, kMultiTiff };

struct ScanPlan {
  double rotation_deg = 0;          // skew of the sheet on the glass, ±4°
  double scale = 1;                 // scanner magnification error
  double offset_x_mm = 0, offset_y_mm = 0;
  double perspective_mm = 0;        // largest corner displacement beyond the affine part
  double paper_tone = 1;            // < 1: yellowed or recycled paper
  double blur_sigma_px = 0;         // optics / motion blur, at render resolution
  double noise_sigma = 0;           // sensor noise, grey levels
  int specks = 0;                   // dust and toner specks
  int dpi = 300;                    // output resolution: 300 or 200
  std::string colour = "colour";    // "colour", "grey", or "binary" (fax-like threshold)
  int threshold = 0;                // binary only
  int jpeg_quality = 0;             // 0: no JPEG artefacts
  bool upside_down = false;         // sheet fed the wrong way round (about 1 page in 10)
  std::string format = "png";       // "png", "jpeg", "tiff", "pdf"
  std::string tiff_compression;     // "g4" or "lzw" for TIFF pages

  nlohmann::json to_json() const;
};

[[nodiscard]] ScanPlan plan_scan(Rng& rng, Container container);
// `page` is the clean BGR rendering at `render_dpi`; returns the scanned page: BGR, grey, or
// grey with values 0/255 only when plan.colour == "binary". `rng` supplies noise and specks.
[[nodiscard]] cv::Mat apply_scan(const cv::Mat& page, double render_dpi, const ScanPlan& plan, Rng& rng);

}  // namespace kamiflow::samples
