// RecordStore: one transaction per page, the journal key refuses doubles, schema survives reopen.
#include "engine/store/record_store.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/backends.hpp"
#include "test_support.hpp"

namespace kamiflow::engine {
namespace {

ocr::Record make_record(const std::string& sha, int page, bool flagged) {
  ocr::Record r;
  r.form_id = "jumin";
  r.source_file = "in/scan.png";
  r.page = page;
  r.file_sha256 = sha;
  r.alignment_score = 0.9;
  ocr::FieldResult name;
  name.name = "name";
  name.raw = "山田太郎";
  name.value = "山田太郎";
  name.confidence = 0.95;
  ocr::FieldResult zip;
  zip.name = "zip";
  zip.type = ocr::FieldType::kDigitBoxes;
  zip.raw = "1OO0001";
  zip.value = "1000001";
  zip.confidence = 0.4;
  if (flagged) zip.flags = {ocr::flag::kLowConfidence};
  zip.box = {10, 20, 30, 40};
  r.fields = {name, zip};
  return r;
}

class RecordStore : public testing::StoreBackendTest {};
KF_INSTANTIATE_BACKENDS(RecordStore);

std::unique_ptr<engine::RecordStore> open_store(const std::string& p) {
  auto store = engine::RecordStore::open(p);
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  return std::move(store).value();
}

TEST_P(RecordStore, ListsJournalEntriesAndLatestBatchSummary) {
  testing::TempDir dir;
  auto store = open_store(fresh_database(dir));
  auto none = store->latest_batch_summary();
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  auto batch = store->begin_batch({"in"});
  ASSERT_TRUE(batch.ok());
  ASSERT_TRUE(store->commit_record(*batch, make_record("bb", 2, false), RecordState::kAccepted, {}, {}).ok());
  ASSERT_TRUE(store->commit_page(*batch, PageRef{"in/a.png", 1, "aa"}, PageState::kQuarantined, "truncated PNG").ok());
  ASSERT_TRUE(store->finish_batch(*batch, nlohmann::json{{"pages", 2}, {"seconds", 1.5}}).ok());

  auto all = store->journal_entries();
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].ref.source_file, "in/a.png");  // ordered by file, then page
  EXPECT_EQ((*all)[0].state, PageState::kQuarantined);
  EXPECT_EQ((*all)[0].reason, "truncated PNG");
  EXPECT_EQ((*all)[1].state, PageState::kDone);
  auto rejected = store->journal_entries(PageState::kQuarantined);
  ASSERT_TRUE(rejected.ok());
  ASSERT_EQ(rejected->size(), 1u);
  EXPECT_EQ((*rejected)[0].ref.file_sha256, "aa");

  auto summary = store->latest_batch_summary();
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->value("seconds", 0.0), 1.5);
}

TEST_P(RecordStore, CommitsRecordFieldsAndJournalTogether) {
  testing::TempDir dir;
  auto store = open_store(fresh_database(dir));
  auto batch = store->begin_batch({"in"});
  ASSERT_TRUE(batch.ok());
  auto id = store->commit_record(*batch, make_record("aa", 1, true), RecordState::kNeedsReview,
                                 {"", "crops/aa_p1_zip.png"}, nlohmann::json{{"ward", "north"}});
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  ASSERT_TRUE(id->has_value());

  auto stored = store->record(**id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->state, RecordState::kNeedsReview);
  ASSERT_EQ(stored->fields.size(), 2u);
  EXPECT_EQ(stored->fields[1].name, "zip");
  EXPECT_EQ(stored->fields[1].raw, "1OO0001");
  EXPECT_EQ(stored->fields[1].flags, std::vector<std::string>{"low_confidence"});
  EXPECT_EQ(stored->fields[1].crop_path, "crops/aa_p1_zip.png");
  EXPECT_EQ(stored->fields[1].box.h, 40);
  EXPECT_EQ(nlohmann::json::parse(stored->json)["ward"], "north");

  auto entry = store->journal_entry("aa", 1);
  ASSERT_TRUE(entry.ok());
  ASSERT_TRUE(entry->has_value());
  EXPECT_EQ((*entry)->state, PageState::kDone);
  EXPECT_EQ(*store->integrity_check(), "ok");
}

TEST_P(RecordStore, SecondCommitOfSamePageWritesNothing) {
  testing::TempDir dir;
  auto store = open_store(fresh_database(dir));
  long long batch = *store->begin_batch({});
  ASSERT_TRUE(store->commit_record(batch, make_record("aa", 1, false), RecordState::kAccepted, {}, {})->has_value());
  auto again = store->commit_record(batch, make_record("aa", 1, false), RecordState::kAccepted, {}, {});
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->has_value());
  auto as_page = store->commit_page(batch, PageRef{"x", 1, "aa"}, PageState::kQuarantined, "late");
  ASSERT_TRUE(as_page.ok());
  EXPECT_FALSE(*as_page);
  EXPECT_EQ(*store->count_records(), 1);
  EXPECT_EQ(*store->count_journal(), 1);
}

TEST_P(RecordStore, FailedCommitLeavesNoTrace) {
  testing::TempDir dir;
  auto store = open_store(fresh_database(dir));
  long long batch = *store->begin_batch({});
  ocr::Record r = make_record("bb", 2, false);
  r.fields.push_back(r.fields[0]);  // duplicate field name violates PRIMARY KEY(record_id, name)
  auto id = store->commit_record(batch, r, RecordState::kAccepted, {}, {});
  EXPECT_FALSE(id.ok());
  // Neither the record row nor the journal row nor the first fields may remain.
  EXPECT_EQ(*store->count_records(), 0);
  EXPECT_EQ(*store->count_journal(), 0);
  EXPECT_FALSE(store->journal_entry("bb", 2)->has_value());
  // And the page can still be committed properly afterwards.
  EXPECT_TRUE(store->commit_record(batch, make_record("bb", 2, false), RecordState::kAccepted, {}, {})->has_value());
}

TEST_P(RecordStore, JournalKeepsNonRecordOutcomesAndSurvivesReopen) {
  testing::TempDir dir;
  const std::string db = fresh_database(dir);
  {
    auto store = open_store(db);
    long long batch = *store->begin_batch({"a"});
    ASSERT_TRUE(*store->commit_page(batch, PageRef{"bad.png", 0, "cc"}, PageState::kQuarantined, "truncated"));
    ASSERT_TRUE(*store->commit_page(batch, PageRef{"x.tif", 3, "dd"}, PageState::kUnclassified, "scores"));
    ASSERT_TRUE(store->finish_batch(batch, nlohmann::json{{"pages", 2}}).ok());
  }
  auto store = open_store(db);
  auto e = store->journal_entry("cc", 0);
  ASSERT_TRUE(e.ok() && e->has_value());
  EXPECT_EQ((*e)->state, PageState::kQuarantined);
  EXPECT_EQ((*e)->reason, "truncated");
  EXPECT_EQ(*store->finished_pages("dd"), std::set<int>{3});
  EXPECT_EQ(*store->count_journal(PageState::kUnclassified), 1);
}

TEST_P(RecordStore, MarkReviewedAppliesCorrections) {
  testing::TempDir dir;
  auto store = open_store(fresh_database(dir));
  long long batch = *store->begin_batch({});
  long long id = **store->commit_record(batch, make_record("ee", 1, true), RecordState::kNeedsReview, {}, {});
  EXPECT_EQ(store->records(RecordState::kNeedsReview)->size(), 1u);
  EXPECT_FALSE(store->mark_reviewed(id, {{"nope", "1"}}).ok());
  ASSERT_TRUE(store->mark_reviewed(id, {{"zip", "1000002"}}).ok());
  auto r = store->record(id);
  EXPECT_EQ(r->state, RecordState::kReviewed);
  EXPECT_EQ(r->fields[1].value, "1000002");
  EXPECT_EQ(r->fields[1].raw, "1OO0001");
  EXPECT_TRUE(store->records(RecordState::kNeedsReview)->empty());
}

TEST(RecordStoreSqlite, RefusesAFileThatIsNotADatabase) {
  testing::TempDir dir;
  testing::write_file(dir / "junk.sqlite", std::string(4096, 'x'));
  auto store = engine::RecordStore::open((dir / "junk.sqlite").string());
  EXPECT_FALSE(store.ok());
}

TEST(DatabaseUrl, TellsServersFromFilesAndHidesPasswords) {
  EXPECT_TRUE(is_database_url("postgresql://kf@db/kamiflow"));
  EXPECT_TRUE(is_database_url("postgres://kf@db/kamiflow"));
  EXPECT_FALSE(is_database_url("out/postgresql.sqlite"));
  EXPECT_EQ(redact_database_url("postgresql://kf:s3cret@db:5432/kamiflow"), "postgresql://kf:***@db:5432/kamiflow");
  EXPECT_EQ(redact_database_url("postgresql://kf@db/kamiflow"), "postgresql://kf@db/kamiflow");
  EXPECT_EQ(redact_database_url("out/R.sqlite"), "out/R.sqlite");
  // A server that cannot be reached: the message names it, without the password.
  auto st = engine::RecordStore::open("postgresql://kf:s3cret@127.0.0.1:1/kamiflow?connect_timeout=2");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.status().message().find("s3cret"), std::string::npos) << st.status().ToString();
  EXPECT_NE(st.status().message().find("127.0.0.1:1"), std::string::npos) << st.status().ToString();
}

}  // namespace
}  // namespace kamiflow::engine
