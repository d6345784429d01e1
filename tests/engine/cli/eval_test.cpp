// End to end through the binary: `kamiflow samples` writes a batch, `kamiflow eval --json` reads
// it back. Kept to pages that need no field OCR (an unknown layout and a corrupt file) so the
// test stays fast; the arithmetic itself is tested in eval_accumulator_test.cpp.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace kamiflow::testing {
namespace {

TEST(EvalCli, SamplesThenEvalJson) {
  TempDir dir;
  const std::string out = (dir / "batch").string();
  auto gen = run_process({kamiflow_binary(), "samples", "--count", "0", "--unknown", "1", "--corrupt", "--seed", "7",
                          "--out", out, "-q"});
  ASSERT_EQ(gen.exit_code, 0) << gen.err;
  auto manifest = nlohmann::json::parse(read_file(dir / "batch" / "manifest.json"));
  ASSERT_EQ(manifest["pages"].size(), 2u);

  auto ev = run_process({kamiflow_binary(), "eval", out, "--json", "-q"});
  ASSERT_EQ(ev.exit_code, 0) << ev.err;
  auto j = nlohmann::json::parse(ev.out);
  for (const char* key : {"pages", "fields", "field_exact_rate", "cer", "mark_accuracy", "classification_accuracy",
                          "rejected_pages", "review_rate", "silent_error_rate", "pages_per_second", "by_type"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["pages"], 2);
  EXPECT_EQ(j["fields"], 0);
  EXPECT_EQ(j["expected_rejections"], 1);
  EXPECT_EQ(j["expected_rejections_met"], 1);  // the truncated file is refused, not read
  EXPECT_GE(j["rejected_pages"].get<int>(), 1);
  EXPECT_TRUE(j["field_exact_rate"].is_null());  // no fields: rates are undefined, not 0 or 1

  auto table = run_process({kamiflow_binary(), "eval", out, "-q"});
  EXPECT_EQ(table.exit_code, 0);
  EXPECT_NE(table.out.find("classification"), std::string::npos);

  auto missing = run_process({kamiflow_binary(), "eval", (dir / "nothing").string()});
  EXPECT_EQ(missing.exit_code, 2) << "a directory without manifest.json is a usage error";
}

TEST(EvalCli, SamplesRejectsUnknownForm) {
  TempDir dir;
  auto r = run_process({kamiflow_binary(), "samples", "--form", "no_such_form", "--count", "1", "--out",
                        (dir / "x").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no_such_form"), std::string::npos);
}

}  // namespace
}  // namespace kamiflow::testing
