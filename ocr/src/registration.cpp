// build_reference() and align(): ORB on a ~1000 px downscale (a larger fallback level when that
// fails), geometric sanity checks, sub-pixel patch refinement, and a score that measures how much
// of the template's printed matter the aligned page actually shows.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <optional>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "registration_model.hpp"

namespace kamiflow::ocr {

using namespace registration_detail;

namespace {

constexpr double kWorkLongSidePx = 1000;  // DESIGN.md §4: ORB cost grows with n², keep it small
constexpr int kWorkFeatures = 1200;
constexpr double kFallbackZoom = 1.6;
constexpr int kFallbackFeatures = 2000;
constexpr double kMaxRefinePpmm = 8.0;  // ~200 dpi: plenty for sub-pixel corner matching
constexpr double kMinScore = 0.15;      // below this the geometry fits noise, not the form

cv::Point2d apply(const cv::Matx33d& h, cv::Point2d p) {
  const cv::Vec3d v = h * cv::Vec3d(p.x, p.y, 1);
  return {v[0] / v[2], v[1] / v[2]};
}

// Pixel indices of an image to those of its resize by `s` (OpenCV's centre convention).
cv::Matx33d resize_map(double s) { return {s, 0, 0.5 * s - 0.5, 0, s, 0.5 * s - 0.5, 0, 0, 1}; }

cv::Mat to_gray(const cv::Mat& m) {
  if (m.channels() == 1) return m;
  cv::Mat g;
  cv::cvtColor(m, g, m.channels() == 4 ? cv::COLOR_BGRA2GRAY : cv::COLOR_BGR2GRAY);
  return g;
}

// Downscale first, convert second: a 300 dpi BGR page is 26 MB, its working copy 2 MB. OpenCV's
// area resampling is fast only for whole-number factors, so the bulk of the reduction is a
// whole-number box filter and the remaining factor (under 2) a bilinear step, which keeps the
// exact scale `s` (page 300 dpi → 1000 px: ~4 ms instead of ~30 ms).
cv::Mat gray_at(const cv::Mat& page, double s) {
  if (s >= 1) return to_gray(page);
  const cv::Size target(std::max(1, cvRound(page.cols * s)), std::max(1, cvRound(page.rows * s)));
  const int k = static_cast<int>(std::floor(1 / s));
  cv::Mat small;
  // The whole-number step needs at least k pixels a side, or its output would be 0 pixels wide
  // (a 2 x 3000 scan: OpenCV throws "inv_scale_x > 0").
  if (k >= 2 && page.cols >= k && page.rows >= k) {
    // Given as factors, not as a size: only then does OpenCV see the whole-number ratio.
    cv::Mat boxed;
    cv::resize(page, boxed, cv::Size(), 1.0 / k, 1.0 / k, cv::INTER_AREA);
    cv::resize(boxed, small, target, 0, 0, cv::INTER_LINEAR);
  } else {
    cv::resize(page, small, target, 0, 0, cv::INTER_AREA);
  }
  return to_gray(small);
}

// The affine map that agrees with homography `h` at three corners of a w x h output, when it
// stays within `tol_px` of `h` over the whole output (checked at the fourth corner and the
// centre, where a projective term shows most). Over a field-sized region a scanner's homography
// is affine to far better than that, and warpAffine samples the same way as warpPerspective for
// half the cost.
std::optional<cv::Matx23d> affine_within(const cv::Matx33d& h, const cv::Size& size, double tol_px) {
  const double w = size.width - 1, ht = size.height - 1;
  const cv::Point2d p0 = apply(h, {0, 0}), px = apply(h, {w, 0}), py = apply(h, {0, ht});
  const double ax = w > 0 ? 1 / w : 0, ay = ht > 0 ? 1 / ht : 0;
  const cv::Matx23d a((px.x - p0.x) * ax, (py.x - p0.x) * ay, p0.x, (px.y - p0.y) * ax, (py.y - p0.y) * ay, p0.y);
  for (const cv::Point2d q : {cv::Point2d(w, ht), cv::Point2d(w / 2, ht / 2)}) {
    const cv::Point2d exact = apply(h, q);
    const cv::Point2d approx(a(0, 0) * q.x + a(0, 1) * q.y + a(0, 2), a(1, 0) * q.x + a(1, 1) * q.y + a(1, 2));
    if (std::hypot(exact.x - approx.x, exact.y - approx.y) > tol_px) return std::nullopt;
  }
  return a;
}

// Fills `tile` of `out` with the page sampled through `out_to_page`: warpAffine where the
// homography is affine over the tile to within 0.05 px, else the tile is halved along its longer
// side. Every output pixel is sampled at the same page position either way, so tiles leave no
// seams; only tiny tiles of a strongly projective map fall back to warpPerspective.
void warp_tile(const cv::Mat& page, const cv::Matx33d& out_to_page, cv::Mat& out, const cv::Rect& tile) {
  constexpr double kTolPx = 0.05;
  const cv::Matx33d shifted = out_to_page * cv::Matx33d(1, 0, tile.x, 0, 1, tile.y, 0, 0, 1);
  cv::Mat dst = out(tile);
  if (const std::optional<cv::Matx23d> affine = affine_within(shifted, tile.size(), kTolPx)) {
    cv::warpAffine(page, dst, cv::Mat(*affine), tile.size(), cv::INTER_LINEAR | cv::WARP_INVERSE_MAP,
                   cv::BORDER_CONSTANT, cv::Scalar::all(255));
  } else if (std::max(tile.width, tile.height) < 32) {
    cv::warpPerspective(page, dst, cv::Mat(shifted), tile.size(), cv::INTER_LINEAR | cv::WARP_INVERSE_MAP,
                        cv::BORDER_CONSTANT, cv::Scalar::all(255));
  } else if (tile.width >= tile.height) {
    const int half = tile.width / 2;
    warp_tile(page, out_to_page, out, {tile.x, tile.y, half, tile.height});
    warp_tile(page, out_to_page, out, {tile.x + half, tile.y, tile.width - half, tile.height});
  } else {
    const int half = tile.height / 2;
    warp_tile(page, out_to_page, out, {tile.x, tile.y, tile.width, half});
    warp_tile(page, out_to_page, out, {tile.x, tile.y + half, tile.width, tile.height - half});
  }
}

// Jacobian of the homography at page point p (mm per page pixel).
cv::Matx22d jacobian(const cv::Matx33d& h, cv::Point2d p) {
  const cv::Point2d c = apply(h, p), dx = apply(h, p + cv::Point2d(1, 0)), dy = apply(h, p + cv::Point2d(0, 1));
  return {dx.x - c.x, dy.x - c.x, dx.y - c.y, dy.y - c.y};
}

// Empty when the homography is a plausible scan of the form; otherwise why it is not.
std::string implausibility(const cv::Matx33d& page_to_mm, const ReferenceModel& ref, double expected_mm_per_px) {
  const cv::Matx33d mm_to_page = page_to_mm.inv();
  const cv::Point2d corners_mm[4] = {{0, 0}, {ref.width_mm, 0}, {ref.width_mm, ref.height_mm}, {0, ref.height_mm}};
  cv::Point2d q[4];
  for (int i = 0; i < 4; ++i) q[i] = apply(mm_to_page, corners_mm[i]);
  // The template's outline must stay a convex quadrilateral with the same winding (no mirror).
  double min_cross = 1e300, max_cross = -1e300;
  for (int i = 0; i < 4; ++i) {
    const cv::Point2d a = q[(i + 1) % 4] - q[i], b = q[(i + 2) % 4] - q[(i + 1) % 4];
    const double cr = a.x * b.y - a.y * b.x;
    min_cross = std::min(min_cross, cr);
    max_cross = std::max(max_cross, cr);
  }
  if (max_cross <= 0) return "the page would have to be mirrored";
  if (min_cross <= 0) return "the fitted geometry folds the form over itself";
  double local_scale[4];
  for (int i = 0; i < 4; ++i) {
    const cv::Matx22d j = jacobian(page_to_mm, q[i]);
    local_scale[i] = std::sqrt(std::abs(cv::determinant(j)));
    const cv::Matx22d jt_j = j.t() * j;  // singular values² of j
    const double tr = jt_j(0, 0) + jt_j(1, 1), det = cv::determinant(jt_j);
    const double disc = std::sqrt(std::max(0.0, tr * tr / 4 - det));
    const double aniso = std::sqrt((tr / 2 + disc) / std::max(1e-12, tr / 2 - disc));
    if (aniso > 1.25) return "implausible shear or aspect ratio (" + std::to_string(aniso).substr(0, 4) + ":1)";
  }
  const auto [lo, hi] = std::minmax_element(local_scale, local_scale + 4);
  if (*hi / *lo > 1.35) return "implausible perspective (scale varies " + std::to_string(*hi / *lo).substr(0, 4) + "x)";
  const double ratio = (*lo + *hi) / 2 / expected_mm_per_px;
  if (ratio < 0.6 || ratio > 1.7) {
    return "implausible scale (form printed at " + std::to_string(ratio).substr(0, 4) + "x the size the page suggests)";
  }
  return {};
}

// How much of the template's printed matter the aligned page shows, corrected for chance: a page
// covered in ink "shows" every line, so its chance level is subtracted (Cohen-style skill score).
double structure_score(const cv::Mat& page_small_gray, const cv::Matx33d& small_to_mm, const ReferenceModel& ref) {
  const FeatureLevel& level = ref.levels.front();
  const cv::Matx33d ref_to_small = small_to_mm.inv() * pixels_to_mm(level.ppmm);
  cv::Mat warped;
  cv::warpPerspective(page_small_gray, warped, cv::Mat(ref_to_small), level.image.size(),
                      cv::INTER_LINEAR | cv::WARP_INVERSE_MAP, cv::BORDER_CONSTANT, cv::Scalar(255));
  cv::Mat page_ink = ink_mask(warped);
  cv::dilate(page_ink, page_ink, cv::getStructuringElement(cv::MORPH_RECT, {5, 5}));
  const double ref_ink = cv::countNonZero(ref.verify_ink);
  if (ref_ink <= 0) return 0;
  cv::Mat both;
  cv::bitwise_and(ref.verify_ink, page_ink, both);
  const double recall = cv::countNonZero(both) / ref_ink;
  const double chance = static_cast<double>(cv::countNonZero(page_ink)) / static_cast<double>(page_ink.total());
  if (chance >= 0.999) return 0;
  return std::clamp((recall - chance) / (1 - chance), 0.0, 1.0);
}

std::vector<RefinePatch> pick_patches(const cv::Mat& image, double ppmm) {
  std::vector<cv::Point2f> corners;
  cv::goodFeaturesToTrack(image, corners, 800, 0.03, 10);
  constexpr int kCols = 6, kRows = 8, kPerCell = 2, kHalf = 12;
  std::vector<int> taken(kCols * kRows, 0);
  std::vector<RefinePatch> out;
  for (const cv::Point2f& c : corners) {  // strongest first
    const int x = cvRound(c.x), y = cvRound(c.y);
    if (x < kHalf || y < kHalf || x + kHalf >= image.cols || y + kHalf >= image.rows) continue;
    int& n = taken[std::min(kRows - 1, y * kRows / image.rows) * kCols + std::min(kCols - 1, x * kCols / image.cols)];
    if (n >= kPerCell) continue;
    ++n;
    const cv::Point2d mm = apply(pixels_to_mm(ppmm), cv::Point2d(x, y));
    out.push_back({cv::Point2f(static_cast<float>(mm.x), static_cast<float>(mm.y)),
                   image(cv::Rect(x - kHalf, y - kHalf, 2 * kHalf + 1, 2 * kHalf + 1)).clone()});
  }
  return out;
}

}  // namespace

const cv::Mat& reference_gray(const ReferenceModel& ref) { return ref.gray; }
double reference_dpi(const ReferenceModel& ref) { return ref.dpi; }

Result<std::shared_ptr<const ReferenceModel>> build_reference(const FormTemplate& tmpl) {
  const std::string who = "template '" + tmpl.id + "'";
  if (tmpl.reference_image.empty()) return Status::InvalidInput(who + " has no reference_image");
  if (!std::filesystem::exists(tmpl.reference_image))
    return Status::NotFound(who + ": reference image " + tmpl.reference_image + " does not exist");
  if (tmpl.width_mm <= 0 || tmpl.height_mm <= 0 || tmpl.reference_dpi <= 0)
    return Status::InvalidInput(who + ": page size and reference_dpi must be positive");
  auto ref = std::make_shared<ReferenceModel>();
  ref->id = tmpl.id;
  ref->width_mm = tmpl.width_mm;
  ref->height_mm = tmpl.height_mm;
  ref->dpi = tmpl.reference_dpi;
  ref->gray = cv::imread(tmpl.reference_image, cv::IMREAD_GRAYSCALE);
  if (ref->gray.empty()) return Status::Corruption(who + ": reference image " + tmpl.reference_image + " cannot be decoded");
  const double ppmm = tmpl.reference_dpi / 25.4;
  const double want_w = tmpl.width_mm * ppmm, want_h = tmpl.height_mm * ppmm;
  if (std::abs(ref->gray.cols - want_w) > 0.02 * want_w + 2 || std::abs(ref->gray.rows - want_h) > 0.02 * want_h + 2) {
    return Status::InvalidInput(who + ": reference image is " + std::to_string(ref->gray.cols) + " x " +
                                std::to_string(ref->gray.rows) + " px, but " + std::to_string(tmpl.width_mm) + " x " +
                                std::to_string(tmpl.height_mm) + " mm at " + std::to_string(tmpl.reference_dpi) +
                                " dpi needs about " + std::to_string(cvRound(want_w)) + " x " + std::to_string(cvRound(want_h)));
  }
  const double work_ppmm = std::min(ppmm, kWorkLongSidePx / std::max(tmpl.width_mm, tmpl.height_mm));
  for (const auto& [level_ppmm, features] : {std::pair{work_ppmm, kWorkFeatures},
                                             std::pair{std::min(ppmm, work_ppmm * kFallbackZoom), kFallbackFeatures}}) {
    FeatureLevel level;
    level.ppmm = level_ppmm;
    level.max_features = features;
    level.image = gray_at(ref->gray, level_ppmm / ppmm);
    detect_spread(level.image, features, level.keypoints, level.descriptors);
    if (level.keypoints.size() < 50)
      return Status::InvalidInput(who + ": reference image has too little printed structure to align against");
    ref->levels.push_back(std::move(level));
  }
  ref->verify_ink = ink_mask(ref->levels.front().image);
  ref->refine_ppmm = std::min(ppmm, kMaxRefinePpmm);
  ref->refine_image = gray_at(ref->gray, ref->refine_ppmm / ppmm);
  ref->patches = pick_patches(ref->refine_image, ref->refine_ppmm);
  return std::shared_ptr<const ReferenceModel>(std::move(ref));
}

const PageFeatures::Level& PageFeatures::level(double scale, int max_features) {
  for (const auto& l : levels_)
    if (std::abs(l->scale - scale) < 1e-9 && l->max_features == max_features) return *l;
  auto l = std::make_unique<Level>();
  l->scale = scale;
  l->max_features = max_features;
  l->image = gray_at(page_, scale);
  detect_spread(l->image, max_features, l->keypoints, l->descriptors);
  levels_.push_back(std::move(l));
  return *levels_.back();
}

Alignment align(const cv::Mat& page, const ReferenceModel& ref) {
  PageFeatures features(page);
  return align(features, ref);
}

namespace {

// Scans arrive at 200 or 300 dpi, maybe scaled: this page's pixels/mm, estimated from its size.
double page_ppmm_of(const cv::Mat& page, const ReferenceModel& ref) {
  return std::max(page.cols, page.rows) / std::max(ref.width_mm, ref.height_mm);
}

// The second half of an alignment: optional patch refinement of the ORB homography, the score,
// the rotation, and the verdict.
Alignment finish_alignment(PageFeatures& features, const ReferenceModel& ref, cv::Matx33d page_to_mm, int inliers,
                           bool refine) {
  const cv::Mat& page = features.page();
  const double page_ppmm = page_ppmm_of(page, ref);
  Alignment a;
  a.inliers = inliers;
  int agreeing = 0;
  cv::Matx33d refined = page_to_mm;
  if (refine && refine_alignment(page, ref, refined, agreeing) && implausibility(refined, ref, 1 / page_ppmm).empty()) {
    page_to_mm = refined;
  }
  // The score is measured at the first level's working scale (already described for matching).
  const FeatureLevel& level0 = ref.levels.front();
  const double s0 = std::min(1.0, level0.ppmm / page_ppmm);
  const cv::Mat& small0 = features.level(s0, level0.max_features).image;
  a.score = structure_score(small0, page_to_mm * resize_map(s0).inv(), ref) * std::min(1.0, a.inliers / 25.0);
  a.page_to_mm = cv::Mat(page_to_mm).clone();
  const cv::Point2d centre = apply(page_to_mm.inv(), {ref.width_mm / 2, ref.height_mm / 2});
  const cv::Matx22d j = jacobian(page_to_mm, centre);
  a.rotation_degrees = std::atan2(j(1, 0), j(0, 0)) * 180 / CV_PI;
  if (a.rotation_degrees <= -180) a.rotation_degrees += 360;
  if (a.score < kMinScore) {
    a.reason = "page does not show the form's printed structure (score " + std::to_string(a.score).substr(0, 4) + ")";
    return a;
  }
  a.ok = true;
  return a;
}

}  // namespace

Alignment align(PageFeatures& features, const ReferenceModel& ref, AlignDepth depth) {
  Alignment a;
  const cv::Mat& page = features.page();
  if (page.empty() || ref.levels.empty()) {
    a.reason = "empty page or reference";
    return a;
  }
  const double page_ppmm = page_ppmm_of(page, ref);
  std::string reasons;
  const std::size_t levels = depth == AlignDepth::kQuick ? 1 : ref.levels.size();
  for (std::size_t li = 0; li < levels; ++li) {
    const FeatureLevel& level = ref.levels[li];
    const double s = std::min(1.0, level.ppmm / page_ppmm);
    const PageFeatures::Level& work = features.level(s, level.max_features);
    cv::Matx33d work_h;
    int inliers = 0, matches = 0;
    std::string why;
    if (match_level(work.keypoints, work.descriptors, level, work_h, inliers, matches, why,
                    depth == AlignDepth::kQuick ? 800 : 4000)) {
      const cv::Matx33d page_to_mm = pixels_to_mm(level.ppmm) * work_h * resize_map(s);
      why = implausibility(page_to_mm, ref, 1 / page_ppmm);
      if (why.empty()) return finish_alignment(features, ref, page_to_mm, inliers, depth == AlignDepth::kFull);
    }
    if (why != reasons) reasons += (reasons.empty() ? "" : "; at higher resolution: ") + why;
  }
  a.reason = reasons;
  return a;
}

Alignment complete_alignment(PageFeatures& features, const ReferenceModel& ref, const Alignment& quick) {
  if (quick.page_to_mm.empty()) return align(features, ref);
  return finish_alignment(features, ref, cv::Matx33d(quick.page_to_mm), quick.inliers, /*refine=*/true);
}

cv::Mat warp_region(const cv::Mat& page, const Alignment& a, const BoxMm& box, double dpi, double margin_mm) {
  if (page.empty() || a.page_to_mm.empty() || dpi <= 0) return {};
  const double mmpp = 25.4 / dpi;
  const cv::Size size(std::max(1, cvRound((box.w + 2 * margin_mm) / mmpp)), std::max(1, cvRound((box.h + 2 * margin_mm) / mmpp)));
  // Output pixel u has its centre at x0 + (u + 0.5)·mmpp millimetres.
  const double x0 = box.x - margin_mm, y0 = box.y - margin_mm;
  const cv::Matx33d out_to_mm(mmpp, 0, x0 + 0.5 * mmpp, 0, mmpp, y0 + 0.5 * mmpp, 0, 0, 1);
  const cv::Matx33d out_to_page = cv::Matx33d(a.page_to_mm).inv() * out_to_mm;
  cv::Mat out(size, page.type());
  warp_tile(page, out_to_page, out, cv::Rect({0, 0}, size));
  return out;
}

cv::Mat reference_region(const ReferenceModel& ref, const BoxMm& box, double dpi, double margin_mm) {
  Alignment identity;
  identity.page_to_mm = cv::Mat(pixels_to_mm(ref.dpi / 25.4));
  return warp_region(ref.gray, identity, box, dpi, margin_mm);
}

cv::Rect page_rect(const Alignment& a, const BoxMm& box, const cv::Size& page_size) {
  if (a.page_to_mm.empty()) return {};
  const cv::Matx33d mm_to_page = cv::Matx33d(a.page_to_mm).inv();
  double x_lo = 1e300, y_lo = 1e300, x_hi = -1e300, y_hi = -1e300;
  for (const cv::Point2d c : {cv::Point2d(box.x, box.y), cv::Point2d(box.x + box.w, box.y),
                              cv::Point2d(box.x, box.y + box.h), cv::Point2d(box.x + box.w, box.y + box.h)}) {
    // Corners are continuous coordinates; pixel indices are 0.5 less.
    const cv::Point2d p = apply(mm_to_page, c);
    x_lo = std::min(x_lo, p.x); x_hi = std::max(x_hi, p.x);
    y_lo = std::min(y_lo, p.y); y_hi = std::max(y_hi, p.y);
  }
  const cv::Rect r(cvFloor(x_lo + 0.5), cvFloor(y_lo + 0.5), cvCeil(x_hi + 0.5) - cvFloor(x_lo + 0.5),
                   cvCeil(y_hi + 0.5) - cvFloor(y_lo + 0.5));
  return r & cv::Rect(0, 0, page_size.width, page_size.height);
}

}  // namespace kamiflow::ocr
