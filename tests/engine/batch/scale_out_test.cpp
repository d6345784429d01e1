// Scale-out end to end (issue #14, docs/scale-out.md): real `kamiflow worker` processes on one
// PostgreSQL queue. (a) kill -9 random workers many times and restart them: every page ends with
// exactly one record, and the records equal a single-machine SQLite `kamiflow batch` of the same
// scans. (b) the server stopped mid-batch and started again: nothing lost or doubled. (c) SIGTERM:
// the current page is finished and committed, exit 0.
#include <signal.h>
#include <sys/wait.h>

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <map>
#include <random>
#include <thread>

#include <nlohmann/json.hpp>

#include "engine/store/record_store.hpp"
#include "engine/store/work_queue.hpp"
#include "support/backends.hpp"

namespace kamiflow::engine {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

const fs::path kForm = testing::source_dir() / "samples/forms/sodai_gomi";

// The sodai_gomi template cut down to its phone number and its three marked choices: the same
// classification and registration as the full form, one Tesseract call per page instead of a dozen,
// so a batch of 100+ pages read twice (workers, then the SQLite reference) stays fast on 2 cores.
std::string small_template(const fs::path& dir) {
  const std::string src = testing::read_file(kForm / "template.lua");
  auto cut = [&](const std::string& from, const std::string& to) {
    return src.substr(src.find(from), src.find(to) - src.find(from));
  };
  fs::create_directories(dir);
  fs::copy_file(kForm / "blank.png", dir / "blank.png", fs::copy_options::overwrite_existing);
  testing::write_file(dir / "template.lua", src.substr(0, src.find("  fields = {")) + "  fields = {\n" +
                                                cut("    { name = \"phone\"", "    { name = \"address\"") +
                                                cut("    { name = \"housing\"", "    { name = \"item_detail\"") +
                                                cut("    { name = \"place\"", "    { name = \"remarks\"") + "  },\n}\n");
  return (dir / "template.lua").string();
}

// `count` pages: single-page scans plus a 4-page TIFF and a 4-page PDF (one queue row per page),
// without the ground truth files.
void make_scans(const fs::path& dir, int count, int seed) {
  auto gen = testing::run_process({testing::kamiflow_binary(), "samples", "--form", "sodai_gomi", "--count",
                                   std::to_string(count), "--multipage", "4", "--seed", std::to_string(seed), "-j", "2",
                                   "--out", dir.string(), "-q"});
  ASSERT_EQ(gen.exit_code, 0) << gen.err;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".json") fs::remove(e.path());
}

std::vector<std::string> worker_argv(const std::string& url, const std::string& tpl,
                                     const std::vector<std::string>& extra = {}) {
  std::vector<std::string> argv = {testing::kamiflow_binary(), "-q",         "worker", "--db", url, "-t", tpl,
                                   "--lease",                  "2",          "--poll-ms", "200"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return argv;
}

// (file name, page) → form and field values: what must not depend on where a page was read.
using Outcome = std::map<std::pair<std::string, int>, std::string>;
Outcome outcome_of(RecordStore& store) {
  Outcome out;
  const std::vector<StoredRecord> all = std::move(store.records()).value();
  for (const auto& r : all) {
    std::string v = r.form_id + "|" + r.file_sha256;
    for (const auto& f : r.fields) v += "|" + f.name + "=" + f.value;
    EXPECT_TRUE(out.emplace(std::pair{fs::path(r.source_file).filename().string(), r.page}, v).second)
        << "two records for " << r.source_file << " page " << r.page;
  }
  return out;
}

long long open_pages(const std::string& url) {
  auto q = WorkQueue::open(url);
  return q.ok() ? (*q)->open_pages().value_or(-1) : -1;
}

TEST(PostgresScaleOut, KillNineWorkersAtRandomThenEveryPageHasExactlyOneRecord) {
  testing::TempDir dir;
  const std::string tpl = small_template(dir / "form");
  make_scans(dir / "in", 104, 14);  // 96 single pages + a 4-page TIFF and a 4-page PDF
  const std::string url = testing::fresh_postgres_database();
  ASSERT_FALSE(url.empty());
  auto enq = testing::run_process({testing::kamiflow_binary(), "enqueue", "--db", url, "--json", (dir / "in").string()});
  ASSERT_EQ(enq.exit_code, 0) << enq.err;
  const long long pages = nlohmann::json::parse(enq.out)["enqueued_pages"];
  ASSERT_GE(pages, 100);

  std::mt19937 rng(14);
  const auto workers_started = Clock::now();
  std::vector<pid_t> workers;
  for (int i = 0; i < 3; ++i) workers.push_back(testing::spawn_quiet(worker_argv(url, tpl, {"--until-empty"})));
  int kills = 0;
  const auto deadline = Clock::now() + std::chrono::seconds(150);
  while (kills < 15 && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100 + rng() % 500));
    pid_t& victim = workers[rng() % workers.size()];
    int status = 0;
    if (waitpid(victim, &status, WNOHANG) == victim) break;  // the queue is empty: workers exit
    kill(victim, SIGKILL);
    waitpid(victim, &status, 0);
    ++kills;
    victim = testing::spawn_quiet(worker_argv(url, tpl, {"--until-empty"}));
  }
  // Let the survivors finish, reclaiming the pages the killed ones held.
  for (pid_t pid : workers) {
    int status = 0;
    while (waitpid(pid, &status, WNOHANG) == 0) {
      if (Clock::now() > deadline) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        FAIL() << "workers did not finish in time; open pages: " << open_pages(url);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  EXPECT_GE(kills, 8) << "the batch finished before enough kills; make it longer";
  const double workers_seconds = std::chrono::duration<double>(Clock::now() - workers_started).count();
  EXPECT_EQ(open_pages(url), 0);

  auto ref = testing::run_process({testing::kamiflow_binary(), "-q", "batch", "-j", "2", "--no-progress", "-t", tpl, "--db", (dir / "ref.sqlite").string(), (dir / "in").string()});
  ASSERT_TRUE(ref.exit_code == 0 || ref.exit_code == 3) << ref.err;
  auto pg = std::move(RecordStore::open(url)).value();
  auto sq = std::move(RecordStore::open((dir / "ref.sqlite").string())).value();
  const Outcome got = outcome_of(*pg), want = outcome_of(*sq);
  EXPECT_EQ(*pg->count_journal(), pages);  // every page has its one outcome
  EXPECT_EQ(got, want);                    // and it is the one a single machine gets
  EXPECT_EQ(*pg->integrity_check(), "ok");
  std::cerr << "[ scale-out crash ] " << pages << " pages, " << kills << " workers killed with SIGKILL, "
            << got.size() << " records; workers took " << workers_seconds << " s\n";
}

TEST(PostgresScaleOut, ServerStoppedMidBatchLosesAndDoublesNothing) {
  // A server of its own: stopping the shared test server would cut the other tests' connections.
  testing::TempDir dir;
  const std::string script = KAMIFLOW_POSTGRES_SERVER_SH, state = (dir / "pg").string();
  auto started = testing::run_process({script, "start", state});
  ASSERT_EQ(started.exit_code, 0) << started.err;
  struct StopServer {  // on every exit path, failed assertions included
    std::string script, state;
    ~StopServer() { (void)testing::run_process({script, "stop", state}); }
  } stop_server{script, state};
  std::string url = testing::read_file(fs::path(state) / "url");
  url.pop_back();  // newline
  // The full form here: the batch must still be running when the server goes away.
  const std::string tpl = (kForm / "template.lua").string();
  make_scans(dir / "in", 24, 15);
  auto enq = testing::run_process({testing::kamiflow_binary(), "enqueue", "--db", url, (dir / "in").string()});
  ASSERT_EQ(enq.exit_code, 0) << enq.err;

  std::vector<std::future<testing::ProcessResult>> workers;
  for (int i = 0; i < 2; ++i)
    workers.push_back(std::async(std::launch::async, [&] {
      return testing::run_process(worker_argv(url, tpl, {"--until-empty", "--json", "--give-up", "60"}));
    }));
  std::this_thread::sleep_for(std::chrono::milliseconds(2000));
  auto halted = testing::run_process({script, "halt", state});
  ASSERT_EQ(halted.exit_code, 0) << halted.err;
  std::this_thread::sleep_for(std::chrono::milliseconds(3000));  // workers retry, backing off
  auto resumed = testing::run_process({script, "resume", state});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;

  long long reconnects = 0, committed = 0;
  for (auto& w : workers) {
    testing::ProcessResult r = w.get();
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    reconnects += j["reconnects"].get<long long>();
    committed += j["pages"].get<long long>();
  }
  {
    auto store = std::move(RecordStore::open(url)).value();
    EXPECT_GT(reconnects, 0) << "the server stop did not reach the workers";
    EXPECT_EQ(*store->count_journal(), 24);
    EXPECT_EQ(*store->count_records(), *store->count_journal(PageState::kDone));
    EXPECT_EQ(committed, 24) << "each page committed by exactly one worker";
    EXPECT_EQ(open_pages(url), 0);
    outcome_of(*store);  // fails on a doubled (file, page)
  }
}

TEST(PostgresWorker, SigtermFinishesTheCurrentPageAndExitsZero) {
  testing::TempDir dir;
  const std::string tpl = small_template(dir / "form");
  make_scans(dir / "in", 12, 16);
  const std::string url = testing::fresh_postgres_database();
  ASSERT_FALSE(url.empty());
  ASSERT_EQ(testing::run_process({testing::kamiflow_binary(), "enqueue", "--db", url, (dir / "in").string()}).exit_code, 0);
  pid_t pid = testing::spawn_quiet(worker_argv(url, tpl, {"--name", "w-term"}));
  auto queue = std::move(WorkQueue::open(url)).value();
  // Wait until it is in the middle of the batch: one page done, the next one claimed.
  const auto deadline = Clock::now() + std::chrono::seconds(60);
  for (;;) {
    auto s = std::move(queue->status()).value();
    if (!s.batches.empty() && s.batches[0].done >= 1 && s.batches[0].claimed == 1) break;
    ASSERT_LT(Clock::now(), deadline);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status)) << "killed by a signal instead of stopping";
  EXPECT_EQ(WEXITSTATUS(status), 0);
  auto s = std::move(queue->status()).value();
  EXPECT_EQ(s.batches[0].claimed, 0) << "the page in hand was finished, not abandoned";
  EXPECT_GT(s.batches[0].pending, 0) << "it stopped instead of taking more pages";
  ASSERT_EQ(s.workers.size(), 1u);
  EXPECT_FALSE(s.workers[0].alive);  // signed off
  auto store = std::move(RecordStore::open(url)).value();
  EXPECT_EQ(*store->count_journal(), s.batches[0].done + s.batches[0].quarantined + s.batches[0].unclassified);
}

// A workflow's on_record runs in the worker, before its commit: what it adds is stored, what it
// drops is journaled "dropped" (and its queue row too), as with `kamiflow run` on one machine.
TEST(PostgresWorker, WorkflowHooksRunInTheWorkerThatCommits) {
  testing::TempDir dir;
  const std::string tpl = small_template(dir / "form");
  make_scans(dir / "in", 10, 17);
  const std::string url = testing::fresh_postgres_database();
  ASSERT_FALSE(url.empty());
  ASSERT_EQ(testing::run_process({testing::kamiflow_binary(), "enqueue", "--db", url, (dir / "in").string()}).exit_code, 0);
  // inputs: what `kamiflow run` of the same file would read; a worker takes its pages from the queue.
  testing::write_file(dir / "wf.lua", "return { inputs = { 'inbox' }, templates = { '" + tpl + "' },\n"
                                      "  on_record = function(rec)\n"
                                      "    if rec.file:find('batch.tif', 1, true) and rec.page == 2 then return 'drop', 'not ours' end\n"
                                      "    rec.extra.checked_by = 'worker hook'\n"
                                      "  end }\n");
  auto w = testing::run_process({testing::kamiflow_binary(), "-q", "worker", "--db", url, "--workflow",
                                 (dir / "wf.lua").string(), "--until-empty", "--json"});
  ASSERT_EQ(w.exit_code, 0) << w.err;
  auto store = std::move(RecordStore::open(url)).value();
  EXPECT_EQ(*store->count_journal(PageState::kDropped), 1);
  EXPECT_EQ(*store->count_journal(), 10);
  const auto records = std::move(store->records()).value();
  ASSERT_EQ(records.size(), 9u);
  for (const auto& r : records) EXPECT_NE(r.json.find("\"checked_by\":\"worker hook\""), std::string::npos) << r.json;
  auto s = std::move(std::move(WorkQueue::open(url)).value()->status()).value();
  EXPECT_EQ(s.batches[0].dropped, 1);
  EXPECT_EQ(s.batches[0].done, 9);
}

}  // namespace
}  // namespace kamiflow::engine
