// crossvalidate_digit_model (digit_model.hpp): k-fold cross-validation over the development data,
// so that a choice between feature sets, augmentations and SVM settings rests on ~7,000 digits
// instead of the validation split's ~1,000 (where one digit is 0.1 %). It loads only the train
// and validation splits: the reserved 30 % never reaches it.
#include <chrono>
#include <cmath>
#include <numeric>

#include <opencv2/core/utility.hpp>

#include "digit_classifier.hpp"
#include "digit_trainer.hpp"

namespace kamiflow::ocr {

Result<DigitCrossValReport> crossvalidate_digit_model(const DigitTrainOptions& options, int folds) {
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  if (folds < 2 || folds > 20) return Status::InvalidInput("folds must be 2-20, not " + std::to_string(folds));
  KF_ASSIGN_OR_RETURN(const DigitFeatureSet set, checked_feature_set(options));
  cv::setNumThreads(1);  // as train_digit_model: the same arithmetic, hence the same figures, every run
  const std::string dir = options.data_dir.empty() ? default_data_dir() : options.data_dir;
  KF_ASSIGN_OR_RETURN(std::vector<MnistSample> development,
                      load_mnist_split(dir, MnistSplit::kTrain, options.max_per_digit));
  if (options.max_per_digit <= 0) {
    KF_ASSIGN_OR_RETURN(std::vector<MnistSample> validation, load_mnist_split(dir, MnistSplit::kValidation));
    development.insert(development.end(), validation.begin(), validation.end());
  }
  // Fold of each sample: its rank among its digit's development samples (file order), in runs.
  std::array<int, 10> per_digit{}, seen{};
  for (const MnistSample& s : development) ++per_digit[s.label];
  std::vector<int> fold_of(development.size());
  std::vector<std::size_t> order(development.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return development[a].label != development[b].label ? development[a].label < development[b].label
                                                        : development[a].index < development[b].index;
  });
  // Fold k holds ranks [floor(n k / folds), floor(n (k+1) / folds)): the split rule's own
  // arithmetic, so with 7 folds the last is exactly the validation split.
  for (std::size_t i : order) {
    const int d = development[i].label, rank = seen[d]++;
    int k = 0;
    while (k + 1 < folds && static_cast<long long>(per_digit[d]) * (k + 1) / folds <= rank) ++k;
    fold_of[i] = k;
  }

  DigitCrossValReport rep;
  double classify_seconds = 0;
  int classified = 0;
  for (int fold = 0; fold < folds; ++fold) {
    std::vector<MnistSample> train, held_out;
    for (std::size_t i = 0; i < development.size(); ++i) (fold_of[i] == fold ? held_out : train).push_back(development[i]);
    const TrainingSet data = training_set(train, options, set);
    if (data.features.rows < 10 || held_out.empty())
      return Status::InvalidInput("too few development samples for " + std::to_string(folds) + " folds in " + dir);
    KF_ASSIGN_OR_RETURN(cv::Ptr<cv::ml::SVM> svm, train_svm(data, options));
    KF_ASSIGN_OR_RETURN(auto model,
                        DigitClassifier::from_yaml(model_yaml(svm, options, data.features.rows, data.fonts, 0, 1e300),
                                                   "fold " + std::to_string(fold)));
    const auto c0 = Clock::now();
    int right = 0;
    for (const MnistSample& s : held_out) {
      const cv::Mat digit = normalise_digit(sample_image(s));
      right += !digit.empty() && model->classify_digit(digit).digit == s.label;
    }
    classify_seconds += std::chrono::duration<double>(Clock::now() - c0).count();
    classified += static_cast<int>(held_out.size());
    rep.fold_accuracy.push_back(static_cast<double>(right) / held_out.size());
    rep.fold_digits.push_back(static_cast<int>(held_out.size()));
    rep.support_vectors += svm->getSupportVectors().rows / static_cast<double>(folds);
  }
  rep.mean = std::accumulate(rep.fold_accuracy.begin(), rep.fold_accuracy.end(), 0.0) / folds;
  double var = 0;
  for (double a : rep.fold_accuracy) var += (a - rep.mean) * (a - rep.mean);
  rep.spread = std::sqrt(var / (folds - 1));
  rep.ms_per_digit = classified ? 1000 * classify_seconds / classified : 0;
  rep.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  return rep;
}

}  // namespace kamiflow::ocr
