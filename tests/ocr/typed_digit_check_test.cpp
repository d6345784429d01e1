// The digit classifier as a second reader of typed digit strings (typed_digit_check.hpp): it agrees
// with a right reading, names the digit of a wrong one, and stays silent where it cannot cut the
// string into digits.
#include <gtest/gtest.h>

#include "digit_classifier.hpp"
#include "ocr_render_support.hpp"
#include "typed_digit_check.hpp"

namespace kamiflow::ocr {
namespace {

constexpr const char* kMincho = "/usr/share/fonts/opentype/ipafont-mincho/ipam.ttf";

struct TypedLine {
  cv::Mat gray;
  InkRegion region;
};

// A phone number typed about 4 mm tall at 300 dpi, scanned (blur, noise), cut as the reader cuts it.
TypedLine typed_line(const std::string& text, const char* font, unsigned seed) {
  testing::Canvas c(70, 10);
  auto ft = cv::freetype::createFreeType2();
  ft->loadFontData(font, 0);
  ft->putText(c.img, text, c.pt(3, 2), static_cast<int>(4.5 * c.px()), cv::Scalar::all(20), -1, cv::LINE_AA, false);
  TypedLine out;
  cv::cvtColor(testing::degrade(c.img, seed, 8), out.gray, cv::COLOR_BGR2GRAY);
  cv::Mat ink;
  cv::threshold(out.gray, ink, 140, 255, cv::THRESH_BINARY_INV);
  out.region = find_writing(ink, 0.8 * c.px(), 0.6 * c.px());
  return out;
}

class TypedDigitCheck : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    auto c = DigitClassifier::shared_default();
    ASSERT_TRUE(c.ok()) << c.status().message();
    classifier = *c;
  }
  std::shared_ptr<const DigitClassifier> classifier;
};

TEST_P(TypedDigitCheck, AgreesWithTheRightDigitsAndNamesAWrongOne) {
  int compared = 0;
  for (unsigned seed = 1; seed <= 4; ++seed) {
    const TypedLine line = typed_line("070-4223-0576", GetParam(), seed);
    const DigitStringCheck right = check_digit_string(line.gray, line.region, "070-4223-0576", *classifier);
    EXPECT_EQ(right.contradictions, 0) << "seed " << seed << ": " << right.classifier_reading;
    const DigitStringCheck wrong = check_digit_string(line.gray, line.region, "070-4223-0976", *classifier);
    EXPECT_EQ(wrong.compared, right.compared);
    if (!wrong.compared) continue;
    ++compared;
    EXPECT_EQ(wrong.contradictions, 1) << "seed " << seed;
    EXPECT_EQ(wrong.classifier_reading, "070-4223-0576");
  }
  EXPECT_GE(compared, 3) << "typed digits apart from each other are cut into digits";
}

TEST_P(TypedDigitCheck, GivesNoEvidenceWhereTheStringDoesNotCutIntoItsDigits) {
  const TypedLine line = typed_line("070-4223-0576", GetParam(), 7);
  EXPECT_FALSE(check_digit_string(line.gray, line.region, "070-4223-057", *classifier).compared);  // one lost
  EXPECT_FALSE(check_digit_string(line.gray, line.region, "(070)4223-0576", *classifier).compared);
  EXPECT_FALSE(check_digit_string(line.gray, InkRegion{}, "070-4223-0576", *classifier).compared);
}

// A 和暦 date mixes kanji (和 in two pieces) with digits: the widths place each digit.
TEST_P(TypedDigitCheck, FindsTheDigitsOfADateAmongItsKanji) {
  int compared = 0;
  for (unsigned seed = 1; seed <= 4; ++seed) {
    const TypedLine line = typed_line("令和5年4月27日", GetParam(), seed);
    const DigitStringCheck right = check_digit_string(line.gray, line.region, "令和5年4月27日", *classifier);
    EXPECT_EQ(right.contradictions, 0) << "seed " << seed << ": " << right.classifier_reading;
    const DigitStringCheck wrong = check_digit_string(line.gray, line.region, "令和5年4月21日", *classifier);
    if (!wrong.compared) continue;
    ++compared;
    EXPECT_EQ(wrong.contradictions, 1) << "seed " << seed;
    EXPECT_EQ(wrong.classifier_reading, "令和5年4月27日");
  }
  EXPECT_GE(compared, 3);
  // A digit lost from the reading cannot be placed: no evidence rather than a wrong comparison.
  const TypedLine line = typed_line("令和5年11月27日", GetParam(), 9);
  EXPECT_EQ(check_digit_string(line.gray, line.region, "令和5年1月27日", *classifier).contradictions, 0);
}

INSTANTIATE_TEST_SUITE_P(Fonts, TypedDigitCheck, ::testing::Values(testing::kGothicFont, kMincho));

}  // namespace
}  // namespace kamiflow::ocr
