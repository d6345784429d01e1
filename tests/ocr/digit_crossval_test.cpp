// `kamiflow digits crossvalidate` and the feature sets it compares: folds that cover the data
// once, figures that are the folds' own, a model file that remembers its feature set and
// test-time shifts, and clear errors for options that do not exist.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include <opencv2/imgproc.hpp>

#include "digit_augment.hpp"
#include "digit_classifier.hpp"
#include "digit_features.hpp"
#include "kamiflow/ocr/digit_model.hpp"
#include "test_support.hpp"

namespace kamiflow::ocr {
namespace {

TEST(DigitCrossValidation, FoldsCoverTheDataOnceAndTheFiguresAreTheFolds) {
  DigitTrainOptions o;
  o.max_per_digit = 30;  // 300 train digits, 3 folds of 100
  o.augmented_copies = 0;
  auto r = crossvalidate_digit_model(o, 3);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->fold_accuracy.size(), 3u);
  ASSERT_EQ(r->fold_digits.size(), 3u);
  EXPECT_EQ(std::accumulate(r->fold_digits.begin(), r->fold_digits.end(), 0), 300);
  for (int n : r->fold_digits) EXPECT_EQ(n, 100);
  const auto [lo, hi] = std::minmax_element(r->fold_accuracy.begin(), r->fold_accuracy.end());
  EXPECT_GE(r->mean, *lo);
  EXPECT_LE(r->mean, *hi);
  EXPECT_NEAR(r->mean, (r->fold_accuracy[0] + r->fold_accuracy[1] + r->fold_accuracy[2]) / 3, 1e-12);
  EXPECT_GE(r->spread, 0);
  EXPECT_LE(r->spread, *hi - *lo + 1e-12);
  // 200 digits and the font digits train a model that reads most of the other 100.
  EXPECT_GT(*lo, 0.75);
  EXPECT_GT(r->support_vectors, 50);
  // Same options, same figures: the choice between variants is reproducible.
  auto again = crossvalidate_digit_model(o, 3);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->fold_accuracy, r->fold_accuracy);
}

TEST(DigitCrossValidation, UnknownOptionsAreNamedErrors) {
  DigitTrainOptions o;
  o.max_per_digit = 10;
  EXPECT_EQ(crossvalidate_digit_model(o, 1).status().code(), StatusCode::kInvalidInput);
  o.features = "hog+sift";
  auto r = crossvalidate_digit_model(o, 3);
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(r.status().message().find("hog+sift"), std::string::npos);
  o.features = "hog";
  o.test_shifts = 3;
  EXPECT_EQ(crossvalidate_digit_model(o, 3).status().code(), StatusCode::kInvalidInput);
}

TEST(DigitFeatures, EverySetHasItsSizeAndItsName) {
  cv::Mat digit = cv::Mat::zeros(28, 28, CV_32F);
  cv::rectangle(digit, cv::Rect(9, 5, 10, 18), cv::Scalar(1), 2);  // a 0
  for (const char* name : {"hog", "hog+grid7", "hog+pixels", "hog+grid7+pixels"}) {
    const auto set = parse_feature_set(name);
    ASSERT_TRUE(set) << name;
    EXPECT_EQ(feature_set_name(*set), name);
    const cv::Mat f = digit_features(digit, *set);
    EXPECT_EQ(f.cols, digit_feature_size(*set)) << name;
    // Every HOG grid and the pixels have unit length (what the RBF gamma was chosen for).
    const int groups = 2 + set->grid7 + set->pixels;
    EXPECT_NEAR(cv::norm(f, cv::NORM_L2SQR), groups, 1e-3) << name;
  }
  EXPECT_FALSE(parse_feature_set("pixels+hog"));
  // The plain set is the head of every other: the old features are unchanged.
  const cv::Mat hog = digit_features(digit), all = digit_features(digit, {true, true});
  EXPECT_EQ(cv::norm(hog, all.colRange(0, hog.cols), cv::NORM_INF), 0);
}

TEST(DigitFeatures, ShiftMovesInkAndLetsPaperIn) {
  cv::Mat digit = cv::Mat::zeros(28, 28, CV_32F);
  digit.at<float>(10, 0) = 1;
  digit.at<float>(5, 7) = 0.5f;
  const cv::Mat right = shift_digit(digit, 1, 0), up = shift_digit(digit, 0, -1), left = shift_digit(digit, -1, 0);
  EXPECT_EQ(right.at<float>(10, 1), 1);
  EXPECT_EQ(right.at<float>(5, 8), 0.5f);
  EXPECT_EQ(up.at<float>(4, 7), 0.5f);
  EXPECT_EQ(cv::sum(left)[0], 0.5);  // the ink in column 0 left the image
}

TEST(DigitAugment, ElasticBendsTheSameWayForTheSameSeedAndLeavesTheRestAlone) {
  cv::Mat digit = cv::Mat::zeros(28, 28, CV_32F);
  cv::line(digit, {14, 4}, {14, 24}, cv::Scalar(1), 2);
  DigitRng a(5), b(5), plain(5), plain_again(5);
  const cv::Mat bent = augment_digit(digit, a, 34), same = augment_digit(digit, b, 34);
  EXPECT_EQ(cv::norm(bent, same, cv::NORM_INF), 0);
  const cv::Mat straight = augment_digit(digit, plain, 0);
  EXPECT_GT(cv::norm(bent, straight, cv::NORM_L1), 1.0);  // the stroke moved
  EXPECT_NEAR(cv::sum(bent)[0], cv::sum(straight)[0], 0.25 * cv::sum(straight)[0]);  // not erased
  // Without bending the generator is drawn as before: models trained without it keep their bytes.
  EXPECT_EQ(cv::norm(straight, augment_digit(digit, plain_again), cv::NORM_INF), 0);
  EXPECT_EQ(plain.next(), plain_again.next());
}

TEST(DigitCrossValidation, ModelFileRemembersFeaturesAndShifts) {
  testing::TempDir dir;
  DigitTrainOptions o;
  o.max_per_digit = 30;
  o.augmented_copies = 0;
  o.features = "hog+pixels";
  o.test_shifts = 4;
  const std::string path = (dir / "m.yml").string();
  ASSERT_TRUE(train_digit_model(o, path).ok());
  auto c = DigitClassifier::load(path);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(feature_set_name((*c)->feature_set()), "hog+pixels");
  EXPECT_EQ((*c)->test_shifts(), 4);
  auto r = evaluate_digit_model(path, "", MnistSplit::kValidation);
  ASSERT_TRUE(r.ok());
  EXPECT_GE(static_cast<double>(r->correct()) / r->total(), 0.8);
}

}  // namespace
}  // namespace kamiflow::ocr
