// on_reviewed (engine/workflow/hooks_reviewed.cpp): `kamiflow run` hands each record a person
// reviewed to the hook exactly once, with the corrected values and review states; a hook that
// raises leaves the record to be offered again.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "engine/store/record_store.hpp"
#include "test_support.hpp"

namespace kamiflow {
namespace {
namespace fs = std::filesystem;

long long add_reviewed(engine::RecordStore& store, const std::string& sha) {
  ocr::Record r;
  r.form_id = "jido_teate";
  r.source_file = "in/" + sha + ".png";
  r.page = 1;
  r.file_sha256 = sha;
  ocr::FieldResult zip;
  zip.name = "postal_code";
  zip.raw = zip.value = "1000001";
  zip.flags = {ocr::flag::kInvalid};
  r.fields = {zip};
  const long long id = **store.commit_record(*store.begin_batch({}), r, engine::RecordState::kNeedsReview, {}, {});
  EXPECT_TRUE(store.review_field(id, "postal_code", "100-0001", "佐藤").ok());
  return id;
}

std::string workflow(const fs::path& dir, const std::string& body) {
  const fs::path wf = dir / "wf.lua";
  fs::create_directories(dir / "in");
  testing::write_file(wf, "return { inputs = '" + (dir / "in").string() + "', templates = '" +
                              (testing::source_dir() / "samples/forms/jido_teate/template.lua").string() +
                              "', database = '" + (dir / "r.sqlite").string() + "',\n" + body + " }\n");
  return wf.string();
}

TEST(OnReviewed, EachReviewedRecordIsHandedOverOnce) {
  testing::TempDir dir;
  long long id = 0;
  {
    auto store = std::move(engine::RecordStore::open((dir / "r.sqlite").string())).value();
    id = add_reviewed(*store, "aa");
  }
  const std::string wf = workflow(dir.path(), R"(on_reviewed = function(rec)
      local f = rec.fields.postal_code
      print("reviewed " .. rec.id .. " " .. rec.state .. " " .. f.value .. " " .. f.review .. " raw " .. f.raw)
    end)");
  auto first = testing::run_process({testing::kamiflow_binary(), "run", "-q", wf});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.out, "reviewed " + std::to_string(id) + " reviewed 100-0001 corrected raw 1000001\n");
  auto second = testing::run_process({testing::kamiflow_binary(), "run", "-q", wf});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(second.out, "");  // already handed over
}

TEST(OnReviewed, AHookThatRaisesIsOfferedTheRecordAgain) {
  testing::TempDir dir;
  {
    auto store = std::move(engine::RecordStore::open((dir / "r.sqlite").string())).value();
    add_reviewed(*store, "aa");
  }
  const std::string failing = workflow(dir.path(), "on_reviewed = function(rec) error('sink down') end");
  auto bad = testing::run_process({testing::kamiflow_binary(), "run", "-q", failing});
  EXPECT_EQ(bad.exit_code, 4) << bad.err;  // a Lua error
  EXPECT_NE(bad.err.find("sink down"), std::string::npos) << bad.err;
  const std::string ok = workflow(dir.path(), "on_reviewed = function(rec) print('again ' .. rec.id) end");
  auto good = testing::run_process({testing::kamiflow_binary(), "run", "-q", ok});
  ASSERT_EQ(good.exit_code, 0) << good.err;
  EXPECT_EQ(good.out, "again 1\n");
}

}  // namespace
}  // namespace kamiflow
