// scripts/key_into_core_system.lua end to end, in real headless Chromium against the demo core
// system (samples/core_system/server.py, started here): a small generated batch is read and keyed;
// every keyed record is held by the core system exactly once with the receipt kamiflow stored;
// journal rows left by killed runs ("keying", "keyed") are honoured, never keyed again; a
// validation message on the screen becomes the record's review reason with a screenshot; kill -9
// in the middle of keying, then rerun, leaves no record entered twice (checked on the server's
// side) and no browser behind; a workflow that opens an undeclared origin is stopped.
#include <signal.h>
#include <sys/wait.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <set>
#include <thread>

#include "core_system_server.hpp"
#include "engine/store/record_store.hpp"
#include "engine/store/robot_journal.hpp"
#include "kamiflow/ocr/page_source.hpp"
#include "test_support.hpp"

namespace kamiflow {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

const testing::TempDir& batch_dir() {
  static testing::TempDir dir;
  return dir;
}

class RpaWorkflow : public ::testing::Test {
 protected:
  // One small batch for every test here: typed digits only, single-page files.
  static void SetUpTestSuite() {
    if (!testing::browser_available()) return;
    auto gen = testing::run_process({testing::kamiflow_binary(), "-q", "samples", "--form", "all", "--count", "5",
                                     "--seed", "16", "--handwriting-rate", "0", "--multipage", "0", "--out",
                                     (batch_dir() / "scans").string()});
    ASSERT_EQ(gen.exit_code, 0) << gen.err;
    fs::create_directories(batch_dir() / "in");
    for (const auto& e : fs::directory_iterator(batch_dir() / "scans"))
      if (e.path().extension() != ".json") fs::copy(e.path(), batch_dir() / "in" / e.path().filename());
  }
  void SetUp() override {
    if (!testing::browser_available()) GTEST_SKIP() << "chromium / chromium-driver / python3 not installed";
    ::setenv("TMPDIR", dir_.path().c_str(), 1);  // browser profiles under our dir: leftovers are visible
  }
  void TearDown() override {
    ::unsetenv("TMPDIR");
    ::unsetenv("KAMIFLOW_CORE_USER");
    ::unsetenv("KAMIFLOW_CORE_PASSWORD");
  }

  std::vector<std::string> argv(const std::string& url, const std::string& which = "all") const {
    return {testing::kamiflow_binary(), "run", "-q", "--no-progress", "-j", "2",
            (testing::source_dir() / "scripts/key_into_core_system.lua").string(), (batch_dir() / "in").string(),
            (dir_ / "out").string(), url, (testing::source_dir() / "samples/forms/*/template.lua").string(), which};
  }
  static std::vector<std::string> env() {
    return {"KAMIFLOW_CORE_USER=kamiflow", "KAMIFLOW_CORE_PASSWORD=demo-pass"};
  }
  std::vector<engine::StoredRecord> records() const {
    auto store = engine::RecordStore::open((dir_ / "out/records.sqlite").string());
    EXPECT_TRUE(store.ok());
    auto r = (*store)->records();
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : std::vector<engine::StoredRecord>{};
  }
  // The same truth file's postal code for page_0002, which the core system's master will lack.
  static std::string postal_of(const std::string& truth_file) {
    json t = json::parse(testing::read_file(batch_dir() / "scans" / truth_file));
    return t["fields"]["postal_code"]["value"].get<std::string>();
  }
  // The robot's key for the single-page scan whose name starts with `stem`.
  static std::string key_of(const std::string& stem) {
    for (const auto& e : fs::directory_iterator(batch_dir() / "in"))
      if (e.path().stem() == stem) return *ocr::sha256_file(e.path().string()) + "-1";
    return "";
  }
  bool browser_left() const { return !testing::processes_mentioning((dir_ / "kamiflow-web-").string()).empty(); }

  testing::TempDir dir_;
};

// server ref → count, and ref → receipt.
std::map<std::string, int> counts(const json& held) {
  std::map<std::string, int> n;
  for (const auto& r : held) ++n[r["ref"].get<std::string>()];
  return n;
}

TEST_F(RpaWorkflow, KeysTheRecordsOnceAndAScreenErrorBecomesAReviewReason) {
  // The core system's 住所マスタ lacks page 2's postal code, so it refuses that record on screen.
  std::string master;
  for (const auto& e : fs::directory_iterator(batch_dir() / "scans")) {
    const std::string name = e.path().filename().string();
    if (e.path().extension() == ".json" && name.rfind("page_", 0) == 0 && name != "page_0002.json")
      master += postal_of(name) + "\n";
  }
  testing::write_file(dir_ / "master.txt", master);
  testing::CoreSystemServer server(dir_.path(), {"--postal-master", (dir_ / "master.txt").string()});
  ASSERT_TRUE(server.ok());

  // What earlier, killed runs would have left in the robot journal: page 1 "keying" (killed
  // between 登録 and read-back), page 3 "keyed" with its receipt (killed before its page was
  // committed). Neither may be keyed again.
  const std::string key1 = key_of("page_0001"), key3 = key_of("page_0003");
  fs::create_directories(dir_ / "out");
  {
    auto j = engine::RobotJournal::open((dir_ / "out/records.sqlite").string());
    ASSERT_TRUE(j.ok()) << j.status().ToString();
    ASSERT_TRUE((*j)->mark_keying(key1, "core_system").ok());
    ASSERT_TRUE((*j)->mark_keyed(key3, "core_system", "UK-EARLIER").ok());
  }

  auto run = testing::run_process(argv(server.url()), env());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json held = server.records();
  const auto n = counts(held);
  std::map<std::string, std::string> receipt_of;
  for (const auto& r : held) receipt_of[r["ref"]] = r["receipt"];

  const auto recs = records();
  ASSERT_EQ(recs.size(), 5u);
  int keyed = 0, refused_by_master = 0;
  int seeded = 0;
  for (const auto& rec : recs) {
    const std::string key = rec.file_sha256 + "-" + std::to_string(rec.page);
    const json extra = json::parse(rec.json).value("extra", json::object());
    if (key == key1 || key == key3) {
      ++seeded;
      EXPECT_EQ(n.count(key), 0u) << "keyed again: " << key;
      if (key == key3) EXPECT_EQ(extra.value("core_receipt", ""), "UK-EARLIER") << rec.json;
      if (key == key1) {
        EXPECT_EQ(rec.state, engine::RecordState::kNeedsReview);
        EXPECT_NE(extra.value("review_reason", "").find("登録中に中断しました"), std::string::npos) << rec.json;
      }
    } else if (extra.contains("core_receipt")) {
      ++keyed;
      EXPECT_EQ(n.count(key) ? n.at(key) : 0, 1) << key;
      EXPECT_EQ(receipt_of[key], extra["core_receipt"]) << key;
      EXPECT_TRUE(fs::exists(extra.value("core_screenshot", ""))) << rec.json;  // the receipt screen
    } else {
      // Not keyed: the screen said why, and that is the review reason, with the screen saved.
      EXPECT_EQ(rec.state, engine::RecordState::kNeedsReview);
      EXPECT_EQ(n.count(key), 0u) << key;
      const std::string reason = extra.value("review_reason", "");
      EXPECT_NE(reason.find("基幹システムが受け付けませんでした"), std::string::npos) << reason;
      if (reason.find("住所マスタにありません") != std::string::npos) ++refused_by_master;
      ASSERT_TRUE(extra.contains("core_screenshot")) << rec.json;
      EXPECT_TRUE(fs::exists(extra["core_screenshot"].get<std::string>()));
    }
  }
  EXPECT_EQ(seeded, 2);
  EXPECT_GE(keyed, 1);
  EXPECT_EQ(refused_by_master, 1);
  EXPECT_EQ(static_cast<int>(held.size()), keyed);  // nothing on the server that kamiflow did not record
  EXPECT_FALSE(browser_left());

  // A rerun keys nothing again.
  auto again = testing::run_process(argv(server.url()), env());
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(server.records().size(), held.size());
}

TEST_F(RpaWorkflow, KillNineWhileKeyingThenRerunEntersEachRecordAtMostOnce) {
  testing::CoreSystemServer server(dir_.path());
  ASSERT_TRUE(server.ok());
  ::setenv("KAMIFLOW_CORE_USER", "kamiflow", 1);  // spawn_quiet passes on the environment
  ::setenv("KAMIFLOW_CORE_PASSWORD", "demo-pass", 1);
  const pid_t pid = testing::spawn_quiet(argv(server.url()));
  ASSERT_GT(pid, 0);
  // Kill as soon as the core system holds the first record: mid-batch, with the browser open.
  bool started = false;
  for (int i = 0; i < 600 && !started; ++i) {
    started = !server.records().empty();
    if (!started) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(started) << "the robot never keyed a record";
  ASSERT_TRUE(WIFSIGNALED(status));
  // The reaper takes chromedriver and chromium down with kamiflow.
  for (int i = 0; i < 50 && browser_left(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_FALSE(browser_left()) << "chromedriver or chromium outlived kamiflow -9";

  auto rerun = testing::run_process(argv(server.url()), env());
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
  const json held = server.records();
  const auto recs = records();
  ASSERT_EQ(recs.size(), 5u);
  for (const auto& [ref, count] : counts(held)) EXPECT_EQ(count, 1) << ref << " entered " << count << " times";
  const auto n = counts(held);
  for (const auto& rec : recs) {
    const std::string key = rec.file_sha256 + "-" + std::to_string(rec.page);
    const json extra = json::parse(rec.json).value("extra", json::object());
    if (extra.contains("core_receipt")) {
      EXPECT_EQ(n.count(key), 1u) << key;
    } else {
      // Killed between 登録 and read-back (a person checks; it was not keyed again), or refused
      // by the core system's own checks (then it is not there at all).
      const std::string reason = extra.value("review_reason", "");
      const bool interrupted = reason.find("登録中に中断しました") != std::string::npos;
      EXPECT_TRUE(interrupted || reason.find("受け付けませんでした") != std::string::npos) << reason;
      if (!interrupted) EXPECT_EQ(n.count(key), 0u) << key;
    }
  }
  EXPECT_FALSE(browser_left());
}

TEST_F(RpaWorkflow, AWorkflowThatOpensAnUndeclaredOriginIsStopped) {
  testing::CoreSystemServer server(dir_.path());
  ASSERT_TRUE(server.ok());
  // The same origin under another host name is another origin.
  const std::string other = "http://localhost:" + server.url().substr(server.url().rfind(':') + 1);
  testing::write_file(dir_ / "wander.lua", R"(
return {
  inputs = { kamiflow.args[1] }, templates = { kamiflow.args[2] }, database = kamiflow.args[3],
  capabilities = { web = { origins = { kamiflow.args[4] } } },
  on_record = function(rec) kamiflow.web.open(kamiflow.args[5] .. "/login") end,
})");
  const fs::path one = dir_ / "one";
  fs::create_directories(one);
  for (const auto& e : fs::directory_iterator(batch_dir() / "in")) {
    fs::copy(e.path(), one / e.path().filename());
    break;
  }
  auto run = testing::run_process({testing::kamiflow_binary(), "run", "-q", "--no-progress", (dir_ / "wander.lua").string(),
                                   one.string(), (testing::source_dir() / "samples/forms/*/template.lua").string(),
                                   (dir_ / "w.sqlite").string(), server.url(), other});
  EXPECT_EQ(run.exit_code, 4) << run.err;
  EXPECT_NE(run.err.find("is not a declared origin"), std::string::npos) << run.err;
  EXPECT_FALSE(browser_left());
}

}  // namespace
}  // namespace kamiflow
