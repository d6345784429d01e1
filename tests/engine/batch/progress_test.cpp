#include "engine/batch/progress.hpp"

#include <gtest/gtest.h>

namespace kamiflow::engine {
namespace {

TEST(Progress, BarShowsCountsRateAndEta) {
  ProgressSnapshot s;
  s.pages_done = 50;
  s.pages_total = 100;
  s.elapsed_seconds = 25;  // 2 pages/s, 50 left → 25 s
  s.rejected = 3;
  std::string line = render_progress_bar(s, 80);
  EXPECT_EQ(line.size(), 80u);
  EXPECT_NE(line.find(" 50/100 pages"), std::string::npos) << line;
  EXPECT_NE(line.find("2.0 p/s"), std::string::npos) << line;
  EXPECT_NE(line.find("ETA 25s"), std::string::npos) << line;
  EXPECT_NE(line.find("3 rejected"), std::string::npos) << line;
  // Half done: half of the bar's cells are filled.
  size_t open = line.find('['), close = line.find(']');
  std::string bar = line.substr(open + 1, close - open - 1);
  EXPECT_EQ(std::count(bar.begin(), bar.end(), '#'), static_cast<long>(bar.size() / 2));
}

TEST(Progress, NarrowTerminalCutsInsteadOfWrapping) {
  ProgressSnapshot s;
  s.pages_total = 10;
  EXPECT_LE(render_progress_bar(s, 20).size(), 20u);
  EXPECT_NE(render_progress_bar(s, 80).find("ETA --"), std::string::npos);  // no rate yet
}

TEST(Progress, PlainLineAndDurations) {
  ProgressSnapshot s;
  s.pages_done = 10;
  s.pages_total = 370;
  s.elapsed_seconds = 10;
  s.skipped = 4;
  EXPECT_EQ(render_progress_plain(s), "progress: 10/370 pages, 1.0 pages/s, ETA 6m00s, 4 skipped");
  EXPECT_EQ(format_duration(3725), "1h02m");
  EXPECT_EQ(format_duration(42), "42s");
  EXPECT_EQ(format_duration(-1), "--");
}

TEST(Progress, SummaryTableListsEveryCount) {
  BatchSummary s;
  s.pages = 12;
  s.records = 9;
  s.accepted = 7;
  s.needs_review = 2;
  s.rejected = 2;
  s.unclassified = 1;
  s.skipped = 5;
  s.seconds = 4;
  s.pages_per_second = 3;
  std::string t = render_summary_table(s);
  EXPECT_NE(t.find("batch finished"), std::string::npos);
  EXPECT_NE(t.find("needs review            2"), std::string::npos) << t;
  EXPECT_NE(t.find("skipped (already done)    5"), std::string::npos) << t;
  EXPECT_NE(t.find("pages/s                   3.0"), std::string::npos) << t;
  s.interrupted = true;
  EXPECT_NE(render_summary_table(s).find("interrupted"), std::string::npos);
}

}  // namespace
}  // namespace kamiflow::engine
