// Internal to ocr/: the handwritten-digit classifier (RBF SVM on deskewed HOG, digit_features.hpp)
// and its confidence.
//
// Contract: load() reads a model written by train_digit_model (digit_model.hpp), whose file names
// its feature set and test-time shifts, and fails with a
// Status naming the path and how to make the file. A loaded classifier is immutable: classify()
// evaluates the 45 one-vs-one decision functions itself from the model's support vectors, so it is
// const, allocation-light and safe to share across worker threads. The confidence comes from the
// margin: the smallest decision value by which the winning digit beat each of the nine others.
// `accepted` means that margin reached the threshold calibrated on the validation split and the
// cell is not unlike every digit trained on (DigitGuess::nearest); a cell
// that is not accepted must be flagged by the caller, never trusted.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "digit_features.hpp"
#include "field_image.hpp"
#include "kamiflow/status.hpp"

namespace kamiflow::ocr {

struct DigitGuess {
  int digit = -1;          // 0-9; -1 when the cell held no usable ink
  double margin = 0;       // min over the other digits of the winner's pairwise decision value
  int runner_up = -1;      // the digit that margin is over: the likeliest other reading
  // beat[o]: the winner's averaged pairwise decision value against digit o (beat[digit] = 0).
  // The smaller, the likelier o is the reading instead (runner_up has the smallest).
  std::array<double, 10> beat{};
  double confidence = 0;   // [0,1]; >= kAcceptedConfidence exactly when accepted
  bool accepted = false;
  // Squared feature distance to the nearest support vector. Far from every training shape an RBF
  // SVM's decision values shrink to its biases and its margin means nothing: such a cell (a
  // scribble, a crossed-out box) is never accepted, whatever its margin.
  double nearest = 0;
};

// Accepted cells map to [0.90, 1.0], rejected ones to [0, 0.70): a default review threshold
// (0.80) flags every rejected cell.
inline constexpr double kAcceptedConfidence = 0.90;
// classify_cells_checked re-reads an accepted cell bolder and thinner only below this many times
// the accept margin: above it the check refused right digits only (digit_classifier.cpp).
inline constexpr double kStabilityCheckBelow = 2.0;
// The most a field read by the classifier alone can score, however large its margins: below what
// a second, independent voice gives (Tesseract reading the same digits: 1.0; a holding check digit:
// 0.9995, field_postprocess.cpp), so those stay the surest. Below the cap the score keeps its
// order (it is the weakest cell's margin), and the calibrated `digit_boxes/handwritten` threshold
// decides where a person must look: on the development seeds the wrong fields cluster at the
// lower margins (0.91-0.96), though one sure-looking 0 open at the top read as a 6 at the cap.
// A flat 0.98 cap (until then) sent every classifier-only field to a person, right or wrong.
inline constexpr double kHandwrittenAloneCap = 0.995;
// A field with a cell the classifier doubts scores at most this: under the lowest threshold a
// calibration may choose (0.5, engine/eval/calibrate.hpp), so the curves `kamiflow eval` draws see
// it reviewed at every threshold, as the engine does (the reader flags it low_confidence anyway).
// At 0.69 a calibration on dev seed 41 chose 0.69 and counted those fields as passing.
inline constexpr double kDoubtfulCellCap = 0.49;

class DigitClassifier {
 public:
  [[nodiscard]] static Result<std::shared_ptr<const DigitClassifier>> load(const std::string& path);
  // The same from a model's YAML text (training calibrates the model it has just built).
  [[nodiscard]] static Result<std::shared_ptr<const DigitClassifier>> from_yaml(const std::string& yaml,
                                                                              const std::string& name);
  // The classifier at default_digit_model_path(), loaded once per process and then shared. A
  // failure is not cached: installing the model fixes a running service's next page.
  [[nodiscard]] static Result<std::shared_ptr<const DigitClassifier>> shared_default();

  // One digit's feature vectors (n x digit_feature_size(feature_set()) CV_32F): row 0 the digit
  // itself, further rows shifted copies of it; the pairwise decision values are averaged over
  // the rows (so the margin keeps one read's scale) and `nearest` is row 0's.
  DigitGuess classify_features(const cv::Mat& features) const;
  // A normalised 28x28 CV_32F digit, and the model's test-time shifts of it (test_shifts()).
  DigitGuess classify_digit(const cv::Mat& digit28) const;
  // A scanned cell: its grey image and the writing found in it (cell coordinates).
  DigitGuess classify_cell(const cv::Mat& gray, const InkRegion& region) const;
  // classify_cell, and an accepted digit whose margin is under kStabilityCheckBelow x the accept
  // margin read twice more with every stroke one pixel bolder and one pixel thinner: a digit that
  // changes under so small a pen change is not accepted.
  DigitGuess classify_cell_checked(const cv::Mat& gray, const InkRegion& region) const;
  // classify_cell for many cells at once (grays[i] with regions[i]), with the same results, in
  // one pass over the support vectors (see classify_cells_checked).
  std::vector<DigitGuess> classify_cells(const std::vector<cv::Mat>& grays, const std::vector<InkRegion>& regions) const;
  // classify_cell_checked for many cells at once (grays[i] with regions[i]), with the same
  // results: the first reads share one pass over the support vectors, which is most of a read's
  // cost (the model is ~20 MB; reading it once per field instead of once per read), and the
  // checked cells' extra reads a second one.
  // `check_below` is the multiple of the accept margin under which cells are re-read (tests
  // compare it with checking every accepted cell).
  std::vector<DigitGuess> classify_cells_checked(const std::vector<cv::Mat>& grays,
                                                 const std::vector<InkRegion>& regions,
                                                 double check_below = kStabilityCheckBelow) const;

  double accept_margin() const { return accept_margin_; }
  double nearest_limit() const { return nearest_limit_; }
  DigitFeatureSet feature_set() const { return feature_set_; }
  // 0: the digit is read as it is; 4: also moved one pixel left, right, up and down.
  int test_shifts() const { return test_shifts_; }

 private:
  DigitClassifier() = default;
  // The feature rows of one digit: one, or five with test-time shifts (averaged by decide).
  cv::Mat features_of(const cv::Mat& digit28) const;
  // Squared distances (rows x support vectors, CV_32F) of each feature row to every support vector.
  cv::Mat squared_distances(const cv::Mat& features) const;
  // The guess from rows [first, first + reads) of squared_distances (decision values averaged).
  DigitGuess decide(const cv::Mat& d2, int first, int reads) const;
  // `source` is a file path, or the YAML text itself when in_memory; `path` names it in messages.
  static Result<std::shared_ptr<const DigitClassifier>> parse(const std::string& source, bool in_memory,
                                                              const std::string& path);
  struct Pair {
    int a = 0, b = 0;  // a < b; the decision value is > 0 for a
    double rho = 0;
    std::vector<int> sv;
    std::vector<double> alpha;
  };
  cv::Mat support_vectors_;  // rows, CV_32F
  double gamma_ = 1;
  double accept_margin_ = 0;
  double nearest_limit_ = 1e300;
  DigitFeatureSet feature_set_;
  int test_shifts_ = 0;
  std::vector<Pair> pairs_;
};

// Areas of paper the cell's ink encloses (0 has one, 8 two), ignoring pin-holes.
[[nodiscard]] int enclosed_areas(const InkRegion& region);

// Maps a margin to a confidence given the accept threshold (see kAcceptedConfidence).
[[nodiscard]] double margin_confidence(double margin, double accept_margin);

}  // namespace kamiflow::ocr
