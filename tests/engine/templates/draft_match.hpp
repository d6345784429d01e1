// Test support for `template new`: drafts a template from a blank form image and matches the
// draft's fields to a hand-written template's by box overlap (never by name: the draft names its
// fields from OCR'd labels, the hand-written templates by what the generator fills in).
#pragma once

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>

#include "engine/os/atomic_file.hpp"
#include "engine/templates/template_draft.hpp"
#include "kamiflow/ocr/form_structure.hpp"
#include "kamiflow/ocr/form_template.hpp"
#include "kamiflow/ocr/page_source.hpp"
#include "samples/generator/degrade.hpp"
#include "samples/generator/render.hpp"
#include "samples/generator/rng.hpp"

namespace kamiflow::testing {

// What the paper shows of a field: digit boxes have no outline of their own, only their cells.
inline ocr::BoxMm visible_box(const ocr::FieldSpec& f) {
  if (f.cells.empty()) return f.box;
  double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
  for (const auto& c : f.cells) {
    x0 = std::min(x0, c.x), y0 = std::min(y0, c.y);
    x1 = std::max(x1, c.x + c.w), y1 = std::max(y1, c.y + c.h);
  }
  return {x0, y0, x1 - x0, y1 - y0};
}

inline double iou(const ocr::BoxMm& a, const ocr::BoxMm& b) {
  const double w = std::min(a.x + a.w, b.x + b.w) - std::max(a.x, b.x);
  const double h = std::min(a.y + a.h, b.y + b.h) - std::max(a.y, b.y);
  if (w <= 0 || h <= 0) return 0;
  return w * h / (a.w * a.h + b.w * b.h - w * h);
}

// Largest distance between corresponding edges, after shifting `b` by (dx, dy).
inline double edge_error(const ocr::BoxMm& a, const ocr::BoxMm& b, double dx = 0, double dy = 0) {
  return std::max({std::abs(a.x - (b.x + dx)), std::abs(a.y - (b.y + dy)), std::abs(a.x + a.w - (b.x + b.w + dx)),
                   std::abs(a.y + a.h - (b.y + b.h + dy))});
}

// Index of the draft field whose visible box overlaps `truth`'s most (IoU ≥ 0.5), or -1.
inline int match_field(const ocr::FieldSpec& truth, const ocr::FormTemplate& draft, double dx = 0, double dy = 0) {
  int best = -1;
  double best_iou = 0.5;
  ocr::BoxMm t = visible_box(truth);
  t.x -= dx, t.y -= dy;
  for (size_t i = 0; i < draft.fields.size(); ++i) {
    const double v = iou(t, visible_box(draft.fields[i]));
    if (v > best_iou) best_iou = v, best = static_cast<int>(i);
  }
  return best;
}

// Index of the box in `boxes` overlapping `b` most (IoU ≥ 0.3), or -1.
inline int match_box(const ocr::BoxMm& b, const std::vector<ocr::BoxMm>& boxes, double dx = 0, double dy = 0) {
  int best = -1;
  double best_iou = 0.3;
  const ocr::BoxMm t{b.x - dx, b.y - dy, b.w, b.h};
  for (size_t i = 0; i < boxes.size(); ++i) {
    const double v = iou(t, boxes[i]);
    if (v > best_iou) best_iou = v, best = static_cast<int>(i);
  }
  return best;
}

// A draft's frame is the scan's: a global shift (the sheet's place on the glass) is no error.
// Median offset draft → truth over the fields that overlap well.
inline std::pair<double, double> frame_shift(const ocr::FormTemplate& truth, const ocr::FormTemplate& draft) {
  std::vector<double> dxs, dys;
  for (const auto& f : truth.fields) {
    const int m = match_field(f, draft);
    if (m < 0) continue;
    const auto a = visible_box(f), b = visible_box(draft.fields[m]);
    dxs.push_back(a.x - b.x);
    dys.push_back(a.y - b.y);
  }
  if (dxs.empty()) return {0, 0};
  std::nth_element(dxs.begin(), dxs.begin() + dxs.size() / 2, dxs.end());
  std::nth_element(dys.begin(), dys.begin() + dys.size() / 2, dys.end());
  return {dxs[dxs.size() / 2], dys[dys.size() / 2]};
}

// Writes the draft and its reference image into `dir`, as `kamiflow template new` does.
inline Status write_draft(const ocr::FormStructure& s, const std::string& id, const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  auto png = s.page.encode_png();
  if (!png.ok()) return png.status();
  Status st = write_file_atomically(dir / "blank.png", std::string(png->begin(), png->end()));
  if (!st.ok()) return st;
  return write_file_atomically(dir / "template.lua", template_lua(draft_template(s, id, "blank.png")));
}

// The blank as the generator scans a page: its noise, blur, paper, dpi and compression, a skew of
// at most 1.5° and a shift on the glass, but no change of scale or perspective (a blank's true
// millimetres cannot be recovered from the blank alone).
inline ocr::PageImage scanned_blank(const ocr::FormTemplate& form, std::uint64_t seed, int dpi, double max_skew = 4.0,
                                    bool upside_down = false) {
  samples::Rng plan_rng(seed), noise_rng(seed + 1);
  samples::ScanPlan plan = samples::plan_scan(plan_rng, samples::Container::kSingleFile);
  plan.scale = 1;
  plan.perspective_mm = 0;
  plan.upside_down = upside_down;
  plan.rotation_deg = std::clamp(plan.rotation_deg, -max_skew, max_skew);
  plan.offset_x_mm = std::clamp(plan.offset_x_mm, -3.0, 3.0);
  plan.offset_y_mm = std::clamp(plan.offset_y_mm, -3.0, 3.0);
  plan.dpi = dpi;
  const cv::Mat img = samples::apply_scan(samples::render_blank(form, 300), 300, plan, noise_rng);
  std::vector<std::uint8_t> png;
  cv::imencode(".png", img, png);
  auto page = ocr::decode_image_bytes(std::string(png.begin(), png.end()), dpi);
  return page.ok() ? *page : ocr::PageImage();
}

inline ocr::PageImage rendered_blank(const ocr::FormTemplate& form) {
  auto src = ocr::PageSource::open(form.reference_image);
  if (!src.ok()) return {};
  auto page = (*src)->page(0);
  return page.ok() ? *page : ocr::PageImage();
}

}  // namespace kamiflow::testing
