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

// Over four scans of `typed`: the classifier contradicts no digit of the right reading, and
// exactly the one digit `misread` changes, naming it. Returns on how many scans it could compare.
int check_right_and_wrong(const DigitClassifier& classifier, const std::string& typed, const std::string& misread,
                          const char* font) {
  int compared = 0;
  for (unsigned seed = 1; seed <= 4; ++seed) {
    const TypedLine line = typed_line(typed, font, seed);
    const DigitStringCheck right = check_digit_string(line.gray, line.region, typed, classifier);
    EXPECT_EQ(right.contradictions, 0) << "seed " << seed << ": " << right.classifier_reading;
    const DigitStringCheck wrong = check_digit_string(line.gray, line.region, misread, classifier);
    EXPECT_EQ(wrong.compared, right.compared) << "seed " << seed;
    if (!wrong.compared) continue;
    ++compared;
    EXPECT_EQ(wrong.contradictions, 1) << "seed " << seed;
    EXPECT_EQ(wrong.classifier_reading, typed);
  }
  return compared;
}

TEST_P(TypedDigitCheck, AgreesWithTheRightDigitsAndNamesAWrongOne) {
  EXPECT_GE(check_right_and_wrong(*classifier, "070-4223-0576", "070-4223-0976", GetParam()), 3)
      << "typed digits apart from each other are cut into digits";
}

TEST_P(TypedDigitCheck, GivesNoEvidenceWhereTheStringDoesNotCutIntoItsDigits) {
  const TypedLine line = typed_line("070-4223-0576", GetParam(), 7);
  EXPECT_FALSE(check_digit_string(line.gray, line.region, "070-4223-057", *classifier).compared);  // one lost
  EXPECT_FALSE(check_digit_string(line.gray, line.region, "(070)4223-0576", *classifier).compared);
  EXPECT_FALSE(check_digit_string(line.gray, InkRegion{}, "070-4223-0576", *classifier).compared);
}

// A 和暦 date mixes kanji (和 in two pieces) with digits: the widths place each digit.
TEST_P(TypedDigitCheck, FindsTheDigitsOfADateAmongItsKanji) {
  EXPECT_GE(check_right_and_wrong(*classifier, "令和5年4月27日", "令和5年4月21日", GetParam()), 3);
  // A digit lost from the reading cannot be placed: no evidence rather than a wrong comparison.
  const TypedLine line = typed_line("令和5年11月27日", GetParam(), 9);
  EXPECT_EQ(check_digit_string(line.gray, line.region, "令和5年1月27日", *classifier).contradictions, 0);
}

INSTANTIATE_TEST_SUITE_P(Fonts, TypedDigitCheck, ::testing::Values(testing::kGothicFont, kMincho));

}  // namespace
}  // namespace kamiflow::ocr
