// Internal to ocr/: aligning a scanned page to a template's blank reference image, and
// classifying a page among several templates.
//
// Contract: build_reference() runs once per template (features of the reference image at a
// ~1000 px working scale) and its result is immutable, shared read-only by all worker threads.
// align() estimates the homography page → template (ORB + RANSAC on a ~1000 px downscale, retried
// at 1.6× that scale when it fails), rejects implausible geometry (mirror, fold, shear, extreme
// perspective or scale), then refines it by sub-pixel matching of the reference's corner patches
// at ~6 px/mm (synthetic scans: ORB alone 0.05–0.9 mm max error, refined < 0.03 mm). Rotation of
// any angle, 180° included, is handled by the homography itself. The score in [0,1] is the share
// of the template's printed matter found on the aligned page, corrected for chance (so a page
// covered in ink or noise scores ~0), times min(1, inliers/25). A failed alignment says why.
// align() is reentrant (no shared mutable state). Call cv::setNumThreads(1) in workers; these
// functions do not spawn threads. Cost at A4 300 dpi: ~45 ms CPU (grey), ~60 ms (BGR).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "kamiflow/ocr/form_template.hpp"
#include "kamiflow/status.hpp"

namespace kamiflow::ocr {

struct ReferenceModel;  // defined in registration.cpp

// Loads template.reference_image (or renders nothing and fails when it is empty/missing).
[[nodiscard]] Result<std::shared_ptr<const ReferenceModel>> build_reference(const FormTemplate& tmpl);
// The reference image in grey at `dpi` (for blank-vs-filled comparisons of choice boxes).
const cv::Mat& reference_gray(const ReferenceModel& ref);
double reference_dpi(const ReferenceModel& ref);

struct Alignment {
  bool ok = false;
  std::string reason;        // why not ok ("only 12 feature matches", ...)
  cv::Mat page_to_mm;        // 3x3 CV_64F homography: page pixels → template millimetres. Pixel
                             // (i, j) is the pixel's centre; mm are continuous from the form's corner,
                             // so on an unrotated 300 dpi scan pixel 0 ↦ 0.5·25.4/300 mm.
  double score = 0;          // [0,1]: inlier ratio × coverage, or equivalent; comparable across templates
  int inliers = 0;
  double rotation_degrees = 0;  // page rotation the homography undoes, in (-180, 180]; positive =
                                // the form appears turned counter-clockwise on the page (as displayed)
};

// A page's downscaled working images and ORB features, computed on first use and shared by every
// align() of that page: classify() aligns one page against each template, and templates of one
// paper size use the same working scale, so the page is described once instead of once per
// template. Not thread-safe (one per page, on the thread reading it).
class PageFeatures {
 public:
  struct Level {
    double scale = 1;      // of the page
    int max_features = 0;
    cv::Mat image;         // grey, page resized by `scale`
    std::vector<cv::KeyPoint> keypoints;
    cv::Mat descriptors;
  };
  explicit PageFeatures(const cv::Mat& page) : page_(page) {}
  const cv::Mat& page() const { return page_; }
  const Level& level(double scale, int max_features);

 private:
  cv::Mat page_;
  std::vector<std::unique_ptr<Level>> levels_;
};

// How far align() goes. kQuick: the first working level only, no refinement, RANSAC capped at 800
// iterations (enough for ~35% inliers): good enough to tell a form from another (the score is
// measured at the working scale anyway), not to read fields from.
enum class AlignDepth { kFull, kQuick };

// page: 8UC1 or 8UC3 scan at its own resolution.
[[nodiscard]] Alignment align(PageFeatures& page, const ReferenceModel& ref, AlignDepth depth = AlignDepth::kFull);
[[nodiscard]] Alignment align(const cv::Mat& page, const ReferenceModel& ref);
// Turns a kQuick alignment into the kFull one without matching features again (refinement and
// score only); without a quick homography it is align(page, ref).
[[nodiscard]] Alignment complete_alignment(PageFeatures& page, const ReferenceModel& ref, const Alignment& quick);

// Warps just the region `box_mm` (plus `margin_mm` on each side) of the page into an upright
// image at `dpi`, using the alignment. Cheap: only the region's pixels are sampled.
[[nodiscard]] cv::Mat warp_region(const cv::Mat& page, const Alignment& a, const BoxMm& box_mm, double dpi,
                                  double margin_mm = 0);
// The same region of the blank reference image, at `dpi` (grey).
[[nodiscard]] cv::Mat reference_region(const ReferenceModel& ref, const BoxMm& box_mm, double dpi,
                                       double margin_mm = 0);
// Box in page pixels (axis-aligned bounding box of the mapped corners), for Record::PixelBox.
[[nodiscard]] cv::Rect page_rect(const Alignment& a, const BoxMm& box_mm, const cv::Size& page_size);

struct Classification {
  int best = -1;                  // index into refs, or -1 when unclassified
  std::vector<double> scores;     // one per reference
  std::vector<Alignment> alignments;  // one per reference (so the winner need not be aligned twice)
  std::vector<std::string> ids;   // the ids passed to classify(), for explain()
  std::string explain() const;    // "inkan=0.81 kokuho=0.12 sodai=0.05"
};

// Picks the template whose alignment scores best, if it beats the runner-up by `margin` and
// reaches `min_score`; otherwise best = -1 (the "unclassified" tray).
[[nodiscard]] Classification classify(const cv::Mat& page, const std::vector<std::shared_ptr<const ReferenceModel>>& refs,
                                      const std::vector<std::string>& ids, double margin, double min_score);

}  // namespace kamiflow::ocr
