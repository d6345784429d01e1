// Hot folder: files are taken only once stable (seen unchanged in two polls), and the journal
// makes a second watch over the same folder do nothing.
#include "engine/batch/hot_folder.hpp"

#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>

#include "test_support.hpp"

namespace kamiflow::engine {
namespace {
namespace fs = std::filesystem;

class OneFieldExtractor : public ocr::Extractor {
 public:
  Result<ocr::Record> extract(const ocr::PageImage& page, const ocr::PageInfo& info) override {
    ocr::Record r;
    r.form_id = "fake";
    r.source_file = info.source_file;
    r.page = info.page;
    r.file_sha256 = info.file_sha256;
    r.fields.push_back(ocr::FieldResult{"w", ocr::FieldType::kText, "", std::to_string(page.width()), 1.0, {}, {}, {}});
    return r;
  }
  const ocr::StageTimes& last_stage_times() const override { return t_; }
  ocr::StageTimes t_;
};

BatchOptions batch_options() {
  BatchOptions o;
  o.jobs = 1;
  o.make_extractor = []() -> Result<std::unique_ptr<ocr::Extractor>> {
    return std::unique_ptr<ocr::Extractor>(new OneFieldExtractor);
  };
  return o;
}

TEST(HotFolder, TakesStableFilesOnceAndReusesTheJournal) {
  testing::TempDir dir;
  fs::create_directories(dir / "hot");
  for (int w : {60, 62, 64}) cv::imwrite((dir / "hot" / ("s" + std::to_string(w) + ".png")).string(), cv::Mat(20, w, CV_8UC1, cv::Scalar(255)));
  testing::write_file(dir / "hot" / "scan.png.part", "still being written");
  auto store = std::move(RecordStore::open((dir / "db.sqlite").string())).value();

  WatchOptions w;
  w.dir = (dir / "hot").string();
  w.poll_interval_ms = 1;
  w.max_idle_polls = 1;
  // A file seen in one poll only is not yet known to be complete: nothing is taken.
  auto glance = watch_folder(*store, w, batch_options());
  ASSERT_TRUE(glance.ok()) << glance.status().ToString();
  EXPECT_EQ(glance->records, 0);

  w.max_idle_polls = 3;
  auto first = watch_folder(*store, w, batch_options());
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->records, 3);
  EXPECT_EQ(*store->count_records(), 3);

  // Restarted watcher, same folder: the journal says everything is done.
  auto second = watch_folder(*store, w, batch_options());
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->records, 0);
  EXPECT_EQ(second->skipped, 3);
  EXPECT_EQ(*store->count_records(), 3);
}

TEST(HotFolder, StopsAfterMaxFiles) {
  testing::TempDir dir;
  fs::create_directories(dir / "hot");
  for (int w : {60, 62, 64}) cv::imwrite((dir / "hot" / ("s" + std::to_string(w) + ".png")).string(), cv::Mat(20, w, CV_8UC1, cv::Scalar(255)));
  auto store = std::move(RecordStore::open((dir / "db.sqlite").string())).value();
  WatchOptions w;
  w.dir = (dir / "hot").string();
  w.poll_interval_ms = 1;
  w.max_files = 2;
  auto s = watch_folder(*store, w, batch_options());
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->records, 2);
  EXPECT_FALSE(watch_folder(*store, WatchOptions{(dir / "missing").string()}, batch_options()).ok());
}

}  // namespace
}  // namespace kamiflow::engine
