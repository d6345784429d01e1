// ORB features spread over the page, kNN matching with Lowe's ratio test, and RANSAC.
// Cost is dominated by matching (n² Hamming distances), hence ~1000 features (DESIGN.md §4).
#include <algorithm>

#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>

#include "registration_model.hpp"

namespace kamiflow::ocr::registration_detail {
namespace {

constexpr int kGridCols = 6, kGridRows = 8;
constexpr float kRatio = 0.8f;           // Lowe's ratio: best match clearly better than second
constexpr double kRansacPx = 3.0;        // reprojection tolerance at the working scale (~1 mm)
constexpr int kMinMatches = 12;

}  // namespace

cv::Matx33d pixels_to_mm(double ppmm) {
  return {1 / ppmm, 0, 0.5 / ppmm, 0, 1 / ppmm, 0.5 / ppmm, 0, 0, 1};
}
cv::Matx33d mm_to_pixels(double ppmm) { return {ppmm, 0, -0.5, 0, ppmm, -0.5, 0, 0, 1}; }

cv::Mat ink_mask(const cv::Mat& gray) {
  // Local threshold: survives uneven scanner lighting and grey paper, where a global one fails.
  cv::Mat ink;
  cv::adaptiveThreshold(gray, ink, 255, cv::ADAPTIVE_THRESH_MEAN_C, cv::THRESH_BINARY_INV, 15, 20);
  return ink;
}

void detect_spread(const cv::Mat& gray, int max_features, std::vector<cv::KeyPoint>& keypoints,
                   cv::Mat& descriptors) {
  // Over-detect, then keep the strongest few per grid cell and fill up with the strongest rest:
  // plain ORB piles its budget onto the densest text block and leaves the margins bare.
  auto orb = cv::ORB::create(max_features * 3, 1.2f, 6, 31, 0, 2, cv::ORB::HARRIS_SCORE, 31, 12);
  std::vector<cv::KeyPoint> all;
  orb->detect(gray, all);
  std::sort(all.begin(), all.end(), [](const cv::KeyPoint& a, const cv::KeyPoint& b) { return a.response > b.response; });
  const int per_cell = std::max(1, max_features / (kGridCols * kGridRows));
  std::vector<int> taken(kGridCols * kGridRows, 0);
  std::vector<cv::KeyPoint> chosen, rest;
  chosen.reserve(max_features);
  for (const cv::KeyPoint& k : all) {
    const int cx = std::clamp(static_cast<int>(k.pt.x * kGridCols / gray.cols), 0, kGridCols - 1);
    const int cy = std::clamp(static_cast<int>(k.pt.y * kGridRows / gray.rows), 0, kGridRows - 1);
    if (taken[cy * kGridCols + cx] < per_cell) {
      ++taken[cy * kGridCols + cx];
      chosen.push_back(k);
    } else {
      rest.push_back(k);
    }
  }
  for (std::size_t i = 0; i < rest.size() && static_cast<int>(chosen.size()) < max_features; ++i) chosen.push_back(rest[i]);
  keypoints = std::move(chosen);
  orb->compute(gray, keypoints, descriptors);
}

bool match_level(const std::vector<cv::KeyPoint>& kps, const cv::Mat& desc, const FeatureLevel& level,
                 cv::Matx33d& page_to_ref, int& inliers, int& matches, std::string& reason, int max_ransac_iterations) {
  inliers = matches = 0;
  if (kps.size() < static_cast<std::size_t>(kMinMatches) || desc.empty()) {
    reason = "page has almost no structure (" + std::to_string(kps.size()) + " features)";
    return false;
  }
  cv::BFMatcher matcher(cv::NORM_HAMMING);
  std::vector<std::vector<cv::DMatch>> knn;
  matcher.knnMatch(desc, level.descriptors, knn, 2);
  std::vector<cv::Point2f> src, dst;
  for (const auto& m : knn) {
    if (m.size() == 2 && m[0].distance < kRatio * m[1].distance) {
      src.push_back(kps[m[0].queryIdx].pt);
      dst.push_back(level.keypoints[m[0].trainIdx].pt);
    }
  }
  matches = static_cast<int>(src.size());
  if (matches < kMinMatches) {
    reason = "only " + std::to_string(matches) + " feature matches";
    return false;
  }
  std::vector<unsigned char> mask;
  const cv::Mat h = cv::findHomography(src, dst, cv::RANSAC, kRansacPx, mask, max_ransac_iterations, 0.999);
  if (h.empty()) {
    reason = "no consistent geometry among " + std::to_string(matches) + " feature matches";
    return false;
  }
  inliers = cv::countNonZero(mask);
  page_to_ref = cv::Matx33d(h);
  return true;
}

}  // namespace kamiflow::ocr::registration_detail
