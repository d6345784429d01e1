// The digit classifier: reproducible training, an accuracy floor on the validation split, a
// confidence that separates accepted from doubtful cells, and clear errors for a missing or
// broken model file.
#include "digit_classifier.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "kamiflow/ocr/digit_model.hpp"
#include "test_support.hpp"

namespace kamiflow::ocr {
namespace {

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

DigitTrainOptions small_options() {
  DigitTrainOptions o;
  o.max_per_digit = 60;
  o.augmented_copies = 1;
  return o;
}

TEST(DigitClassifier, TrainingIsReproducibleByteForByte) {
  testing::TempDir dir;
  DigitTrainOptions o = small_options();
  auto a = train_digit_model(o, (dir / "a.yml").string());
  auto b = train_digit_model(o, (dir / "b.yml").string());
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  const std::string bytes = slurp(dir / "a.yml");
  EXPECT_GT(bytes.size(), 10000u);
  EXPECT_EQ(bytes, slurp(dir / "b.yml"));
  // The seed is what fixes the augmentation: another seed, another model.
  o.seed += 1;
  ASSERT_TRUE(train_digit_model(o, (dir / "c.yml").string()).ok());
  EXPECT_NE(bytes, slurp(dir / "c.yml"));
}

// A model trained on a tenth of the train split, measured on the whole validation split.
TEST(DigitClassifier, SmallModelClearsAnAccuracyFloorOnValidation) {
  testing::TempDir dir;
  DigitTrainOptions o;
  o.max_per_digit = 150;
  o.augmented_copies = 1;
  const std::string path = (dir / "m.yml").string();
  auto trained = train_digit_model(o, path);
  ASSERT_TRUE(trained.ok()) << trained.status().ToString();
  auto r = evaluate_digit_model(path, "", MnistSplit::kValidation);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_GT(r->total(), 900);
  EXPECT_GE(static_cast<double>(r->correct()) / r->total(), 0.95);
  // Accepted cells are right more often than cells overall, and most cells are accepted.
  EXPECT_GE(static_cast<double>(r->accepted_correct()) / r->accepted(), 0.99);
  EXPECT_GE(static_cast<double>(r->accepted()) / r->total(), 0.85);
  for (const auto& d : r->digits) EXPECT_GT(d.total, 70);
}

// The model the build trained (build/models/digits_svm.yml), on the validation split.
TEST(DigitClassifier, BuiltModelMeetsTheTarget) {
  auto r = evaluate_digit_model(default_digit_model_path(), "", MnistSplit::kValidation);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_GE(static_cast<double>(r->correct()) / r->total(), 0.98);
  EXPECT_GE(static_cast<double>(r->accepted_correct()) / r->accepted(), 0.995);
  EXPECT_LE(1.0 - static_cast<double>(r->accepted()) / r->total(), 0.05);
}

TEST(DigitClassifier, MissingModelIsANamedErrorWithTheFix) {
  auto r = DigitClassifier::load("/nonexistent/models/digits_svm.yml");
  ASSERT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find("/nonexistent/models/digits_svm.yml"), std::string::npos);
  EXPECT_NE(r.status().message().find("kamiflow digits train"), std::string::npos);
  EXPECT_NE(r.status().message().find("KAMIFLOW_MODELS_DIR"), std::string::npos);
}

TEST(DigitClassifier, BrokenModelFileIsAnErrorNotACrash) {
  testing::TempDir dir;
  testing::write_file(dir / "bad.yml", "%YAML:1.0\n---\nkamiflow_digit_model: 1\nfeatures: 3\n");
  EXPECT_EQ(DigitClassifier::load((dir / "bad.yml").string()).status().code(), StatusCode::kCorruption);
  testing::write_file(dir / "junk.yml", "\x01\x02 not yaml {{{");
  EXPECT_FALSE(DigitClassifier::load((dir / "junk.yml").string()).ok());
}

TEST(DigitClassifier, ConfidenceSeparatesAcceptedFromDoubtful) {
  const double t = 0.2;
  EXPECT_GE(margin_confidence(t, t), kAcceptedConfidence);
  EXPECT_LT(margin_confidence(t * 0.99, t), 0.7);
  EXPECT_EQ(margin_confidence(-1, t), 0.0);
  EXPECT_LE(margin_confidence(100, t), 1.0);
  EXPECT_LT(margin_confidence(0.1, t), margin_confidence(0.15, t));
  EXPECT_LT(margin_confidence(0.3, t), margin_confidence(0.35, t));
}

}  // namespace
}  // namespace kamiflow::ocr
