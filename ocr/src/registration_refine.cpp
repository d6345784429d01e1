// Precision step after ORB: the ORB homography is fitted at ~3 px/mm, good to ~0.5–1 mm, but
// field boxes are tight. Here each reference corner patch is searched for, at ~6 px/mm, in a
// small window of the page warped by the current homography; the sub-pixel offsets give new
// correspondences and the homography is refitted on them (twice, shrinking the search).
#include <algorithm>
#include <cmath>

#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>

#include "registration_model.hpp"

namespace kamiflow::ocr::registration_detail {
namespace {

constexpr int kPatchHalf = 12;        // patch is 25 x 25 refine pixels (~4 mm at 6 px/mm)
constexpr double kMinPeak = 0.55;     // normalised correlation a real match reaches
constexpr int kMinAgreeing = 10;
constexpr double kFitTolMm = 0.35;    // RANSAC tolerance of the refit, in template millimetres
constexpr double kMaxChangeMm = 3.0;  // refinement corrects; it never moves the page far

// Offset of a peak with sub-pixel precision: a parabola through the peak and its neighbours.
double parabola(float left, float centre, float right) {
  const double denom = left - 2.0 * centre + right;
  return std::abs(denom) < 1e-9 ? 0.0 : 0.5 * (left - right) / denom;
}

// How far `b` moves the template's corners compared with `a`, in template millimetres.
double max_corner_shift_mm(const cv::Matx33d& a, const cv::Matx33d& b, const ReferenceModel& ref) {
  const cv::Matx33d a_inv = a.inv();
  double worst = 0;
  for (const cv::Point2d c : {cv::Point2d(0, 0), cv::Point2d(ref.width_mm, 0), cv::Point2d(0, ref.height_mm),
                              cv::Point2d(ref.width_mm, ref.height_mm)}) {
    const cv::Vec3d page = a_inv * cv::Vec3d(c.x, c.y, 1);
    const cv::Vec3d moved = b * page;
    worst = std::max(worst, std::hypot(moved[0] / moved[2] - c.x, moved[1] / moved[2] - c.y));
  }
  return worst;
}

// One pass: returns the number of agreeing patches and the refitted homography in `out`.
int refine_once(const cv::Mat& page, const ReferenceModel& ref, const cv::Matx33d& page_to_mm, int radius,
                cv::Matx33d& out) {
  const double ppmm = ref.refine_ppmm;
  const int win = 2 * (kPatchHalf + radius) + 1;
  const cv::Matx33d mm_to_page = page_to_mm.inv();
  std::vector<cv::Point2f> page_pts, mm_pts;
  cv::Mat window, window_gray, score;
  for (const RefinePatch& p : ref.patches) {
    // Output pixel (u, v) of the window ↦ mm around the patch centre ↦ page pixel.
    const double half = (win - 1) / 2.0;
    const cv::Matx33d out_to_mm(1 / ppmm, 0, p.centre_mm.x - half / ppmm, 0, 1 / ppmm, p.centre_mm.y - half / ppmm, 0,
                                0, 1);
    cv::warpPerspective(page, window, cv::Mat(mm_to_page * out_to_mm), cv::Size(win, win),
                        cv::INTER_LINEAR | cv::WARP_INVERSE_MAP, cv::BORDER_REPLICATE);
    if (window.channels() == 3) {
      cv::cvtColor(window, window_gray, cv::COLOR_BGR2GRAY);
    } else {
      window_gray = window;
    }
    cv::matchTemplate(window_gray, p.patch, score, cv::TM_CCOEFF_NORMED);
    double best;
    cv::Point at;
    cv::minMaxLoc(score, nullptr, &best, nullptr, &at);
    if (best < kMinPeak || at.x == 0 || at.y == 0 || at.x == score.cols - 1 || at.y == score.rows - 1) continue;
    const double sx = parabola(score.at<float>(at.y, at.x - 1), score.at<float>(at.y, at.x), score.at<float>(at.y, at.x + 1));
    const double sy = parabola(score.at<float>(at.y - 1, at.x), score.at<float>(at.y, at.x), score.at<float>(at.y + 1, at.x));
    // The patch's centre was found (dx, dy) refine pixels away from where it was predicted.
    const double dx = (at.x + sx - radius) / ppmm, dy = (at.y + sy - radius) / ppmm;
    const cv::Vec3d pg = mm_to_page * cv::Vec3d(p.centre_mm.x + dx, p.centre_mm.y + dy, 1);
    page_pts.emplace_back(static_cast<float>(pg[0] / pg[2]), static_cast<float>(pg[1] / pg[2]));
    mm_pts.push_back(p.centre_mm);
  }
  if (static_cast<int>(page_pts.size()) < kMinAgreeing) return 0;
  std::vector<unsigned char> mask;
  const cv::Mat h = cv::findHomography(page_pts, mm_pts, cv::RANSAC, kFitTolMm, mask, 2000, 0.999);
  if (h.empty()) return 0;
  out = cv::Matx33d(h);
  return cv::countNonZero(mask);
}

}  // namespace

bool refine_alignment(const cv::Mat& page, const ReferenceModel& ref, cv::Matx33d& page_to_mm, int& agreeing) {
  agreeing = 0;
  if (ref.patches.size() < static_cast<std::size_t>(kMinAgreeing)) return false;
  cv::Matx33d current = page_to_mm;
  bool improved = false;
  for (const int radius : {8, 3}) {
    cv::Matx33d next;
    const int n = refine_once(page, ref, current, radius, next);
    if (n < kMinAgreeing || max_corner_shift_mm(page_to_mm, next, ref) > kMaxChangeMm) break;
    current = next;
    agreeing = n;
    improved = true;
  }
  if (improved) page_to_mm = current;
  return improved;
}

}  // namespace kamiflow::ocr::registration_detail
