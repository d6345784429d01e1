// Reliability promise 3 (DESIGN.md §5): kill -9 during a batch, rerun, and every page is processed
// exactly once. Drives the real binary (`kamiflow batch`), kills it at pseudo-random moments
// (fixed seed, so a failure reproduces), then lets a final run finish and compares the journal
// with a clean, uninterrupted run over the same inputs.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <random>
#include <thread>

#include "engine/store/record_store.hpp"
#include "engine/store/sql_connection.hpp"
#include "test_support.hpp"

extern char** environ;

namespace kamiflow::engine {
namespace {
namespace fs = std::filesystem;

std::vector<std::string> batch_argv(const fs::path& root, const std::string& db) {
  std::vector<std::string> argv = {testing::kamiflow_binary(), "batch", "-q", "--no-progress", "-j", "2",
                                   "--db", db, "--quarantine", (root / "q").string(), "--unclassified",
                                   (root / "u").string()};
  for (const char* form : {"inkan_touroku", "jido_teate", "kokuho_shutoku", "sodai_gomi"})
    argv.insert(argv.end(), {"-t", (testing::source_dir() / "samples/forms" / form / "template.lua").string()});
  argv.push_back((root / "in").string());
  return argv;
}

// (sha256, page) → state, from a database file.
std::map<std::pair<std::string, int>, std::string> journal(const std::string& db) {
  std::map<std::pair<std::string, int>, std::string> out;
  auto h = sql::connect(db, sql::ConnectOptions{10'000, /*create_if_missing=*/false});
  if (!h.ok()) return out;
  auto st = sql::Statement::prepare(h->get(), "SELECT file_sha256, page, state FROM pages");
  while (st.ok() && *st->step()) out[{st->text(0), static_cast<int>(st->int64(1))}] = st->text(2);
  return out;
}

TEST(Crash, KillNineAtRandomMomentsThenRerunGivesEveryPageExactlyOnce) {
  testing::TempDir root;
  // Real sample scans (they become records) plus drawn pages no template matches.
  auto gen = testing::run_process({testing::kamiflow_binary(), "samples", "--form", "all", "--count", "2",
                                   "--seed", "7", "--out", (root / "in").string()});
  ASSERT_EQ(gen.exit_code, 0) << gen.err;
  for (const auto& e : fs::directory_iterator(root / "in"))
    if (e.path().extension() == ".json") fs::remove(e.path());  // ground truth, not scans
  std::mt19937 rng(7);
  for (int i = 0; i < 3; ++i) {
    cv::Mat page(700, 500, CV_8UC1, cv::Scalar(255));
    for (int k = 0; k < 8; ++k)
      cv::rectangle(page, cv::Rect(rng() % 400, rng() % 600, 20 + rng() % 80, 10 + rng() % 60), cv::Scalar(0), 2);
    cv::imwrite((root / "in" / ("drawn_" + std::to_string(i) + ".png")).string(), page);
  }
  testing::write_file(root / "in" / "truncated.png", testing::read_file(root / "in" / "drawn_0.png").substr(0, 300));

  const std::string db = (root / "crash.sqlite").string();
  std::uniform_int_distribution<int> delay_ms(0, 1500);
  int killed = 0;
  for (int round = 0; round < 4; ++round) {
    pid_t pid = testing::spawn_quiet(batch_argv(root.path(), db));
    ASSERT_GT(pid, 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(rng)));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    killed += WIFSIGNALED(status) ? 1 : 0;
  }
  auto final_run = testing::run_process(batch_argv(root.path(), db));
  ASSERT_TRUE(final_run.exit_code == 0 || final_run.exit_code == 3) << final_run.err;

  auto clean = testing::run_process(batch_argv(root.path(), (root / "clean.sqlite").string()));
  ASSERT_TRUE(clean.exit_code == 0 || clean.exit_code == 3) << clean.err;

  auto crashed = journal(db), reference = journal((root / "clean.sqlite").string());
  EXPECT_GT(killed, 0);
  EXPECT_EQ(crashed, reference);  // same pages, same outcomes: nothing lost, nothing extra
  auto store = std::move(RecordStore::open(db)).value();
  long long done = 0;
  for (const auto& [key, state] : crashed) done += state == "done";
  EXPECT_GT(done, 0);
  EXPECT_EQ(*store->count_records(), done);  // one record per done page, none doubled
  EXPECT_EQ(*store->integrity_check(), "ok");
}

}  // namespace
}  // namespace kamiflow::engine
