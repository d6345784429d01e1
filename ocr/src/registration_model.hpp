// Internal to the registration files: what build_reference() precomputes for one template, and
// the steps align() chains. Everything here is immutable after build_reference(), so worker
// threads share one ReferenceModel without locks.
//
// Coordinate convention (all files): pixel index i has its centre at continuous coordinate
// i + 0.5, and millimetres are continuous from the page's top-left corner. So for an image at
// `ppmm` pixels per millimetre, mm = (i + 0.5) / ppmm. scale_about_centres() builds that mapping.
#pragma once

#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/features2d.hpp>

#include "registration.hpp"

namespace kamiflow::ocr {

// ORB features of the reference at one working scale.
struct FeatureLevel {
  double ppmm = 0;                  // working pixels per millimetre
  cv::Mat image;                    // grey reference at this scale
  std::vector<cv::KeyPoint> keypoints;
  cv::Mat descriptors;
  int max_features = 0;             // what the page is detected with at this level
};

// A small patch of the reference with 2-D structure (a corner), for precise re-matching.
struct RefinePatch {
  cv::Point2f centre_mm;
  cv::Mat patch;  // grey, at RefineParams ppmm, centred on centre_mm
};

struct ReferenceModel {
  std::string id;
  double width_mm = 0, height_mm = 0;
  double dpi = 0;
  cv::Mat gray;                       // full reference, grey, at dpi
  std::vector<FeatureLevel> levels;   // [0] the ~1000 px level; later ones are fallbacks
  cv::Mat verify_ink;                 // level 0 ink mask (255 = printed matter) for scoring
  double refine_ppmm = 0;             // scale of the refinement patches
  cv::Mat refine_image;               // reference at refine_ppmm (patches are cut from it)
  std::vector<RefinePatch> patches;
};

// Helpers live in their own namespace: other ocr/ files define similarly named functions.
namespace registration_detail {

// mm = (i + 0.5) / ppmm and its inverse, as homogeneous matrices to compose with homographies.
cv::Matx33d pixels_to_mm(double ppmm);
cv::Matx33d mm_to_pixels(double ppmm);

// Light, scale-independent "ink" mask: darker than the local background by a margin.
cv::Mat ink_mask(const cv::Mat& gray);

// Grid-bucketed ORB: features spread over the whole page instead of piling onto dense text.
void detect_spread(const cv::Mat& gray, int max_features, std::vector<cv::KeyPoint>& keypoints,
                   cv::Mat& descriptors);

// Features of the page's working image (grey at level.ppmm) matched to the level; homography
// page_work → ref_work. Returns false with `reason` when too few matches or RANSAC finds no model
// within `max_ransac_iterations` (the page of the right form needs ~100; a wrong form's matches
// are noise, where RANSAC runs to the limit).
bool match_level(const std::vector<cv::KeyPoint>& page_keypoints, const cv::Mat& page_descriptors,
                 const FeatureLevel& level, cv::Matx33d& page_to_ref, int& inliers, int& matches, std::string& reason,
                 int max_ransac_iterations = 4000);

// Re-matches the reference's corner patches around where `page_to_mm` predicts them, at
// refine_ppmm, and refits the homography on the sub-pixel correspondences. Returns false (and
// leaves page_to_mm alone) when too few patches agree.
bool refine_alignment(const cv::Mat& page_gray_or_bgr, const ReferenceModel& ref, cv::Matx33d& page_to_mm,
                      int& agreeing_patches);

}  // namespace registration_detail
}  // namespace kamiflow::ocr
