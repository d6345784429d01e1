// RecordStore review writes (record_store_review.cpp): field states, when a record becomes
// reviewed, verdicts, the audit trail, on_reviewed bookkeeping, and the v1 → v2 migration.
#include <sqlite3.h>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "engine/store/record_store.hpp"
#include "support/backends.hpp"
#include "test_support.hpp"

namespace kamiflow::engine {
namespace {

ocr::Record two_flagged() {
  ocr::Record r;
  r.form_id = "jumin";
  r.source_file = "in/scan.png";
  r.page = 1;
  r.file_sha256 = "aa";
  for (const char* name : {"name", "zip", "date"}) {
    ocr::FieldResult f;
    f.name = name;
    f.raw = f.value = std::string("v_") + name;
    f.confidence = 0.9;
    if (std::string(name) != "name") f.flags = {ocr::flag::kLowConfidence};
    r.fields.push_back(f);
  }
  return r;
}

// One fresh store of the test's back end (sqlite / postgres).
struct Fixture {
  explicit Fixture(const std::string& backend)
      : store(std::move(RecordStore::open(backend == "postgres" ? testing::fresh_postgres_database()
                                                                : (dir / "r.sqlite").string()))
                  .value()) {}
  testing::TempDir dir;
  std::unique_ptr<RecordStore> store;
  long long add(const ocr::Record& r, RecordState state = RecordState::kNeedsReview) {
    return **store->commit_record(*store->begin_batch({}), r, state, {}, {});
  }
};

class RecordStoreReview : public testing::StoreBackendTest {};
KF_INSTANTIATE_BACKENDS(RecordStoreReview);

TEST_P(RecordStoreReview, RecordIsReviewedOnlyWhenEveryFlaggedFieldIsChecked) {
  Fixture fx(GetParam());
  const long long id = fx.add(two_flagged());
  auto st = fx.store->review_field(id, "zip", "100-0001", "佐藤");
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  EXPECT_EQ(*st, FieldReview::kCorrected);
  EXPECT_EQ(fx.store->record(id)->state, RecordState::kNeedsReview);  // "date" is still unchecked
  EXPECT_EQ(*fx.store->review_field(id, "date", "v_date", "佐藤"), FieldReview::kConfirmed);
  auto r = fx.store->record(id);
  EXPECT_EQ(r->state, RecordState::kReviewed);
  EXPECT_FALSE(r->reviewed_at.empty());
  EXPECT_EQ(r->fields[0].review, FieldReview::kOcr);  // the unflagged field was never looked at
  EXPECT_EQ(r->fields[1].review, FieldReview::kCorrected);
  EXPECT_EQ(r->fields[1].value, "100-0001");
  EXPECT_EQ(r->fields[1].raw, "v_zip");  // what was read stays
  EXPECT_NE(r->json.find("\"100-0001\""), std::string::npos);  // the JSON copy follows
}

TEST_P(RecordStoreReview, EveryChangeHasAnAuditRow) {
  Fixture fx(GetParam());
  const long long id = fx.add(two_flagged());
  ASSERT_TRUE(fx.store->review_field(id, "zip", "100-0001", "佐藤").ok());
  ASSERT_TRUE(fx.store->review_field(id, "zip", "100-0002", "鈴木").ok());
  ASSERT_TRUE(fx.store->review_field(id, "date", "v_date", "鈴木").ok());
  auto rows = fx.store->audit_trail(id);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 4u);
  EXPECT_EQ((*rows)[0].reviewer, "佐藤");
  EXPECT_EQ((*rows)[0].field, "zip");
  EXPECT_EQ((*rows)[0].old_value, "v_zip");
  EXPECT_EQ((*rows)[0].new_value, "100-0001");
  EXPECT_EQ((*rows)[0].action, "corrected");
  EXPECT_EQ((*rows)[1].old_value, "100-0001");  // a second correction keeps the first in the trail
  EXPECT_EQ((*rows)[2].action, "confirmed");
  EXPECT_EQ((*rows)[3].action, "reviewed");
  EXPECT_FALSE((*rows)[0].at.empty());
}

TEST_P(RecordStoreReview, UnknownFieldChangesNothing) {
  Fixture fx(GetParam());
  const long long id = fx.add(two_flagged());
  EXPECT_EQ(fx.store->review_field(id, "nope", "x", "a").status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(fx.store->audit_trail(id)->empty());
  EXPECT_EQ(fx.store->mark_reviewed(id, {{"nope", "1"}}, "a").code(), StatusCode::kNotFound);
  EXPECT_EQ(fx.store->record(id)->state, RecordState::kNeedsReview);
}

TEST_P(RecordStoreReview, MarkReviewedConfirmsTheRestByName) {
  Fixture fx(GetParam());
  const long long id = fx.add(two_flagged());
  ASSERT_TRUE(fx.store->mark_reviewed(id, {{"zip", "100-0001"}}, "cli:tanaka").ok());
  auto r = fx.store->record(id);
  EXPECT_EQ(r->state, RecordState::kReviewed);
  EXPECT_EQ(r->fields[2].review, FieldReview::kConfirmed);
  EXPECT_EQ(r->fields[0].review, FieldReview::kOcr);
  auto rows = fx.store->audit_trail(id);
  ASSERT_EQ(rows->size(), 3u);  // corrected zip, confirmed date, reviewed
  EXPECT_EQ((*rows)[1].field, "date");
  EXPECT_EQ((*rows)[2].reviewer, "cli:tanaka");
}

TEST_P(RecordStoreReview, WorkflowSentRecordWithoutFlagsNeedsEveryFieldChecked) {
  Fixture fx(GetParam());
  ocr::Record r = two_flagged();
  for (auto& f : r.fields) f.flags.clear();
  const long long id = fx.add(r);
  ASSERT_TRUE(fx.store->review_field(id, "name", "v_name", "a").ok());
  ASSERT_TRUE(fx.store->review_field(id, "zip", "v_zip", "a").ok());
  EXPECT_EQ(fx.store->record(id)->state, RecordState::kNeedsReview);
  ASSERT_TRUE(fx.store->review_field(id, "date", "v_date", "a").ok());
  EXPECT_EQ(fx.store->record(id)->state, RecordState::kReviewed);
}

TEST_P(RecordStoreReview, VerdictIsRecordedAndCanBeReopened) {
  Fixture fx(GetParam());
  const long long id = fx.add(two_flagged());
  ASSERT_TRUE(fx.store->set_verdict(id, RecordVerdict::kRescan, "かすれて読めない", "佐藤").ok());
  auto r = fx.store->record(id);
  EXPECT_EQ(r->verdict, RecordVerdict::kRescan);
  EXPECT_EQ(r->verdict_reason, "かすれて読めない");
  ASSERT_TRUE(fx.store->set_verdict(id, RecordVerdict::kNone, "", "佐藤").ok());
  EXPECT_EQ(fx.store->record(id)->verdict, RecordVerdict::kNone);
  auto rows = fx.store->audit_trail(id);
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].action, "rescan");
  EXPECT_EQ((*rows)[0].new_value, "かすれて読めない");
  EXPECT_EQ((*rows)[1].action, "reopened");
  EXPECT_EQ((*rows)[1].old_value, "rescan");
}

TEST_P(RecordStoreReview, OnReviewedIsPendingOnceUntilMarked) {
  Fixture fx(GetParam());
  const long long id = fx.add(two_flagged());
  EXPECT_TRUE(fx.store->pending_on_reviewed()->empty());
  ASSERT_TRUE(fx.store->mark_reviewed(id, {}, "a").ok());
  EXPECT_EQ(*fx.store->pending_on_reviewed(), std::vector<long long>{id});
  EXPECT_TRUE(*fx.store->mark_on_reviewed_done(id));
  EXPECT_FALSE(*fx.store->mark_on_reviewed_done(id));  // a second process finds it done
  EXPECT_TRUE(fx.store->pending_on_reviewed()->empty());
}

// A database written by schema version 1 (before review state) opens, keeps its rows and gains
// the review columns with their defaults.
TEST(RecordStoreReviewSqlite, MigratesAVersionOneDatabase) {
  testing::TempDir dir;
  const std::string path = (dir / "v1.sqlite").string();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  const char* v1 = R"sql(
CREATE TABLE batches (id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT, inputs TEXT NOT NULL, summary TEXT);
CREATE TABLE pages (file_sha256 TEXT NOT NULL, page INTEGER NOT NULL, source_file TEXT NOT NULL,
  state TEXT NOT NULL, batch_id INTEGER, reason TEXT NOT NULL DEFAULT '', updated_at TEXT NOT NULL, PRIMARY KEY (file_sha256, page));
CREATE TABLE records (id INTEGER PRIMARY KEY, batch_id INTEGER, form_id TEXT NOT NULL, source_file TEXT NOT NULL,
  page INTEGER NOT NULL, file_sha256 TEXT NOT NULL, alignment_score REAL NOT NULL, rotation INTEGER NOT NULL,
  state TEXT NOT NULL, json TEXT NOT NULL, created_at TEXT NOT NULL, reviewed_at TEXT, UNIQUE (file_sha256, page));
CREATE TABLE fields (record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE, ordinal INTEGER NOT NULL,
  name TEXT NOT NULL, type TEXT NOT NULL, raw TEXT NOT NULL, value TEXT NOT NULL, confidence REAL NOT NULL,
  flags TEXT NOT NULL, crop_path TEXT NOT NULL DEFAULT '', x INTEGER NOT NULL, y INTEGER NOT NULL, w INTEGER NOT NULL,
  h INTEGER NOT NULL, PRIMARY KEY (record_id, name));
INSERT INTO records VALUES (7, NULL, 'jumin', 'a.png', 1, 'ab', 0.9, 0, 'needs_review', '{}', '2026-01-01', NULL);
INSERT INTO fields VALUES (7, 0, 'zip', 'digit_boxes', '1000001', '1000001', 0.4, '["low_confidence"]', '', 0, 0, 1, 1);
PRAGMA user_version = 1;
)sql";
  ASSERT_EQ(sqlite3_exec(db, v1, nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);

  auto store = RecordStore::open(path);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto r = (*store)->record(7);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->fields[0].review, FieldReview::kOcr);
  EXPECT_EQ(r->verdict, RecordVerdict::kNone);
  ASSERT_TRUE((*store)->review_field(7, "zip", "100-0001", "a").ok());
  EXPECT_EQ((*store)->record(7)->state, RecordState::kReviewed);
  store->reset();
  auto again = RecordStore::open(path);  // a second open does not migrate twice
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ((*again)->audit_trail(7)->size(), 2u);
}

}  // namespace
}  // namespace kamiflow::engine
