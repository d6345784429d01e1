#include "engine/batch/progress.hpp"

#include "engine/base/messages.hpp"

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
  set_message_language(Language::kEnglish);
  std::string t = render_summary_table(s);
  EXPECT_NE(t.find("batch finished"), std::string::npos);
  EXPECT_NE(t.find("needs review            2"), std::string::npos) << t;
  EXPECT_NE(t.find("skipped (already done)    5"), std::string::npos) << t;
  EXPECT_NE(t.find("pages/s                   3.0"), std::string::npos) << t;
  EXPECT_NE(t.find("kamiflow review serve"), std::string::npos) << "what to do next";
  s.interrupted = true;
  EXPECT_NE(render_summary_table(s).find("interrupted"), std::string::npos);
  set_message_language(Language::kJapanese);
}

// The clerk's table is Japanese by default, aligned although its labels are double-width.
TEST(Progress, SummaryTableInJapaneseSaysWhatToDoNext) {
  BatchSummary s;
  s.records = 3;
  s.needs_review = 3;
  s.unclassified = 1;
  set_message_language(Language::kJapanese);
  std::string t = render_summary_table(s);
  EXPECT_NE(t.find("処理が終わりました"), std::string::npos) << t;
  EXPECT_NE(t.find("    要確認" + std::string(18, ' ') + "3\n"), std::string::npos) << t;  // 8 columns + 18 = 26
  EXPECT_NE(t.find("  様式不明" + std::string(18, ' ') + "1\n"), std::string::npos) << t;
  EXPECT_NE(t.find("kamiflow review serve"), std::string::npos) << t;
  EXPECT_NE(t.find(".reason.txt"), std::string::npos) << t;
}

}  // namespace
}  // namespace kamiflow::engine

namespace kamiflow::engine {
namespace {

// Until every file has been opened the total is an estimate, and says so; pages done by an
// earlier run show as skipped, not as progress.
TEST(Progress, AnEstimatedTotalIsMarkedAndSkippedPagesAreShown) {
  ProgressSnapshot s;
  s.pages_done = 4;
  s.pages_total = 300;
  s.total_is_estimate = true;
  s.skipped = 36;
  s.elapsed_seconds = 30;
  const std::string bar = render_progress_bar(s, 100);
  EXPECT_NE(bar.find(" 4/~300 pages"), std::string::npos) << bar;
  EXPECT_NE(bar.find("36 skipped"), std::string::npos) << bar;
  EXPECT_NE(render_progress_plain(s).find("4/~300 pages"), std::string::npos);
  s.total_is_estimate = false;
  EXPECT_NE(render_progress_bar(s, 100).find(" 4/300 pages"), std::string::npos);
}

}  // namespace
}  // namespace kamiflow::engine
