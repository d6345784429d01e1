// Reliability promise 3 on the WORKFLOW path (tests/crash_test.cpp does `kamiflow batch`):
// `kamiflow run scripts/intake.lua IN OUT` is killed with SIGKILL at random moments (fixed seed,
// bounded), then rerun to completion. Every page must end up exactly once in the journal
// (records + quarantined + unclassified == pages), no (sha256, page) twice, the database intact,
// the CSV complete (one row per record, written atomically), and the inputs unchanged.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "engine/store/csv_reader.hpp"
#include "engine/store/record_store.hpp"
#include "kamiflow/ocr/page_source.hpp"
#include "engine/store/sql_connection.hpp"
#include "test_support.hpp"

extern char** environ;

namespace kamiflow {
namespace {
namespace fs = std::filesystem;

std::map<std::string, std::string> hashes(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out[e.path().filename().string()] = *ocr::sha256_file(e.path().string());
  return out;
}

TEST(WorkflowCrash, KillNineDuringIntakeThenRerunGivesEveryPageExactlyOnce) {
  testing::TempDir root;
  const fs::path in = root / "in", out = root / "out";
  auto gen = testing::run_process({testing::kamiflow_binary(), "samples", "--form", "all", "--count", "4",
                                   "--seed", "7", "--out", in.string()});
  ASSERT_EQ(gen.exit_code, 0) << gen.err;
  for (const auto& e : fs::directory_iterator(in))
    if (e.path().extension() == ".json") fs::remove(e.path());  // ground truth, not scans
  testing::write_file(in / "truncated.png", testing::read_file(fs::directory_iterator(in)->path()).substr(0, 200));
  const auto before = hashes(in);
  const long long pages = static_cast<long long>(before.size());  // single-page files

  const std::vector<std::string> argv = {testing::kamiflow_binary(), "run", "-q", "--no-progress", "-j", "2",
                                         (testing::source_dir() / "scripts/intake.lua").string(), in.string(),
                                         out.string(),
                                         (testing::source_dir() / "samples/forms/*/template.lua").string()};
  std::mt19937 rng(7);
  // Short enough that most kills land mid-batch on an idle machine (a page takes ~0.5-1 s).
  std::uniform_int_distribution<int> delay_ms(300, 3000);
  int killed = 0;
  for (int round = 0; round < 5; ++round) {
    const pid_t pid = testing::spawn_quiet(argv);
    ASSERT_GT(pid, 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(rng)));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    killed += WIFSIGNALED(status) ? 1 : 0;
  }
  auto final_run = testing::run_process(argv);
  // 3 when this run quarantined the truncated file, 0 when a killed run already had: the journal
  // check below (quarantined == 1) is what proves it was handled exactly once.
  ASSERT_TRUE(final_run.exit_code == 0 || final_run.exit_code == 3) << final_run.exit_code << ": " << final_run.err;
  EXPECT_GT(killed, 0);

  const std::string db = (out / "records.sqlite").string();
  auto store = std::move(engine::RecordStore::open(db)).value();
  const long long records = *store->count_records();
  const long long quarantined = *store->count_journal(engine::PageState::kQuarantined);
  const long long unclassified = *store->count_journal(engine::PageState::kUnclassified);
  EXPECT_EQ(records + quarantined + unclassified, pages);
  EXPECT_EQ(*store->count_journal(), pages);
  EXPECT_EQ(quarantined, 1);
  EXPECT_EQ(*store->integrity_check(), "ok");

  // No (sha256, page) twice, neither in the journal nor among the records.
  std::set<std::pair<std::string, int>> seen;
  const auto all = std::move(store->records()).value();
  for (const auto& r : all) EXPECT_TRUE(seen.insert({r.file_sha256, r.page}).second) << r.source_file;
  auto h = engine::sql::connect(db);
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  auto dup = engine::sql::Statement::prepare(
      h->get(), "SELECT COUNT(*) FROM (SELECT file_sha256, page FROM pages GROUP BY 1, 2 HAVING COUNT(*) > 1)");
  ASSERT_TRUE(dup.ok());
  ASSERT_TRUE(*dup->step());
  EXPECT_EQ(dup->int64(0), 0);

  // The CSV sink: complete, one row per record, no temp files left behind.
  auto rows = read_csv_file(out / "records.csv");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(static_cast<long long>(rows->size()), records + 1);
  for (const auto& e : fs::directory_iterator(out))
    EXPECT_EQ(e.path().filename().string().find(".tmp"), std::string::npos) << e.path();

  EXPECT_EQ(hashes(in), before);  // inputs never modified
}

}  // namespace
}  // namespace kamiflow
