// Internal to ocr/: the steps of training a digit model, shared by train_digit_model
// (digit_training.cpp) and crossvalidate_digit_model (digit_crossval.cpp), so a cross-validated
// variant is trained exactly as the shipped model is.
//
// Contract: deterministic (DigitRng seeded from the options, OpenCV single-threaded by the
// caller); no global state. Not thread-safe with respect to cv::setNumThreads.
#pragma once

#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/ml.hpp>

#include "digit_features.hpp"
#include "kamiflow/ocr/digit_model.hpp"
#include "mnist_dataset.hpp"

namespace kamiflow::ocr {

// The options' feature set, or an InvalidInput naming the accepted names; test_shifts checked too.
[[nodiscard]] Result<DigitFeatureSet> checked_feature_set(const DigitTrainOptions& options);

[[nodiscard]] cv::Mat sample_image(const MnistSample& s);

struct TrainingSet {
  cv::Mat features, labels;        // one row per sample, CV_32F / CV_32S
  std::vector<std::string> fonts;  // the font files whose digits were added
};
// `samples` with options.augmented_copies distorted copies each, and the installed fonts' digits.
[[nodiscard]] TrainingSet training_set(const std::vector<MnistSample>& samples, const DigitTrainOptions& options,
                                       DigitFeatureSet set);

[[nodiscard]] Result<cv::Ptr<cv::ml::SVM>> train_svm(const TrainingSet& set, const DigitTrainOptions& options);

// The model file's text (what DigitClassifier::from_yaml and load read).
[[nodiscard]] std::string model_yaml(const cv::Ptr<cv::ml::SVM>& svm, const DigitTrainOptions& o, int train_samples,
                                     const std::vector<std::string>& fonts, double accept_margin,
                                     double nearest_limit);

}  // namespace kamiflow::ocr
