// classify_cells_checked (many cells in one pass over the support vectors) must read every cell
// exactly as classify_cell_checked reads it alone, and its first read as classify_cell does.
#include <gtest/gtest.h>

#include "digit_classifier.hpp"
#include "handwriting_render_support.hpp"

namespace kamiflow::ocr {
namespace {

TEST(DigitClassifier, ManyCellsAtOnceReadAsEachCellAlone) {
  if (testing::validation_digits().empty()) GTEST_SKIP() << "MNIST not installed (cmake/fetch-data.sh)";
  auto loaded = DigitClassifier::shared_default();
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  const DigitClassifier& classifier = **loaded;
  std::vector<cv::Mat> grays;
  std::vector<InkRegion> regions;
  for (int i = 0; i < 40; ++i) {
    testing::Canvas c(8, 10);
    testing::write_mnist_digit(c, testing::validation_digit(i % 10, i / 10 + 3), {1, 1, 6, 8}, 0.5 + 0.01 * i);
    cv::Mat gray, ink;
    cv::cvtColor(testing::degrade(c.img, static_cast<unsigned>(i), 6), gray, cv::COLOR_BGR2GRAY);
    cv::threshold(gray, ink, 150, 255, cv::THRESH_BINARY_INV);
    grays.push_back(gray);
    regions.push_back(find_writing(ink, 0.8 * c.px(), 0.6 * c.px()));
  }
  grays.emplace_back(cv::Mat(118, 94, CV_8UC1, cv::Scalar(250)));  // an empty cell among them
  regions.emplace_back();
  const std::vector<DigitGuess> batch = classifier.classify_cells_checked(grays, regions);
  ASSERT_EQ(batch.size(), grays.size());
  int accepted = 0;
  for (std::size_t i = 0; i + 1 < grays.size(); ++i) {
    const DigitGuess alone = classifier.classify_cell_checked(grays[i], regions[i]);
    const DigitGuess first = classifier.classify_cell(grays[i], regions[i]);
    EXPECT_EQ(batch[i].digit, alone.digit) << i;
    EXPECT_EQ(batch[i].accepted, alone.accepted) << i;
    EXPECT_DOUBLE_EQ(batch[i].confidence, alone.confidence) << i;
    EXPECT_EQ(batch[i].digit, first.digit) << i;
    EXPECT_NEAR(batch[i].margin, first.margin, 1e-6) << i;
    accepted += batch[i].accepted;
  }
  EXPECT_EQ(batch.back().digit, -1);
  EXPECT_FALSE(batch.back().accepted);
  EXPECT_EQ(classifier.classify_cell_checked(grays.back(), regions.back()).digit, -1);
  EXPECT_GE(accepted, 30) << "most real digits are read with confidence";
}

}  // namespace
}  // namespace kamiflow::ocr
