// `kamiflow report --truth`: the report of a records database with the ground truth of the
// samples batch it came from (report/store_report.cpp + eval/report_truth.cpp), end to end, with a
// rejected page among them (its truth has fields the report must not trip over).
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace kamiflow {
namespace {

TEST(StoreReport, ReportWithTruthOfABatchWithARejectedPage) {
  testing::TempDir dir;
  const auto scans = (dir / "scans").string(), db = (dir / "r.sqlite").string();
  auto gen = testing::run_process({testing::kamiflow_binary(), "-q", "samples", "--form", "sodai_gomi", "--count", "2",
                                   "--multipage", "0", "--corrupt", "--seed", "3", "--out", scans});
  ASSERT_EQ(gen.exit_code, 0) << gen.err;
  auto batch = testing::run_process({testing::kamiflow_binary(), "-q", "batch", "-t",
                                     (testing::source_dir() / "samples/forms/sodai_gomi/template.lua").string(), "--db",
                                     db, "--quarantine", (dir / "q").string(), "--", scans});
  ASSERT_EQ(batch.exit_code, 3) << batch.err;  // finished with the corrupt file rejected
  auto report = testing::run_process(
      {testing::kamiflow_binary(), "report", "--db", db, "--out", (dir / "rep").string(), "--truth", scans});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  EXPECT_NE(report.out.find("rejected or unclassified"), std::string::npos) << report.out;
  const std::string html = testing::read_file(dir / "rep" / "report.html");
  EXPECT_NE(html.find("sodai_gomi"), std::string::npos);
}

}  // namespace
}  // namespace kamiflow
