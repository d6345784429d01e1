// The calibration file (ocr/src/calibration.cpp) and how thresholds reach a field's flags
// (field_postprocess.cpp): a template's own threshold wins, then the calibrated kind, then 0.80.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "field_postprocess.hpp"
#include "kamiflow/ocr/calibration.hpp"
#include "test_support.hpp"

namespace kamiflow::ocr {
namespace {

TEST(Calibration, ParsesAndRefusesBadFilesWithTheirName) {
  auto ok = parse_calibration(R"({"version":1,"source":"s","review_below":{"text":0.9,"digit_boxes/handwritten":0.5}})",
                              "c.json");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_DOUBLE_EQ(ok->threshold("text", 0.8), 0.9);
  EXPECT_DOUBLE_EQ(ok->threshold("digit_boxes/handwritten", 0.8), 0.5);
  EXPECT_DOUBLE_EQ(ok->threshold("kana", 0.8), 0.8);

  auto bad_value = parse_calibration(R"({"version":1,"review_below":{"text":1.5}})", "c.json");
  EXPECT_EQ(bad_value.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(bad_value.status().message().find("c.json"), std::string::npos);
  EXPECT_NE(bad_value.status().message().find("review_below.text"), std::string::npos);
  EXPECT_FALSE(parse_calibration("{not json", "c.json").ok());
  EXPECT_FALSE(parse_calibration(R"({"version":2,"review_below":{}})", "c.json").ok());
}

TEST(Calibration, NamedFileMustExistAndNoneTurnsItOff) {
  testing::TempDir dir;
  const auto missing = (dir.path() / "nope.json").string();
  setenv("KAMIFLOW_CALIBRATION", missing.c_str(), 1);
  auto r = load_default_calibration();
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  setenv("KAMIFLOW_CALIBRATION", "none", 1);
  auto off = load_default_calibration();
  ASSERT_TRUE(off.ok());
  EXPECT_EQ(off->get(), nullptr);
  const auto file = (dir.path() / "c.json").string();
  std::ofstream(file) << R"({"version":1,"review_below":{"date":0.93}})";
  setenv("KAMIFLOW_CALIBRATION", file.c_str(), 1);
  auto on = load_default_calibration();
  ASSERT_TRUE(on.ok() && on->get());
  EXPECT_DOUBLE_EQ((*on)->threshold("date", 0.8), 0.93);
  unsetenv("KAMIFLOW_CALIBRATION");
}

TEST(Calibration, TemplateThresholdWinsOverCalibratedKind) {
  Calibration cal;
  cal.review_below["text"] = 0.95;
  cal.review_below["digit_boxes/handwritten"] = 0.4;
  FieldSpec spec;
  spec.name = "name";
  spec.type = FieldType::kText;
  FieldRead read;
  read.raw = "山田";
  read.confidence = 0.9;
  FieldResult out;
  postprocess_field(spec, read, out, review_threshold_for(spec, read, &cal));
  EXPECT_TRUE(out.has_flag(flag::kLowConfidence)) << "0.9 is under the calibrated 0.95";

  spec.review_threshold = 0.85;
  spec.review_threshold_set = true;
  postprocess_field(spec, read, out, review_threshold_for(spec, read, &cal));
  EXPECT_FALSE(out.has_flag(flag::kLowConfidence)) << "the template's 0.85 wins";

  FieldSpec digits;
  digits.type = FieldType::kDigitBoxes;
  FieldRead hand;
  hand.handwritten = true;
  EXPECT_EQ(calibration_kind(digits, hand), "digit_boxes/handwritten");
  EXPECT_DOUBLE_EQ(review_threshold_for(digits, hand, &cal), 0.4);
  EXPECT_DOUBLE_EQ(review_threshold_for(digits, FieldRead{}, &cal), 0.80);  // typed: not named
  EXPECT_DOUBLE_EQ(review_threshold_for(digits, hand, nullptr), 0.80);
}

// A handwritten My Number the classifier alone read (capped at kHandwrittenAloneCap) is lifted by
// a check digit that holds; a wrong check digit sends it to review; without a check digit the
// cap stands.
TEST(Calibration, CheckDigitIsEvidenceForAHandwrittenRead) {
  FieldSpec spec;
  spec.name = "my_number";
  spec.type = FieldType::kDigitBoxes;
  spec.validators = {"my_number"};
  FieldRead read;
  read.handwritten = true;
  read.raw = "123456789018";  // check digit 8 is right
  read.confidence = 0.98;
  FieldResult out;
  postprocess_field(spec, read, out, 0.99);
  EXPECT_NEAR(out.confidence, 0.998, 1e-9);
  EXPECT_TRUE(out.flags.empty());

  read.raw = "123456789017";
  postprocess_field(spec, read, out, 0.99);
  EXPECT_TRUE(out.has_flag(flag::kInvalid));
  EXPECT_LE(out.confidence, 0.5);

  read.raw = "123456789018";
  read.flags = {flag::kLowConfidence};  // a doubtful cell: the check digit does not vouch for a guess
  postprocess_field(spec, read, out, 0.99);
  EXPECT_LT(out.confidence, 0.99);

  read.flags.clear();
  spec.validators = {"digits"};
  postprocess_field(spec, read, out, 0.99);
  EXPECT_NEAR(out.confidence, 0.98, 1e-9);
  EXPECT_TRUE(out.has_flag(flag::kLowConfidence));
}

}  // namespace
}  // namespace kamiflow::ocr
