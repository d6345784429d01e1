// WorkQueue (PostgreSQL): claims never overlap, an expired lease is reclaimed by another worker, a
// heartbeat keeps a claim, enqueueing twice adds nothing, and a page's queue row finishes in the
// page's own commit (also when another worker had journaled it first).
#include "engine/store/work_queue.hpp"

#include <gtest/gtest.h>

#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "engine/store/record_store.hpp"
#include "support/backends.hpp"

namespace kamiflow::engine {
namespace {

struct Queue {
  std::string url = testing::fresh_postgres_database();
  std::unique_ptr<RecordStore> store = std::move(RecordStore::open(url)).value();
  std::unique_ptr<WorkQueue> q = std::move(WorkQueue::open(url)).value();
  long long batch = *store->begin_batch({"/scans"});
};

ocr::Record record_for(const QueueItem& item) {
  ocr::Record r;
  r.form_id = "jumin";
  r.source_file = item.path;
  r.page = item.page;
  r.file_sha256 = item.file_sha256;
  ocr::FieldResult f;
  f.name = "name";
  f.raw = f.value = "山田";
  r.fields = {f};
  return r;
}

TEST(PostgresWorkQueue, ClaimsNeverOverlapAndEnqueueTwiceAddsNothing) {
  Queue fx;
  ASSERT_EQ(*fx.q->enqueue(fx.batch, "/scans/a.tif", "aa", 3, ""), 3);
  EXPECT_EQ(*fx.q->enqueue(fx.batch, "/scans/copy-of-a.tif", "aa", 3, ""), 0);  // same bytes
  ASSERT_EQ(*fx.q->enqueue(fx.batch, "/scans/bad.png", "bb", 0, "Corruption: truncated"), 1);
  std::set<std::pair<std::string, int>> claimed;
  for (int i = 0; i < 4; ++i) {
    auto item = fx.q->claim("w" + std::to_string(i % 2), 30);
    ASSERT_TRUE(item.ok() && item->has_value()) << item.status().ToString();
    EXPECT_TRUE(claimed.insert({(*item)->file_sha256, (*item)->page}).second);
    if ((*item)->page == 0) {
      EXPECT_EQ((*item)->open_error, "Corruption: truncated");
    }
  }
  EXPECT_FALSE(fx.q->claim("w2", 30)->has_value());  // all four are held under live leases
  EXPECT_EQ(*fx.q->open_pages(), 4);
}

TEST(PostgresWorkQueue, AnExpiredLeaseIsReclaimedAndAHeartbeatKeepsIt) {
  Queue fx;
  ASSERT_EQ(*fx.q->enqueue(fx.batch, "/scans/a.tif", "aa", 2, ""), 2);
  auto dead = fx.q->claim("dead", 1);   // this worker is killed: nobody renews its lease
  auto alive = fx.q->claim("alive", 1); // this one keeps beating
  ASSERT_TRUE(dead->has_value() && alive->has_value());
  EXPECT_FALSE(fx.q->claim("other", 30)->has_value());
  for (int i = 0; i < 4; ++i) {  // 2 s: beyond both original leases
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    ASSERT_TRUE(fx.q->heartbeat("alive", 1).ok());
  }
  auto reclaimed = fx.q->claim("other", 30);
  ASSERT_TRUE(reclaimed.ok() && reclaimed->has_value());
  EXPECT_EQ((*reclaimed)->id, (*dead)->id);             // the dead worker's page, not the live one's
  EXPECT_FALSE(fx.q->claim("other2", 30)->has_value());
  auto status = fx.q->status();
  ASSERT_TRUE(status.ok());
  ASSERT_EQ(status->batches.size(), 1u);
  EXPECT_EQ(status->batches[0].claimed, 2);
  ASSERT_EQ(status->workers.size(), 1u);  // only "alive" ever sent a heartbeat
  EXPECT_TRUE(status->workers[0].alive);
}

TEST(PostgresWorkQueue, TheQueueRowFinishesInThePagesCommit) {
  Queue fx;
  ASSERT_EQ(*fx.q->enqueue(fx.batch, "/scans/a.tif", "aa", 2, ""), 2);
  ASSERT_EQ(*fx.q->enqueue(fx.batch, "/scans/bad.png", "bb", 0, "truncated"), 1);
  auto first = std::move(fx.q->claim("slow", 1)).value();
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));  // "slow" loses its lease...
  auto again = std::move(fx.q->claim("fast", 30)).value();
  ASSERT_TRUE(first && again);
  ASSERT_EQ(first->id, again->id);
  // ... "fast" commits the page first; "slow" commits it too: one record, the row done.
  fx.store->bind_queue_item(again->id);
  auto fast = fx.store->commit_record(fx.batch, record_for(*again), RecordState::kAccepted, {}, {});
  ASSERT_TRUE(fast.ok() && fast->has_value()) << fast.status().ToString();
  auto slow_store = std::move(RecordStore::open(fx.url)).value();
  slow_store->bind_queue_item(first->id);
  auto slow = slow_store->commit_record(fx.batch, record_for(*first), RecordState::kAccepted, {}, {});
  ASSERT_TRUE(slow.ok());
  EXPECT_FALSE(slow->has_value());
  EXPECT_EQ(*fx.store->count_records(), 1);

  // A rejected page: the queue row takes the journal's state.
  auto other = std::move(fx.q->claim("fast", 30)).value();
  auto bad = std::move(fx.q->claim("fast", 30)).value();
  ASSERT_TRUE(other && bad);
  if (bad->page != 0) std::swap(other, bad);
  fx.store->bind_queue_item(bad->id);
  ASSERT_TRUE(*fx.store->commit_page(fx.batch, PageRef{bad->path, 0, bad->file_sha256}, PageState::kQuarantined,
                                     "truncated"));
  // A failed commit leaves the row claimed (the transaction rolled back as a whole).
  ocr::Record broken = record_for(*other);
  broken.fields.push_back(broken.fields[0]);  // duplicate field name: the commit fails
  fx.store->bind_queue_item(other->id);
  EXPECT_FALSE(fx.store->commit_record(fx.batch, broken, RecordState::kAccepted, {}, {}).ok());
  fx.store->bind_queue_item(0);

  auto status = std::move(fx.q->status()).value();
  ASSERT_EQ(status.batches.size(), 1u);
  EXPECT_EQ(status.batches[0].done, 1);
  EXPECT_EQ(status.batches[0].quarantined, 1);
  EXPECT_EQ(status.batches[0].claimed, 1);
  EXPECT_EQ(*fx.store->count_journal(), 2);
  EXPECT_EQ(*fx.store->integrity_check(), "ok");
}

TEST(PostgresWorkQueue, RefusesASqliteDatabase) {
  testing::TempDir dir;
  EXPECT_EQ(WorkQueue::open((dir / "x.sqlite").string()).status().code(), StatusCode::kInvalidInput);
}

}  // namespace
}  // namespace kamiflow::engine
