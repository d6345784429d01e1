// Two Japanese models side by side (ocr_models.cpp, EnginePool) and how their reads combine
// (read_agreement.cpp).
#include <cstdlib>

#include <gtest/gtest.h>

#include "kamiflow/ocr/record.hpp"
#include "ocr_models.hpp"
#include "ocr_render_support.hpp"
#include "read_agreement.hpp"
#include "tesseract_engine.hpp"
#include "text_shape.hpp"

namespace kamiflow::ocr {
namespace {

using testing::Canvas;

cv::Mat line_image(const std::string& text, double size_mm = 4.0) {
  Canvas c(8 + size_mm * 1.1 * static_cast<double>(count_chars(text)), size_mm + 6);
  c.text(text, 3, 3, size_mm);
  return testing::to_gray(testing::degrade(c.img, 3, 8));
}

TEST(JpnModels, BothModelsLoadSideBySideFromTheirOwnDirectories) {
  EnginePool pool("", JpnModels::kBoth);
  auto primary = pool.get("jpn");
  ASSERT_TRUE(primary.ok()) << primary.status().ToString();
  auto second = pool.second_opinion("jpn");
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  ASSERT_NE(*second, nullptr);
  EXPECT_NE(*primary, *second);
  EXPECT_EQ((*primary)->tessdata_dir(), standard_jpn_tessdata_dir());
  EXPECT_NE((*second)->tessdata_dir(), (*primary)->tessdata_dir());
  // Init once per model: asking again returns the same engines.
  EXPECT_EQ(*pool.get("jpn"), *primary);
  EXPECT_EQ(*pool.second_opinion("jpn"), *second);

  const cv::Mat img = line_image("山田太郎");
  OcrRequest req;
  for (TesseractEngine* e : {*primary, *second}) {
    auto r = e->read(img, req);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(without_spaces(r->text), "山田太郎") << e->tessdata_dir();
  }
  EXPECT_EQ(pool.total_recognitions(), 2);
}

TEST(JpnModels, OnlyPlainJpnHasASecondOpinionAndOneModelSettingsHaveNone) {
  EnginePool both("", JpnModels::kBoth);
  EXPECT_EQ(*both.second_opinion("eng"), nullptr);
  EXPECT_EQ(*both.second_opinion("jpn+eng"), nullptr);
  EnginePool fast("", JpnModels::kFastOnly);
  EXPECT_EQ(*fast.second_opinion("jpn"), nullptr);
  auto e = fast.get("jpn");
  ASSERT_TRUE(e.ok());
  EXPECT_NE((*e)->tessdata_dir(), standard_jpn_tessdata_dir());
  EnginePool standard("", JpnModels::kStandardOnly);
  EXPECT_EQ(*standard.second_opinion("jpn"), nullptr);
}

TEST(JpnModels, AMissingStandardModelIsAClearErrorNotAFallback) {
  const char* old = std::getenv("KAMIFLOW_DATA_DIR");
  const std::string saved = old ? old : "";
  ::setenv("KAMIFLOW_DATA_DIR", "/nonexistent/kamiflow-data", 1);
  Status st = check_jpn_models(JpnModels::kBoth);
  EnginePool pool("", JpnModels::kBoth);
  auto r = pool.get("jpn");
  const bool fast_ok = check_jpn_models(JpnModels::kFastOnly).ok();
  if (old) ::setenv("KAMIFLOW_DATA_DIR", saved.c_str(), 1); else ::unsetenv("KAMIFLOW_DATA_DIR");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), StatusCode::kNotFound);
  EXPECT_NE(st.message().find("/nonexistent/kamiflow-data/tessdata-4.0.0/jpn.traineddata"), std::string::npos);
  EXPECT_NE(st.message().find("fetch-data.sh"), std::string::npos);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(fast_ok);
}

TEST(JpnModels, ModelSettingFromTheEnvironment) {
  ::setenv("KAMIFLOW_JPN_MODELS", "fast", 1);
  auto fast = jpn_models_from_env();
  ::setenv("KAMIFLOW_JPN_MODELS", "nonsense", 1);
  auto bad = jpn_models_from_env();
  ::unsetenv("KAMIFLOW_JPN_MODELS");
  auto def = jpn_models_from_env();
  ASSERT_TRUE(fast.ok());
  EXPECT_EQ(*fast, JpnModels::kFastOnly);
  EXPECT_FALSE(bad.ok());
  ASSERT_TRUE(def.ok());
  EXPECT_EQ(*def, JpnModels::kBoth);
}

bool has(const CombinedRead& c, const char* f) {
  for (const char* x : c.flags)
    if (std::string(x) == f) return true;
  return false;
}

TEST(ReadAgreement, TwoModelsAgreeingAfterNfkcRaiseConfidenceWithoutAThirdRead) {
  int third = 0;
  auto second = [&]() -> Result<Attempt> { ++third; return Attempt{"x", 0.9}; };
  // Full-width and spaced vs half-width: the same value.
  auto c = combine_reads({"０９０ 1234", 0.75}, Attempt{"0901234", 0.6}, second);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(third, 0);
  EXPECT_TRUE(c->flags.empty());
  EXPECT_EQ(c->chosen.text, "０９０ 1234");
  EXPECT_NEAR(c->chosen.confidence, 1 - 0.25 * 0.4, 1e-9);  // independent evidence: doubts multiply
}

TEST(ReadAgreement, TwoModelsDisagreeingFlagTheFieldEvenWhenConfident) {
  auto second = []() -> Result<Attempt> { return Attempt{"ヨシダミサキ", 0.97}; };
  auto c = combine_reads({"ヨシダミサキ", 0.98}, Attempt{"ョヨシダミサキ", 0.95}, second);
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(has(*c, flag::kModelDisagreement));
  EXPECT_EQ(c->chosen.text, "ヨシダミサキ");  // two of three reads agree on it
  EXPECT_LE(c->chosen.confidence, kModelDisagreementCap);
}

// Two models on two renderings against one read: the majority is kept, without the model
// disagreement flag, at most kMajorityCap sure (on dev seeds 21, 31, 32, 41: 39 such fields were
// right and passed, the one wrong scored 0.4).
TEST(ReadAgreement, WhenTheSecondPreprocessingSidesWithTheOtherModelTheMajorityIsKept) {
  auto second = []() -> Result<Attempt> { return Attempt{"松尾洋平", 0.7}; };
  auto c = combine_reads({"松尾", 0.95}, Attempt{"松尾洋平", 0.8}, second);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->chosen.text, "松尾洋平");
  EXPECT_FALSE(has(*c, flag::kModelDisagreement));
  EXPECT_NEAR(c->chosen.confidence, kMajorityCap, 1e-9);  // 1 - 0.3 x 0.2 = 0.94, capped
  EXPECT_EQ(c->alternatives, std::vector<std::string>{"松尾"});  // the outvoted read, for a reviewer
  // Two weak voices stay weak: 1 - 0.6 x 0.7 = 0.58, under any review threshold.
  auto weak = combine_reads({"松尾", 0.95}, Attempt{"松尾洋平", 0.3}, [] { return Result<Attempt>(Attempt{"松尾洋平", 0.4}); });
  ASSERT_TRUE(weak.ok());
  EXPECT_NEAR(weak->chosen.confidence, 0.58, 1e-9);
}

// The mirror case: the primary model reads both renderings alike against the other model. The
// other model then reads the second rendering too; agreeing with the primary, three reads by both
// models outvote its one (dev seeds 41, 31, 32: 25 such fields, all right). Disagreeing, or only
// weakly agreeing, it changes nothing, and its read is not kept (the record checks see as before).
TEST(ReadAgreement, TheOtherModelOnTheSecondRenderingCanMakeAMajorityOfThree) {
  int fourth = 0;
  auto primary_again = [] { return Result<Attempt>(Attempt{"桜井優斗", 0.9}); };
  auto other_again = [&](const std::string& text, double conf) {
    return [&fourth, text, conf]() -> Result<Attempt> { ++fourth; return Attempt{text, conf}; };
  };
  auto three = combine_reads({"桜井優斗", 0.95}, Attempt{"桜井優半", 0.9}, primary_again, {}, false,
                             other_again("桜井 優斗", 0.8));
  ASSERT_TRUE(three.ok());
  EXPECT_EQ(fourth, 1);
  EXPECT_EQ(three->chosen.text, "桜井優斗");
  EXPECT_TRUE(three->flags.empty());
  EXPECT_NEAR(three->chosen.confidence, kMajorityCap, 1e-9);
  EXPECT_EQ(three->alternatives, std::vector<std::string>{"桜井優半"});

  auto split = combine_reads({"桜井優斗", 0.95}, Attempt{"桜井優半", 0.9}, primary_again, {}, false,
                             other_again("桜井優十", 0.8));
  ASSERT_TRUE(split.ok());
  EXPECT_TRUE(has(*split, flag::kModelDisagreement));
  EXPECT_LE(split->chosen.confidence, kModelDisagreementCap);
  EXPECT_EQ(split->alternatives, std::vector<std::string>{"桜井優半"}) << "the fourth read is not kept";

  // 1 - 0.5 x 0.4 = 0.8: too weak to settle; the flag stays for the dictionary checks.
  auto weak = combine_reads({"桜井優斗", 0.5}, Attempt{"桜井優半", 0.9}, primary_again, {}, false,
                            other_again("桜井優斗", 0.6));
  ASSERT_TRUE(weak.ok());
  EXPECT_TRUE(has(*weak, flag::kModelDisagreement));

  // The primary's two renderings differ, or its read is implausible: no fourth read at all.
  fourth = 0;
  auto differ = combine_reads({"桜井優斗", 0.95}, Attempt{"桜井優半", 0.9},
                              [] { return Result<Attempt>(Attempt{"桜井優汁", 0.9}); }, {}, false,
                              other_again("桜井優斗", 0.9));
  ASSERT_TRUE(differ.ok());
  auto implausible = combine_reads({"桜井優斗", 0.95}, Attempt{"桜井優半", 0.9}, primary_again,
                                   [](const std::string& v) { return v != "桜井優斗"; }, false,
                                   other_again("桜井優斗", 0.9));
  ASSERT_TRUE(implausible.ok());
  EXPECT_EQ(fourth, 0);
}

// A field that must be confirmed (digits) is read again however sure the first read is, and a
// different second read sends it to a person.
TEST(ReadAgreement, AConfirmedFieldIsReadAgainEvenWhenConfident) {
  int third = 0;
  auto same = [&]() -> Result<Attempt> { ++third; return Attempt{"090-1234-5678", 0.93}; };
  auto agreed = combine_reads({"090-1234-5678", 0.95}, std::nullopt, same, {}, /*confirm=*/true);
  ASSERT_TRUE(agreed.ok());
  EXPECT_EQ(third, 1);
  EXPECT_TRUE(agreed->flags.empty());
  EXPECT_GE(agreed->chosen.confidence, 0.95);
  auto other = [] { return Result<Attempt>(Attempt{"090-1234-9678", 0.96}); };
  auto differ = combine_reads({"090-1234-5678", 0.98}, std::nullopt, other, {}, /*confirm=*/true);
  ASSERT_TRUE(differ.ok());
  EXPECT_TRUE(has(*differ, flag::kDisagreement));
  EXPECT_LE(differ->chosen.confidence, 0.5);
}

TEST(ReadAgreement, WithoutASecondModelOnlyDoubtfulReadsAreReadAgain) {
  int third = 0;
  auto second = [&]() -> Result<Attempt> { ++third; return Attempt{"山田", 0.6}; };
  auto confident = combine_reads({"山田", 0.95}, std::nullopt, second);
  ASSERT_TRUE(confident.ok());
  EXPECT_EQ(third, 0);
  EXPECT_DOUBLE_EQ(confident->chosen.confidence, 0.95);
  auto doubtful = combine_reads({"山田", 0.7}, std::nullopt, second);
  ASSERT_TRUE(doubtful.ok());
  EXPECT_EQ(third, 1);
  EXPECT_NEAR(doubtful->chosen.confidence, 0.8, 1e-9);
  auto differ = combine_reads({"山田", 0.7}, std::nullopt, [] { return Result<Attempt>(Attempt{"山由", 0.6}); });
  ASSERT_TRUE(differ.ok());
  EXPECT_TRUE(has(*differ, flag::kDisagreement));
  EXPECT_FALSE(has(*differ, flag::kModelDisagreement));
}

}  // namespace
}  // namespace kamiflow::ocr
