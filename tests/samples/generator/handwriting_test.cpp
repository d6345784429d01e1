// Real handwriting in the generator (samples/generator/handwriting.cpp): digits come from MNIST's
// validation split, land inside their cells in the pen's colour, and the ground truth says which
// digit boxes a hand wrote.
#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include <nlohmann/json.hpp>

#include "kamiflow/ocr/digit_model.hpp"
#include "samples/generator/handwriting.hpp"
#include "samples/generator/samples.hpp"
#include "test_support.hpp"

namespace kamiflow::samples {
namespace {

namespace fs = std::filesystem;

TEST(SamplesHandwriting, BankHoldsEveryDigitOfTheValidationSplitOnly) {
  auto bank = HandwritingBank::load(ocr::default_data_dir());
  ASSERT_TRUE(bank.ok()) << bank.status().ToString();
  auto validation = ocr::load_handwritten_digits(ocr::default_data_dir(), ocr::MnistSplit::kValidation);
  auto train = ocr::load_handwritten_digits(ocr::default_data_dir(), ocr::MnistSplit::kTrain);
  ASSERT_TRUE(validation.ok() && train.ok());
  // Whatever the bank picks is one of the validation digits, never a training one.
  Rng rng(5);
  for (int i = 0; i < 30; ++i) {
    const int d = i % 10;
    cv::Mat m = (*bank)->pick(d, rng);
    ASSERT_FALSE(m.empty());
    auto matches = [&](const std::vector<ocr::HandwrittenDigit>& set) {
      for (const auto& s : set) {
        if (s.label != d) continue;
        cv::Mat img(28, 28, CV_8UC1, const_cast<std::uint8_t*>(s.ink.data()));
        cv::Mat crop = img(cv::boundingRect(img > 40));
        if (crop.size() == m.size() && cv::countNonZero(crop != m) == 0) return true;
      }
      return false;
    };
    EXPECT_TRUE(matches(*validation)) << "digit " << d << " not from the validation split";
    EXPECT_FALSE(matches(*train)) << "digit " << d << " taken from the training split";
  }
}

TEST(SamplesHandwriting, DigitLandsInItsCellInThePensColour) {
  auto bank = HandwritingBank::load(ocr::default_data_dir());
  ASSERT_TRUE(bank.ok());
  MmScale s{300};
  cv::Mat page(600, 600, CV_8UC3, cv::Scalar(255, 255, 255));
  const ocr::BoxMm cell{10, 10, 8, 10};
  Rng rng(11);
  HandStyle style = choose_hand_style(rng, 0.4);
  const cv::Scalar blue(140, 50, 20);
  draw_handwritten_digit(page, s, **bank, 7, cell, style, blue, rng);
  cv::Mat grey;
  cv::cvtColor(page, grey, cv::COLOR_BGR2GRAY);
  cv::Mat ink = grey < 200;
  const cv::Rect where = cv::boundingRect(ink);
  ASSERT_GT(cv::countNonZero(ink), 50);
  const cv::Rect grown = s.rect({cell.x - 1.5, cell.y - 1.5, cell.w + 3, cell.h + 3});
  EXPECT_EQ((where & grown), where) << "ink outside the cell";
  // The darkest pixel carries the pen's hue: more blue than red.
  double lo;
  cv::Point at;
  cv::minMaxLoc(grey, &lo, nullptr, &at);
  const cv::Vec3b px = page.at<cv::Vec3b>(at);
  EXPECT_GT(px[0], px[2]);
}

TEST(SamplesHandwriting, TruthSaysWhichDigitBoxesAHandWrote) {
  auto forms = load_forms(testing::source_dir() / "samples" / "forms", {"jido_teate"});
  ASSERT_TRUE(forms.ok());
  for (double rate : {0.0, 1.0}) {
    testing::TempDir dir;
    GenerateOptions o;
    o.count = 2;
    o.multipage = 0;
    o.render_dpi = 150;
    o.handwriting_rate = rate;
    o.out_dir = dir.path();
    auto summary = generate(*forms, nullptr, o);
    ASSERT_TRUE(summary.ok()) << summary.status().ToString();
    int hand = 0, typed = 0;
    for (const auto& f : fs::directory_iterator(dir.path())) {
      if (f.path().extension() != ".json" || f.path().filename() == "manifest.json") continue;
      auto truth = nlohmann::json::parse(testing::read_file(f.path()));
      for (const auto& [name, field] : truth["fields"].items()) {
        if (field["type"] != "digit_boxes" || field["blank"].get<bool>()) continue;
        (field.value("writing", "") == "handwritten" ? hand : typed)++;
      }
    }
    if (rate == 0) EXPECT_TRUE(hand == 0 && typed > 0) << hand << " " << typed;
    else EXPECT_TRUE(hand > 0 && typed == 0) << hand << " " << typed;
  }
}

}  // namespace
}  // namespace kamiflow::samples
