// ReviewServer over real HTTP (cpp-httplib's client): the token on every request, the sign-in
// cookie, writes refused without a reviewer or JSON — and the counts of the queue page, `kamiflow
// report` and `kamiflow review list` agreeing on one database.
#include "engine/review/server.hpp"

#include <httplib.h>

#include <gtest/gtest.h>

#include <regex>
#include <thread>

#include <nlohmann/json.hpp>

#include "engine/base/logging.hpp"
#include "support/backends.hpp"
#include "test_support.hpp"

namespace kamiflow::review {
namespace {

ocr::Record record(const std::string& sha, bool flagged) {
  ocr::Record r;
  r.form_id = "jido_teate";
  r.source_file = "gone/" + sha + ".png";  // no image: pages and crops are simply absent
  r.page = 1;
  r.file_sha256 = sha;
  ocr::FieldResult zip;
  zip.name = "postal_code";
  zip.raw = zip.value = "1000001";
  if (flagged) zip.flags = {ocr::flag::kInvalid};
  r.fields = {zip};
  return r;
}

// Two records to review, one accepted, one reviewed, one sent back for rescanning, one
// quarantined page: 2 need review, whoever counts.
std::string make_database(const std::string& db) {
  auto store = std::move(engine::RecordStore::open(db)).value();
  const long long batch = *store->begin_batch({"in"});
  auto add = [&](const std::string& sha, bool flagged, engine::RecordState st) {
    return **store->commit_record(batch, record(sha, flagged), st, {}, {});
  };
  add("a1", true, engine::RecordState::kNeedsReview);
  add("a2", true, engine::RecordState::kNeedsReview);
  add("a3", false, engine::RecordState::kAccepted);
  const long long reviewed = add("a4", true, engine::RecordState::kNeedsReview);
  EXPECT_TRUE(store->review_field(reviewed, "postal_code", "100-0001", "x").ok());
  const long long rescan = add("a5", true, engine::RecordState::kNeedsReview);
  EXPECT_TRUE(store->set_verdict(rescan, engine::RecordVerdict::kRescan, "かすれ", "x").ok());
  EXPECT_TRUE(store->commit_page(batch, engine::PageRef{"in/bad.png", 1, "b1"}, engine::PageState::kQuarantined,
                                 "Corruption: truncated").ok());
  EXPECT_TRUE(store->finish_batch(batch, nlohmann::json{{"pages", 6}}).ok());
  return db;
}

// The server, its service and the CLI read the same records from SQLite or PostgreSQL (a review
// server can run on another machine than the workers).
class ReviewServer : public testing::StoreBackendTest {};
class ReviewCounts : public testing::StoreBackendTest {};
KF_INSTANTIATE_BACKENDS(ReviewServer);
KF_INSTANTIATE_BACKENDS(ReviewCounts);

struct Running {
  std::unique_ptr<ReviewService> service;
  std::unique_ptr<kamiflow::review::ReviewServer> server;
  std::thread thread;
  explicit Running(const std::string& db) {
    auto forms = load_template_dir((testing::source_dir() / "samples/forms").string());
    service = std::move(ReviewService::open(db, std::move(forms).value())).value();
    server = std::move(kamiflow::review::ReviewServer::start(*service, {}, make_logger({}))).value();
    thread = std::thread([this] { (void)server->run(); });
  }
  ~Running() {
    server->stop();
    thread.join();
  }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", server->port());
    c.set_connection_timeout(5);
    return c;
  }
  httplib::Headers signed_in() const {
    return {{"Cookie", "kf_token=" + server->token() + "; kf_reviewer=%E4%BD%90%E8%97%A4"}};  // 佐藤
  }
};

TEST_P(ReviewServer, EveryRequestNeedsTheToken) {
  testing::TempDir dir;
  Running r(make_database(fresh_database(dir, "r.sqlite")));
  EXPECT_EQ(r.server->url().rfind("http://127.0.0.1:", 0), 0u);
  auto c = r.client();
  for (const char* path : {"/", "/queue", "/records/1", "/records/1/page.jpg", "/assets/review.js", "/nope"}) {
    auto res = c.Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 403) << path;
  }
  auto wrong = c.Get("/queue", {{"Cookie", "kf_token=" + std::string(32, '0')}});
  EXPECT_EQ(wrong->status, 403);
  auto post = c.Post("/api/records/1/fields/postal_code", "{\"value\":\"1000002\"}", "application/json");
  EXPECT_EQ(post->status, 403);

  // ?token= sets the cookie and drops the token from the address.
  auto first = c.Get("/queue?token=" + r.server->token() + "&form=jido_teate");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 303);
  EXPECT_EQ(first->get_header_value("Location"), "/queue?form=jido_teate");
  EXPECT_NE(first->get_header_value("Set-Cookie").find("kf_token=" + r.server->token()), std::string::npos);
  EXPECT_NE(first->get_header_value("Set-Cookie").find("HttpOnly"), std::string::npos);
}

TEST_P(ReviewServer, WritesNeedAReviewerAndJsonAndAreChecked) {
  testing::TempDir dir;
  Running r(make_database(fresh_database(dir, "r.sqlite")));
  auto c = r.client();
  const std::string token_only = "kf_token=" + r.server->token();
  auto anonymous = c.Post("/api/records/1/fields/postal_code", {{"Cookie", token_only}}, "{\"value\":\"1000002\"}",
                          "application/json");
  EXPECT_EQ(anonymous->status, 401);
  auto form_post = c.Post("/api/records/1/fields/postal_code", r.signed_in(), "value=1000002",
                          "application/x-www-form-urlencoded");
  EXPECT_EQ(form_post->status, 415);
  auto bad = c.Post("/api/records/1/fields/postal_code", r.signed_in(), "{\"value\":\"abc\"}", "application/json");
  EXPECT_EQ(bad->status, 422);
  EXPECT_NE(nlohmann::json::parse(bad->body)["error"].get<std::string>().find("郵便番号"), std::string::npos);
  auto good = c.Post("/api/records/1/fields/postal_code", r.signed_in(), "{\"value\":\"1000002\"}", "application/json");
  ASSERT_EQ(good->status, 200) << good->body;
  auto j = nlohmann::json::parse(good->body);
  EXPECT_EQ(j["value"], "100-0002");
  EXPECT_EQ(j["review"], "corrected");
  EXPECT_EQ(j["record_state"], "reviewed");
  auto typed_wrong = c.Post("/api/records/2/verdict", r.signed_in(), "{\"verdict\":5}", "application/json");
  EXPECT_EQ(typed_wrong->status, 400);
  auto no_reason = c.Post("/api/records/2/verdict", r.signed_in(), "{\"verdict\":\"rejected\"}", "application/json");
  EXPECT_EQ(no_reason->status, 422);  // a rejection needs a reason
  auto rows = r.service->history(1);
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].reviewer, "佐藤");
}

std::string count_after(const std::string& text, const std::string& attr) {
  std::smatch m;
  const std::regex re(attr + "=\"([0-9]+)\"");
  return std::regex_search(text, m, re) ? std::string(m[1]) : "<none>";
}

TEST_P(ReviewCounts, QueueReportAndReviewListAgree) {
  testing::TempDir dir;
  const std::string db = make_database(fresh_database(dir, "r.sqlite"));
  std::string queue_count;
  {
    Running r(db);
    auto c = r.client();
    auto page = c.Get("/queue", r.signed_in());
    ASSERT_TRUE(page);
    ASSERT_EQ(page->status, 200);
    queue_count = count_after(page->body, "id=\"count-needs-review\" data-count");
    EXPECT_EQ(count_after(page->body, "id=\"count-rescan\" data-count"), "1");
    EXPECT_EQ(count_after(page->body, "id=\"count-reviewed\" data-count"), "1");
  }
  auto list = testing::run_process({testing::kamiflow_binary(), "review", "list", "--db", db});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  auto report = testing::run_process({testing::kamiflow_binary(), "report", "--db", db, "--out", (dir / "rep").string()});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  const std::string html = testing::read_file(dir / "rep" / "report.html");

  EXPECT_EQ(queue_count, "2");
  EXPECT_NE(list.out.find("\n2 件の記録が確認待ちです"), std::string::npos) << list.out;  // clerk messages: Japanese
  EXPECT_NE(report.out.find(", 2 need review,"), std::string::npos) << report.out;
  EXPECT_EQ(count_after(html, "data-count-needs-review"), "2");
  EXPECT_NE(html.find("needs review only)</span><span class=\"count\">2</span>"), std::string::npos);
  EXPECT_EQ(count_after(html, "data-count-rejected"), "2");  // the quarantined page and the rescan
}

}  // namespace
}  // namespace kamiflow::review
