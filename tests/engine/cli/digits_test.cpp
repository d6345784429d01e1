// `kamiflow digits`: the validation figures from the built model, and a missing model as a clear
// error naming the path and the fix (exit code 1, no crash). Never runs the reserved split.
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace kamiflow {
namespace {

TEST(DigitsCli, TestPrintsPerDigitFiguresOnValidation) {
  const auto r = testing::run_process({testing::kamiflow_binary(), "digits", "test", "--split", "validation"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("split validation"), std::string::npos) << r.out;
  for (const char* row : {"\n0 ", "\n9 ", "\nall "}) EXPECT_NE(r.out.find(row), std::string::npos) << row;
  EXPECT_NE(r.out.find("ms per digit"), std::string::npos);
}

TEST(DigitsCli, MissingModelIsAClearError) {
  testing::TempDir dir;
  const auto r = testing::run_process({testing::kamiflow_binary(), "digits", "test"},
                                      {"KAMIFLOW_MODELS_DIR=" + dir.path().string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find((dir.path() / "digits_svm.yml").string()), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("kamiflow digits train"), std::string::npos) << r.err;
}

// A batch without the digit model is a set-up error said once, before any page: it used to
// quarantine every page as "the file could not be read", which sent a clerk to check the scans.
// `count` sample scans in dir/scans and an empty models folder (dir/no_models) for
// KAMIFLOW_MODELS_DIR.
void scans_and_no_model(const testing::TempDir& dir, int count) {
  auto gen = testing::run_process({testing::kamiflow_binary(), "samples", "--form", "sodai_gomi", "--count",
                                   std::to_string(count), "--multipage", "0", "--seed", "5", "--out",
                                   (dir / "scans").string(), "-q"});
  ASSERT_EQ(gen.exit_code, 0) << gen.err;
  std::filesystem::create_directories(dir / "no_models");
}

TEST(DigitsCli, BatchWithoutTheModelStopsBeforeAnyPage) {
  testing::TempDir dir;
  ASSERT_NO_FATAL_FAILURE(scans_and_no_model(dir, 1));
  const auto scans = dir / "scans", models = dir / "no_models";
  const auto db = dir / "out.sqlite";
  const auto r = testing::run_process(
      {testing::kamiflow_binary(), "batch", "--no-progress", "-t",
       (testing::source_dir() / "samples/forms/sodai_gomi/template.lua").string(), "--db", db.string(),
       "--quarantine", (dir / "quarantine").string(), scans.string()},
      {"KAMIFLOW_MODELS_DIR=" + models.string()});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find((models / "digits_svm.yml").string()), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("kamiflow digits train"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "quarantine")) << "no page may be quarantined for a missing model";
}

// extract makes its first Extractor before reading: the missing model is said once, as kamiflow's
// fault, instead of one "rejected" line per page whose clerk reason would blame the scan.
TEST(DigitsCli, ExtractWithoutTheModelSaysSoOnceAndReadsNoPage) {
  testing::TempDir dir;
  ASSERT_NO_FATAL_FAILURE(scans_and_no_model(dir, 2));
  const auto scans = dir / "scans", models = dir / "no_models";
  const auto r = testing::run_process(
      {testing::kamiflow_binary(), "extract", "-t",
       (testing::source_dir() / "samples/forms/sodai_gomi/template.lua").string(), scans.string()},
      {"KAMIFLOW_MODELS_DIR=" + models.string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "") << "no page line may be printed";
  EXPECT_NE(r.err.find((models / "digits_svm.yml").string()), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("kamiflow digits train"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("page 1"), std::string::npos) << "said per page: " << r.err;
}

TEST(DigitsCli, UnknownSplitIsAUsageError) {
  const auto r = testing::run_process({testing::kamiflow_binary(), "digits", "test", "--split", "train2"});
  EXPECT_EQ(r.exit_code, 2);
}

}  // namespace
}  // namespace kamiflow
