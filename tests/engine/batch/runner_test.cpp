// BatchRunner with the real PageSource and a fake extractor (injected through the factory), so
// ordering, journal, quarantine and callbacks are tested without OCR.
#include "engine/batch/runner.hpp"
#include "engine/batch/quarantine.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <opencv2/imgcodecs.hpp>
#include <thread>

#include "test_support.hpp"

namespace kamiflow::engine {
namespace {
namespace fs = std::filesystem;

// Reads nothing: the page's width is its identity. Width 77 is "unclassified"; odd widths get a
// flagged field with a crop. Earlier pages sleep longer so that with 2 workers results finish
// out of order and the reorder buffer has real work to do.
class FakeExtractor : public ocr::Extractor {
 public:
  Result<ocr::Record> extract(const ocr::PageImage& page, const ocr::PageInfo& info) override {
    std::this_thread::sleep_for(std::chrono::milliseconds(std::max(0, 300 - page.width()) / 20));
    if (page.width() == 77) return Status::Unclassified("best template 'a' 0.12, runner-up 'b' 0.10");
    ocr::Record r;
    r.form_id = "fake";
    r.source_file = info.source_file;
    r.page = info.page;
    r.file_sha256 = info.file_sha256;
    ocr::FieldResult f;
    f.name = "width";
    f.value = std::to_string(page.width());
    f.confidence = 0.99;
    if (page.width() % 2 == 1) {
      f.flags = {ocr::flag::kLowConfidence};
      f.crop_png = {1, 2, 3};
    }
    r.fields.push_back(f);
    return r;
  }
  const ocr::StageTimes& last_stage_times() const override { return times_; }

 private:
  ocr::StageTimes times_;
};

ExtractorFactory fake_factory() {
  return []() -> Result<std::unique_ptr<ocr::Extractor>> { return std::unique_ptr<ocr::Extractor>(new FakeExtractor); };
}

void write_png(const fs::path& p, int width) {
  cv::Mat m(40, width, CV_8UC1, cv::Scalar(255));
  ASSERT_TRUE(cv::imwrite(p.string(), m));
}

struct Fixture {
  testing::TempDir dir;
  std::unique_ptr<RecordStore> store;
  Fixture() {
    fs::create_directories(dir / "in");
    store = std::move(RecordStore::open((dir / "db.sqlite").string())).value();
  }
  BatchOptions options(int jobs = 2) {
    BatchOptions o;
    o.inputs = {(dir / "in").string()};
    o.jobs = jobs;
    o.quarantine_dir = (dir / "quarantine").string();
    o.unclassified_dir = (dir / "unclassified").string();
    o.crops_dir = (dir / "crops").string();
    o.make_extractor = fake_factory();
    return o;
  }
};

TEST(BatchRunner, DeliversRecordsInInputOrderWithTwoWorkers) {
  Fixture fx;
  std::vector<std::string> expected;
  for (int i = 0; i < 12; ++i) {
    write_png(fx.dir / "in" / ("p" + std::to_string(10 + i) + ".png"), 100 + 2 * i);
    expected.push_back(std::to_string(100 + 2 * i));
  }
  std::vector<std::string> seen;
  BatchCallbacks cb;
  cb.on_record = [&](ocr::Record& r) -> Result<RecordDecision> {
    seen.push_back(r.fields[0].value);
    return RecordDecision{};
  };
  auto summary = BatchRunner(*fx.store, fx.options(2), cb).run();
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(seen, expected);
  EXPECT_EQ(summary->records, 12);
  EXPECT_EQ(summary->accepted, 12);
  EXPECT_EQ(*fx.store->count_records(), 12);
}

TEST(BatchRunner, RerunSkipsJournaledPagesAndInputsStayUnchanged) {
  Fixture fx;
  for (int i = 0; i < 5; ++i) write_png(fx.dir / "in" / ("s" + std::to_string(i) + ".png"), 120 + i);
  std::map<std::string, std::string> before;
  for (auto& e : fs::directory_iterator(fx.dir / "in")) before[e.path().string()] = *ocr::sha256_file(e.path().string());

  auto first = BatchRunner(*fx.store, fx.options()).run();
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->records, 5);
  EXPECT_EQ(first->needs_review, 2);  // widths 121, 123

  int calls = 0;
  BatchCallbacks cb;
  cb.on_record = [&](ocr::Record&) -> Result<RecordDecision> {
    ++calls;
    return RecordDecision{};
  };
  auto second = BatchRunner(*fx.store, fx.options(), cb).run();
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(calls, 0);
  EXPECT_EQ(second->skipped, 5);
  EXPECT_EQ(second->pages, 0);
  EXPECT_EQ(*fx.store->count_records(), 5);
  for (const auto& [path, sha] : before) EXPECT_EQ(*ocr::sha256_file(path), sha) << path;
  EXPECT_EQ(*fx.store->integrity_check(), "ok");
}

TEST(BatchRunner, QuarantinesEachKindOfBadInputAndFinishesTheRest) {
  Fixture fx;
  write_png(fx.dir / "in" / "a_good.png", 150);
  testing::write_file(fx.dir / "in" / "b_empty.png", "");
  std::string png = testing::read_file(fx.dir / "in" / "a_good.png");
  testing::write_file(fx.dir / "in" / "c_truncated.png", png.substr(0, png.size() / 2));
  testing::write_file(fx.dir / "in" / "d_text.png", "this is not an image at all\n");
  std::string ihdr("\x00\x01\x86\xa0\x00\x01\x86\xa0\x08\x00\x00\x00\x00", 13);  // 100000 x 100000
  testing::write_file(fx.dir / "in" / "e_bomb.png", std::string("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR", 16) + ihdr +
                                                         std::string(4, '\0'));
  testing::write_file(fx.dir / "in" / "f_locked.pdf",
                      "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R/Encrypt 2 0 R>>\n%%EOF\n");
  write_png(fx.dir / "in" / "g_good.png", 152);
  write_png(fx.dir / "in" / "h_unclassified.png", 77);

  std::vector<std::string> rejected;
  BatchCallbacks cb;
  cb.on_reject = [&](const PageRef& ref, PageState, const Status&) {
    rejected.push_back(fs::path(ref.source_file).filename().string());
    return Status::Ok();
  };
  auto s = BatchRunner(*fx.store, fx.options(), cb).run();
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->records, 2);
  EXPECT_EQ(s->rejected, 5);
  EXPECT_EQ(s->unclassified, 1);
  EXPECT_EQ(rejected, (std::vector<std::string>{"b_empty.png", "c_truncated.png", "d_text.png", "e_bomb.png",
                                                "f_locked.pdf", "h_unclassified.png"}));
  for (const char* bad : {"b_empty.png", "c_truncated.png", "d_text.png", "e_bomb.png", "f_locked.pdf"}) {
    fs::path copy = fx.dir / "quarantine" / bad;
    EXPECT_TRUE(fs::exists(copy)) << bad;
    EXPECT_EQ(testing::read_file(copy), testing::read_file(fx.dir / "in" / bad)) << bad;
    std::string reason = testing::read_file(Tray::reason_path(copy));
    EXPECT_NE(reason.find(bad), std::string::npos) << reason;
    EXPECT_NE(reason.find("whole file: "), std::string::npos) << reason;
  }
  std::string why = testing::read_file(fx.dir / "unclassified" / "h_unclassified.png.reason.txt");
  // The clerk's sentence first, the technical detail beside it (DESIGN: detail for the log).
  EXPECT_NE(why.find("page 1: このページはどの様式とも一致しません"), std::string::npos) << why;
  EXPECT_NE(why.find("Unclassified: best template 'a' 0.12"), std::string::npos) << why;

  // A rerun does nothing more, and does not repeat reason lines.
  auto again = BatchRunner(*fx.store, fx.options(), cb).run();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->pages, 0);
  EXPECT_EQ(again->skipped, 8);
  EXPECT_EQ(testing::read_file(fx.dir / "unclassified" / "h_unclassified.png.reason.txt"), why);
}

TEST(BatchRunner, DecisionsCropsAndExtraJsonAreStored) {
  Fixture fx;
  write_png(fx.dir / "in" / "a.png", 131);  // flagged
  write_png(fx.dir / "in" / "b.png", 132);
  write_png(fx.dir / "in" / "c.png", 134);
  BatchCallbacks cb;
  cb.on_record = [&](ocr::Record& r) -> Result<RecordDecision> {
    RecordDecision d;
    if (r.fields[0].value == "132") d.verdict = Verdict::kNeedsReview;
    if (r.fields[0].value == "134") {
      d.verdict = Verdict::kDrop;
      d.reason = "test page";
    }
    d.extra["ward"] = "north";
    return d;
  };
  auto s = BatchRunner(*fx.store, fx.options(), cb).run();
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->needs_review, 2);
  EXPECT_EQ(s->dropped, 1);
  auto review = *fx.store->records(RecordState::kNeedsReview);
  ASSERT_EQ(review.size(), 2u);
  ASSERT_FALSE(review[0].fields[0].crop_path.empty());
  EXPECT_EQ(testing::read_file(review[0].fields[0].crop_path), std::string("\x01\x02\x03"));
  EXPECT_TRUE(review[1].fields[0].crop_path.empty());  // not flagged: no crop kept
  EXPECT_NE(review[0].json.find("\"ward\":\"north\""), std::string::npos);
  EXPECT_EQ(*fx.store->count_journal(PageState::kDropped), 1);
}

TEST(BatchRunner, CancelCommitsInFlightAndRerunFinishesExactlyOnce) {
  Fixture fx;
  for (int i = 0; i < 10; ++i) write_png(fx.dir / "in" / ("p" + std::to_string(i) + ".png"), 200 + 2 * i);
  std::atomic<bool> cancel{false};
  BatchOptions o = fx.options();
  o.cancel = &cancel;
  o.max_in_flight = 2;
  BatchCallbacks cb;
  int n = 0;
  cb.on_record = [&](ocr::Record&) -> Result<RecordDecision> {
    if (++n == 3) cancel = true;
    return RecordDecision{};
  };
  auto first = BatchRunner(*fx.store, o, cb).run();
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(first->interrupted);
  EXPECT_GE(first->records, 3);
  EXPECT_LT(first->records, 10);

  cancel = false;
  auto second = BatchRunner(*fx.store, fx.options()).run();
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(second->interrupted);
  EXPECT_EQ(first->records + second->records, 10);
  EXPECT_EQ(second->skipped, first->records);
  EXPECT_EQ(*fx.store->count_records(), 10);
}

TEST(BatchRunner, CallbackErrorStopsTheBatchWithoutLosingCommittedPages) {
  Fixture fx;
  for (int i = 0; i < 4; ++i) write_png(fx.dir / "in" / ("p" + std::to_string(i) + ".png"), 200 + 2 * i);
  BatchCallbacks cb;
  cb.on_record = [&](ocr::Record& r) -> Result<RecordDecision> {
    if (r.fields[0].value == "204") return Status::ScriptError("workflow.lua:3: boom");
    return RecordDecision{};
  };
  auto s = BatchRunner(*fx.store, fx.options(), cb).run();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kScriptError);
  EXPECT_EQ(*fx.store->count_records(), 2);
  auto rerun = BatchRunner(*fx.store, fx.options()).run();
  ASSERT_TRUE(rerun.ok());
  EXPECT_EQ(rerun->records, 2);
  EXPECT_EQ(*fx.store->count_records(), 4);
}

TEST(BatchRunner, MovesInputsToDoneOnlyAfterCommitAndReportsFactoryFailure) {
  Fixture fx;
  write_png(fx.dir / "in" / "a.png", 140);
  BatchOptions o = fx.options();
  o.done_dir = (fx.dir / "done").string();
  auto s = BatchRunner(*fx.store, o).run();
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->moved_to_done, 1);
  EXPECT_TRUE(fs::exists(fx.dir / "done" / "a.png"));
  EXPECT_FALSE(fs::exists(fx.dir / "in" / "a.png"));

  write_png(fx.dir / "in" / "b.png", 142);
  BatchOptions broken = fx.options();
  broken.make_extractor = []() -> Result<std::unique_ptr<ocr::Extractor>> {
    return Status::NotFound("tessdata: jpn.traineddata missing");
  };
  auto failed = BatchRunner(*fx.store, broken).run();
  EXPECT_EQ(failed.status().code(), StatusCode::kNotFound);
}

TEST(ExpandInputs, SortsDeduplicatesAndSkipsFilesBeingWritten) {
  testing::TempDir dir;
  fs::create_directories(dir / "d" / "sub");
  for (const char* n : {"d/b.png", "d/a.png", "d/.hidden.png", "d/c.png.part", "d/sub/z.png"})
    testing::write_file(dir / n, "x");
  auto flat = expand_inputs({(dir / "d").string(), (dir / "d" / "a.png").string()}, false);
  ASSERT_TRUE(flat.ok());
  EXPECT_EQ(*flat, (std::vector<std::string>{(dir / "d/a.png").string(), (dir / "d/b.png").string()}));
  auto deep = expand_inputs({(dir / "d").string()}, true);
  EXPECT_EQ(deep->size(), 3u);
  auto globbed = expand_inputs({(dir / "d" / "*.png").string()}, false);
  EXPECT_EQ(globbed->size(), 2u);
  EXPECT_FALSE(expand_inputs({(dir / "missing").string()}, false).ok());
}

}  // namespace
}  // namespace kamiflow::engine
