// Loading the digit model and evaluating it. The SVM's own predict() only returns the winning
// label for ten classes; the margin that the confidence needs lives in the 45 pairwise decision
// values, so they are computed here from the stored support vectors (the same sums OpenCV forms).
#include "digit_classifier.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <mutex>

#include <opencv2/core/hal/hal.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/ml.hpp>

#include "digit_features.hpp"
#include "kamiflow/ocr/digit_model.hpp"

namespace kamiflow::ocr {

double margin_confidence(double margin, double accept_margin) {
  const double t = std::max(accept_margin, 1e-6);
  if (margin >= t) return std::min(1.0, kAcceptedConfidence + 0.1 * (margin - t) / t);
  return std::clamp(0.7 * margin / t, 0.0, 0.69);
}

namespace {
std::string how_to_fix(const std::string& path) {
  return " (build it with `kamiflow digits train --out " + path +
         "`, or set KAMIFLOW_MODELS_DIR to the folder holding digits_svm.yml)";
}
}  // namespace

Result<std::shared_ptr<const DigitClassifier>> DigitClassifier::load(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    return Status::NotFound("digit model not found: " + path + how_to_fix(path));
  return parse(path, false, path);
}

Result<std::shared_ptr<const DigitClassifier>> DigitClassifier::from_yaml(const std::string& yaml,
                                                                          const std::string& name) {
  return parse(yaml, true, name);
}

Result<std::shared_ptr<const DigitClassifier>> DigitClassifier::parse(const std::string& source, bool in_memory,
                                                                      const std::string& path) {
  const std::string fix = how_to_fix(path);
  std::shared_ptr<DigitClassifier> c(new DigitClassifier());
  try {  // OpenCV reports a malformed file by throwing; it stops here.
    cv::FileStorage fs(source, cv::FileStorage::READ | (in_memory ? cv::FileStorage::MEMORY : 0));
    if (!fs.isOpened()) return Status::IOError("cannot read digit model " + path + fix);
    // Models from before feature sets and shifts were recorded are plain HOG, read unshifted.
    const std::string set_name = fs["feature_set"].empty() ? "hog" : static_cast<std::string>(fs["feature_set"]);
    const auto set = parse_feature_set(set_name);
    if (!set) return Status::Corruption("digit model " + path + " has an unknown feature set '" + set_name + "'" + fix);
    c->feature_set_ = *set;
    if (!fs["test_shifts"].empty()) c->test_shifts_ = static_cast<int>(fs["test_shifts"]);
    if (c->test_shifts_ != 0 && c->test_shifts_ != 4)
      return Status::Corruption("digit model " + path + " has test_shifts " + std::to_string(c->test_shifts_) +
                                " (0 or 4 expected)" + fix);
    if (static_cast<int>(fs["kamiflow_digit_model"]) != 1 ||
        static_cast<int>(fs["features"]) != digit_feature_size(c->feature_set_))
      return Status::Corruption("digit model " + path + " is not a kamiflow digit model of this version" + fix);
    c->accept_margin_ = static_cast<double>(fs["accept_margin"]);
    if (!fs["nearest_limit"].empty()) c->nearest_limit_ = static_cast<double>(fs["nearest_limit"]);
    cv::Ptr<cv::ml::SVM> svm = cv::ml::SVM::create();
    svm->read(fs["svm"]);
    if (!svm->isTrained() || svm->getKernelType() != cv::ml::SVM::RBF)
      return Status::Corruption("digit model " + path + " holds no trained RBF SVM" + fix);
    c->gamma_ = svm->getGamma();
    c->support_vectors_ = svm->getSupportVectors();
    // One-vs-one over the labels 0..9 in order: pair (a, b) is decision function k.
    int k = 0;
    for (int a = 0; a < 10; ++a) {
      for (int b = a + 1; b < 10; ++b, ++k) {
        Pair p;
        p.a = a, p.b = b;
        cv::Mat alpha, svidx;
        p.rho = svm->getDecisionFunction(k, alpha, svidx);
        alpha.convertTo(alpha, CV_64F);
        p.alpha.assign(alpha.ptr<double>(), alpha.ptr<double>() + alpha.total());
        p.sv.assign(svidx.ptr<int>(), svidx.ptr<int>() + svidx.total());
        c->pairs_.push_back(std::move(p));
      }
    }
  } catch (const cv::Exception& e) {
    return Status::Corruption("digit model " + path + " is unreadable: " + e.what() + fix);
  }
  if (c->support_vectors_.cols != digit_feature_size(c->feature_set_) || c->pairs_.size() != 45)
    return Status::Corruption("digit model " + path + " does not match this kamiflow's features" + fix);
  return std::shared_ptr<const DigitClassifier>(std::move(c));
}

Result<std::shared_ptr<const DigitClassifier>> DigitClassifier::shared_default() {
  static std::mutex mu;
  static std::shared_ptr<const DigitClassifier> loaded;
  std::lock_guard<std::mutex> lock(mu);
  if (loaded) return loaded;
  KF_ASSIGN_OR_RETURN(loaded, load(default_digit_model_path()));
  return loaded;
}

cv::Mat DigitClassifier::squared_distances(const cv::Mat& features) const {
  cv::Mat d2;
  // Support vectors outer: each is loaded once and stays in the L1 cache for every read, where
  // batchDistance would stream the whole model once per read.
  d2.create(features.rows, support_vectors_.rows, CV_32F);
  const int dims = support_vectors_.cols;
  for (int i = 0; i < support_vectors_.rows; ++i) {
    const float* sv = support_vectors_.ptr<float>(i);
    for (int r = 0; r < features.rows; ++r) d2.at<float>(r, i) = cv::hal::normL2Sqr_(features.ptr<float>(r), sv, dims);
  }
  return d2;
}

DigitGuess DigitClassifier::classify_features(const cv::Mat& features) const {
  return decide(squared_distances(features), 0, features.rows);
}

DigitGuess DigitClassifier::decide(const cv::Mat& d2, int first, int reads) const {
  DigitGuess g;
  const int n = support_vectors_.rows;
  std::vector<double> kernel(static_cast<std::size_t>(n) * reads);
  g.nearest = 1e300;
  for (int r = 0; r < reads; ++r) {
    const float* row = d2.ptr<float>(first + r);
    double* k = kernel.data() + static_cast<std::size_t>(r) * n;
    for (int i = 0; i < n; ++i) {
      if (r == 0) g.nearest = std::min(g.nearest, static_cast<double>(row[i]));
      k[i] = std::exp(-gamma_ * row[i]);
    }
  }
  std::array<int, 10> votes{};
  std::array<std::array<double, 10>, 10> value{};  // value[w][o]: how far w beat o (signed)
  for (const Pair& p : pairs_) {
    double sum = 0;
    for (int r = 0; r < reads; ++r) {
      const double* k = kernel.data() + static_cast<std::size_t>(r) * n;
      double one = -p.rho;
      for (std::size_t j = 0; j < p.sv.size(); ++j) one += p.alpha[j] * k[p.sv[j]];
      sum += one;
    }
    sum /= reads;
    ++votes[sum > 0 ? p.a : p.b];
    value[p.a][p.b] = sum;
    value[p.b][p.a] = -sum;
  }
  // Most votes wins (OpenCV's rule); among equal votes, the larger worst-case margin.
  double best_margin = -1e300;
  std::size_t best = 0;  // always a digit, so the indexing below is visibly in range
  for (std::size_t d = 0; d < 10; ++d) {
    double m = 1e300;
    for (std::size_t o = 0; o < 10; ++o)
      if (o != d) m = std::min(m, value[d][o]);
    if (d == 0 || votes[d] > votes[best] || (votes[d] == votes[best] && m > best_margin)) {
      best = d;
      best_margin = m;
    }
  }
  g.digit = static_cast<int>(best);
  g.margin = best_margin;
  const std::array<double, 10>& won = value[best];
  for (std::size_t o = 0; o < 10; ++o) {
    g.beat[o] = won[o];
    if (o != best && (g.runner_up < 0 || won[o] < won[static_cast<std::size_t>(g.runner_up)])) g.runner_up = static_cast<int>(o);
  }
  g.accepted = g.margin >= accept_margin_ && g.nearest <= nearest_limit_;
  g.confidence = margin_confidence(g.margin, accept_margin_);
  if (!g.accepted) g.confidence = std::min(g.confidence, margin_confidence(0.99 * accept_margin_, accept_margin_));
  return g;
}

cv::Mat DigitClassifier::features_of(const cv::Mat& digit28) const {
  cv::Mat features = digit_features(digit28, feature_set_);
  if (test_shifts_ == 4) {
    // A stroke that falls on the edge of a HOG cell changes the features more than the digit;
    // averaging over one-pixel moves smooths that out (~5x the SVM cost of one read).
    constexpr int kMoves[4][2] = {{-1, 0}, {1, 0}, {0, -1}, {0, 1}};
    for (const auto& m : kMoves) features.push_back(digit_features(shift_digit(digit28, m[0], m[1]), feature_set_));
  }
  return features;
}

DigitGuess DigitClassifier::classify_digit(const cv::Mat& digit28) const {
  return classify_features(features_of(digit28));
}

DigitGuess DigitClassifier::classify_cell(const cv::Mat& gray, const InkRegion& region) const {
  return classify_cells({gray}, {region}).front();
}

std::vector<DigitGuess> DigitClassifier::classify_cells(const std::vector<cv::Mat>& grays,
                                                        const std::vector<InkRegion>& regions) const {
  CV_Assert(grays.size() == regions.size());
  cv::Mat features;
  int reads = 1;
  std::vector<int> row(grays.size(), -1);
  for (std::size_t i = 0; i < grays.size(); ++i) {
    const cv::Mat ink = cell_ink(grays[i], regions[i]);
    const cv::Mat digit = ink.empty() ? cv::Mat() : normalise_digit(ink);
    if (digit.empty()) continue;  // no writing: digit -1
    row[i] = features.rows;
    const cv::Mat f = features_of(digit);
    reads = f.rows;
    features.push_back(f);
  }
  const cv::Mat d2 = features.empty() ? cv::Mat() : squared_distances(features);
  std::vector<DigitGuess> out(grays.size());
  for (std::size_t i = 0; i < grays.size(); ++i) {
    if (row[i] < 0) continue;
    DigitGuess g = decide(d2, row[i], reads);
    // No digit encloses more than two areas (8); a crossed-out or hatched box encloses many, and
    // the SVM, which has never seen one, can still give it a large margin.
    if (g.accepted && enclosed_areas(regions[i]) > 2) {
      g.accepted = false;
      g.confidence = std::min(g.confidence, margin_confidence(0.99 * accept_margin_, accept_margin_));
    }
    out[i] = g;
  }
  return out;
}

DigitGuess DigitClassifier::classify_cell_checked(const cv::Mat& gray, const InkRegion& region) const {
  return classify_cells_checked({gray}, {region}).front();
}

std::vector<DigitGuess> DigitClassifier::classify_cells_checked(const std::vector<cv::Mat>& grays,
                                                                const std::vector<InkRegion>& regions,
                                                                double check_below) const {
  CV_Assert(grays.size() == regions.size());
  std::vector<DigitGuess> out = classify_cells(grays, regions);
  // An accepted cell near the boundary is read twice more, with every stroke a pixel bolder and
  // a pixel thinner (a slightly heavier or finer pen, or scanner). A digit that changes under so
  // small a change sits between two shapes (an S-like 8 and a 5): its first margin does not show
  // it, the disagreement does. Far from the boundary the check refused only right digits (mostly
  // 0s a thinner pen opens): dev seeds 41/43/44, 9,580 handwritten cells, at margins of at least
  // kStabilityCheckBelow x the accept margin 36 refusals, all right; below it 41 right and all 3
  // wrong ones (margins 0.23-0.38, accept margin 0.23). Its reads are also the saved cost.
  // row[cell][v] is the first of the variant's `reads` rows of `features` (features_of), -1 where
  // the cell is not checked or the variant lost its ink.
  const cv::Mat k = cv::getStructuringElement(cv::MORPH_RECT, {3, 3});
  cv::Mat features;
  int reads = 1;
  std::vector<std::array<int, 2>> row(grays.size(), {-1, -1});
  std::vector<bool> checked(grays.size(), false);
  for (std::size_t i = 0; i < grays.size(); ++i) {
    if (!out[i].accepted || out[i].margin >= check_below * accept_margin_) continue;
    checked[i] = true;
    const cv::Mat& cell = grays[i];
    const InkRegion& region = regions[i];
    cv::Mat bold, thin;
    cv::erode(cell, bold, k);
    InkRegion grown = region;
    grown.mask = cv::Mat();  // a copy shares the caller's pixels: dilating into it would change them
    cv::dilate(region.mask, grown.mask, k);
    grown.bounds = cv::Rect(region.bounds.x - 1, region.bounds.y - 1, region.bounds.width + 2,
                            region.bounds.height + 2) &
                   cv::Rect(0, 0, cell.cols, cell.rows);
    cv::dilate(cell, thin, k);
    const cv::Mat variants[2] = {normalise_digit(cell_ink(bold, grown)), normalise_digit(cell_ink(thin, region))};
    for (std::size_t v = 0; v < 2; ++v) {
      if (variants[v].empty()) continue;
      row[i][v] = features.rows;
      const cv::Mat f = features_of(variants[v]);
      reads = f.rows;
      features.push_back(f);
    }
  }
  if (std::none_of(checked.begin(), checked.end(), [](bool c) { return c; })) return out;
  const cv::Mat d2 = features.empty() ? cv::Mat() : squared_distances(features);
  for (std::size_t i = 0; i < grays.size(); ++i) {
    if (!checked[i]) continue;
    DigitGuess& g = out[i];
    const bool stable = row[i][0] >= 0 && row[i][1] >= 0 && decide(d2, row[i][0], reads).digit == g.digit &&
                        decide(d2, row[i][1], reads).digit == g.digit;
    if (!stable) {
      g.accepted = false;
      g.confidence = std::min(g.confidence, margin_confidence(0.99 * accept_margin_, accept_margin_));
    }
  }
  return out;
}

int enclosed_areas(const InkRegion& region) {
  if (region.bounds.area() == 0) return 0;
  cv::Mat mask = region.mask(region.bounds).clone();
  std::vector<std::vector<cv::Point>> contours;
  std::vector<cv::Vec4i> hierarchy;
  cv::findContours(mask, contours, hierarchy, cv::RETR_CCOMP, cv::CHAIN_APPROX_SIMPLE);
  // Holes smaller than ~8 % of the digit height across are pen blots and thresholding gaps.
  const double min_side = 0.08 * region.bounds.height;
  int holes = 0;
  for (std::size_t i = 0; i < contours.size(); ++i)
    if (hierarchy[i][3] >= 0 && cv::contourArea(contours[i]) >= min_side * min_side) ++holes;
  return holes;
}

}  // namespace kamiflow::ocr
