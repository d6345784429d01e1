// RobotJournal: keying → keyed, never keyed twice, a "keying" row survives a reopen (what a rerun
// after kill -9 sees), and the table lives beside the record store's without disturbing it.
#include <gtest/gtest.h>

#include "engine/store/record_store.hpp"
#include "engine/store/robot_journal.hpp"
#include "support/backends.hpp"
#include "test_support.hpp"

namespace kamiflow::engine {
namespace {

class RobotJournal : public testing::StoreBackendTest {};
KF_INSTANTIATE_BACKENDS(RobotJournal);

TEST_P(RobotJournal, KeyingThenKeyedAndNeverTwice) {
  testing::TempDir dir;
  const std::string db = fresh_database(dir, "r.sqlite");
  auto store = RecordStore::open(db);  // the records' tables first, as in a workflow run
  ASSERT_TRUE(store.ok());
  auto j = engine::RobotJournal::open(db);
  ASSERT_TRUE(j.ok()) << j.status().ToString();
  EXPECT_FALSE(*(*j)->entry("k1", "core"));
  ASSERT_TRUE((*j)->mark_keying("k1", "core").ok());
  EXPECT_EQ((*(*j)->entry("k1", "core"))->state, "keying");
  EXPECT_EQ((*j)->mark_keying("k1", "core").code(), StatusCode::kInvalidInput);  // a person must check
  ASSERT_TRUE((*j)->mark_keyed("k1", "core", "UK-1").ok());
  EXPECT_TRUE((*j)->mark_keyed("k1", "core", "UK-1").ok());  // the same receipt again: no-op
  EXPECT_EQ((*j)->mark_keyed("k1", "core", "UK-2").code(), StatusCode::kInvalidInput);
  EXPECT_EQ((*j)->clear_keying("k1", "core").code(), StatusCode::kInvalidInput);
  EXPECT_EQ((*j)->mark_keying("k1", "core").code(), StatusCode::kInvalidInput);
  EXPECT_FALSE(*(*j)->entry("k1", "other"));  // per target
  EXPECT_EQ((*j)->mark_keyed("k2", "core", "").code(), StatusCode::kInvalidInput);

  // A refused submission: keying cleared, so it can be keyed again later.
  ASSERT_TRUE((*j)->mark_keying("k3", "core").ok());
  ASSERT_TRUE((*j)->clear_keying("k3", "core").ok());
  EXPECT_FALSE(*(*j)->entry("k3", "core"));
  ASSERT_TRUE((*j)->mark_keying("k4", "core").ok());  // left keying, as by a kill -9
  j->reset();

  auto again = engine::RobotJournal::open(db);
  ASSERT_TRUE(again.ok());
  auto k1 = (*again)->entry("k1", "core");
  ASSERT_TRUE(k1.ok() && *k1);
  EXPECT_EQ((*k1)->state, "keyed");
  EXPECT_EQ((*k1)->receipt, "UK-1");
  EXPECT_FALSE((*k1)->keyed_at.empty());
  EXPECT_EQ((*(*again)->entry("k4", "core"))->state, "keying");
  EXPECT_EQ(*(*store)->integrity_check(), "ok");
  EXPECT_EQ(*(*store)->count_records(), 0);
}

}  // namespace
}  // namespace kamiflow::engine
