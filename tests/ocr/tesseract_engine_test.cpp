// TesseractEngine: Init errors say why; reads of rendered, scan-degraded lines are right; the
// whitelist and per-symbol confidences behave as the recognisers rely on.
#include "tesseract_engine.hpp"

#include <gtest/gtest.h>

#include "ocr_render_support.hpp"
#include "text_shape.hpp"

namespace kamiflow::ocr {
namespace {

using testing::Canvas;

class TesseractEngineTest : public ::testing::Test {
 protected:
  // Init costs 60-180 ms: one engine per language for the whole suite.
  static void SetUpTestSuite() {
    auto eng = TesseractEngine::create("eng");
    ASSERT_TRUE(eng.ok()) << eng.status().ToString();
    eng_ = std::move(eng).value().release();
    auto jpn = TesseractEngine::create("jpn");
    ASSERT_TRUE(jpn.ok()) << jpn.status().ToString();
    jpn_ = std::move(jpn).value().release();
  }
  static void TearDownTestSuite() {
    delete eng_;
    delete jpn_;
  }
  static cv::Mat line_image(const std::string& text, double size_mm = 4.0, unsigned seed = 1) {
    Canvas c(8 + size_mm * 1.1 * static_cast<double>(count_chars(text)), size_mm + 6);
    c.text(text, 3, 3, size_mm);
    return testing::to_gray(testing::degrade(c.img, seed, 12));
  }
  static TesseractEngine* eng_;
  static TesseractEngine* jpn_;
};
TesseractEngine* TesseractEngineTest::eng_ = nullptr;
TesseractEngine* TesseractEngineTest::jpn_ = nullptr;

TEST_F(TesseractEngineTest, ReadsDigitsAndWordsWithSymbolConfidences) {
  OcrRequest req;
  auto r = eng_->read(line_image("Tel 03-1234-5678"), req);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->text, "Tel 03-1234-5678");
  EXPECT_EQ(r->symbols.size(), 15u);  // spaces are not symbols
  EXPECT_GT(r->mean_confidence, 80);
  EXPECT_GT(r->min_symbol_confidence(), 50);
}

TEST_F(TesseractEngineTest, ReadsJapaneseLine) {
  auto r = jpn_->read(line_image("東京都千代田区霞が関"), {});
  ASSERT_TRUE(r.ok());
  // The jpn model separates CJK characters with spaces; the recognisers remove them.
  EXPECT_EQ(remove_cjk_spaces(r->text), "東京都千代田区霞が関");
}

TEST_F(TesseractEngineTest, WhitelistRestrictsAndEmptyReadIsRetriedWithout) {
  OcrRequest req;
  req.whitelist = "0123456789";
  auto digits = eng_->read(line_image("4071"), req);
  ASSERT_TRUE(digits.ok());
  EXPECT_EQ(digits->text, "4071");
  EXPECT_FALSE(digits->whitelist_retried);

  // Only letters on the line and a whitelist that allows none of them: the retry reads them.
  req.whitelist = "0";
  auto words = eng_->read(line_image("HELLO"), req);
  ASSERT_TRUE(words.ok());
  if (words->whitelist_retried) {
    EXPECT_EQ(words->text, "HELLO");
  } else {
    EXPECT_EQ(words->text.find_first_not_of('0'), std::string::npos) << words->text;
  }
}

TEST_F(TesseractEngineTest, EngineKeepsNoStateBetweenCalls) {
  OcrRequest digits_only;
  digits_only.whitelist = "0123456789";
  ASSERT_TRUE(eng_->read(line_image("2024"), digits_only).ok());
  auto r = eng_->read(line_image("KAMI"), {});  // no whitelist this time
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->text, "KAMI");
}

TEST_F(TesseractEngineTest, CountsRecognitions) {
  const long before = eng_->recognitions();
  ASSERT_TRUE(eng_->read(line_image("7"), {}).ok());
  EXPECT_EQ(eng_->recognitions(), before + 1);
}

TEST_F(TesseractEngineTest, RejectsEmptyImage) {
  auto r = eng_->read(cv::Mat(), {});
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidInput);
}

TEST(TesseractEngineInit, BogusLanguageSaysWhichFileIsMissing) {
  auto r = TesseractEngine::create("xqz");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find("xqz.traineddata"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("tessdata"), std::string::npos);
}

TEST(TesseractEngineInit, MissingTessdataDirIsNamed) {
  auto r = TesseractEngine::create("eng", "/nonexistent/tessdata");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("/nonexistent/tessdata"), std::string::npos);
}

TEST(TesseractEngineInit, PoolCreatesEachLanguageOnce) {
  EnginePool pool;
  auto a = pool.get("eng");
  auto b = pool.get("eng");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
  EXPECT_FALSE(pool.get("../eng").ok());
}

}  // namespace
}  // namespace kamiflow::ocr
