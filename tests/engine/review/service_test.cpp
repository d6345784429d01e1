// ReviewService: entries checked against the template before they are stored, reasons in
// Japanese from flags, validators and the workflow, and queue filters with their counts.
#include "engine/review/service.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace kamiflow::review {
namespace {

std::shared_ptr<const ocr::FormTemplate> form(int checks = 1) {
  auto t = std::make_shared<ocr::FormTemplate>();
  t->review_checks = checks;
  t->id = "jumin";
  t->title = "住民票の写し交付請求書";
  ocr::FieldSpec zip;
  zip.name = "zip";
  zip.label = "郵便番号";
  zip.type = ocr::FieldType::kDigitBoxes;
  zip.normalisers = {"postal_code"};
  zip.validators = {"postal_code"};
  ocr::FieldSpec date;
  date.name = "date";
  date.label = "請求日";
  date.type = ocr::FieldType::kDate;
  date.normalisers = {"nfkc", "date_iso"};
  date.validators = {"date"};
  t->fields = {zip, date};
  return t;
}

ocr::Record record(const std::string& sha, const std::string& form_id = "jumin") {
  ocr::Record r;
  r.form_id = form_id;
  r.source_file = "in/" + sha + ".png";
  r.page = 1;
  r.file_sha256 = sha;
  ocr::FieldResult zip;
  zip.name = "zip";
  zip.raw = zip.value = "1000001";
  zip.flags = {ocr::flag::kInvalid};
  zip.reasons = {"postal_code: not in NNN-NNNN form"};
  ocr::FieldResult date;
  date.name = "date";
  date.raw = date.value = "2025-04-10";
  date.confidence = 0.42;
  date.flags = {ocr::flag::kLowConfidence};
  r.fields = {zip, date};
  return r;
}

struct Fixture {
  testing::TempDir dir;
  std::string db = (dir / "r.sqlite").string();
  long long add(const ocr::Record& r, const nlohmann::json& extra = nlohmann::json::object()) {
    auto store = std::move(engine::RecordStore::open(db)).value();
    return **store->commit_record(*store->begin_batch({}), r, engine::RecordState::kNeedsReview, {}, extra);
  }
  std::unique_ptr<ReviewService> service(int checks = 1) {
    return std::move(ReviewService::open(db, {form(checks)})).value();
  }
};

TEST(ReviewService, RefusedEntryIsNeverStored) {
  Fixture fx;
  const long long id = fx.add(record("aa"));
  auto s = fx.service();
  auto bad = s->enter(id, "zip", "abc", "佐藤");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(bad.status().message().find("郵便番号"), std::string::npos);
  EXPECT_TRUE(s->history(id)->empty());
  auto r = s->record(id);
  EXPECT_EQ(r->record.fields[0].value, "1000001");
  EXPECT_EQ(r->record.fields[0].review, engine::FieldReview::kOcr);
}

TEST(ReviewService, EntryIsNormalisedLikeAnOcrValue) {
  Fixture fx;
  const long long id = fx.add(record("aa"));
  auto s = fx.service();
  auto zip = s->enter(id, "zip", "1000001", "佐藤");
  ASSERT_TRUE(zip.ok()) << zip.status().ToString();
  EXPECT_EQ(zip->value, "100-0001");
  EXPECT_EQ(zip->review, engine::FieldReview::kCorrected);
  EXPECT_EQ(zip->record_state, engine::RecordState::kNeedsReview);
  auto date = s->enter(id, "date", "令和7年4月10日", "佐藤");  // the same day as read: confirmed
  ASSERT_TRUE(date.ok()) << date.status().ToString();
  EXPECT_EQ(date->review, engine::FieldReview::kConfirmed);
  EXPECT_EQ(date->record_state, engine::RecordState::kReviewed);
}

TEST(ReviewService, WithoutTheTemplateNothingIsAccepted) {
  Fixture fx;
  const long long id = fx.add(record("aa", "unknown_form"));
  auto s = fx.service();
  auto out = s->enter(id, "zip", "100-0001", "a");
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.status().message().find("テンプレート"), std::string::npos);
  EXPECT_FALSE(s->accept(id, {{"zip", "100-0001"}}, "a").ok());
  EXPECT_TRUE(s->history(id)->empty());
}

TEST(ReviewService, AcceptChecksEveryCorrectionFirst) {
  Fixture fx;
  const long long id = fx.add(record("aa"));
  auto s = fx.service();
  EXPECT_FALSE(s->accept(id, {{"zip", "100-0002"}, {"date", "2025-19-13"}}, "cli").ok());
  EXPECT_TRUE(s->history(id)->empty());  // the good one was not stored either
  ASSERT_TRUE(s->accept(id, {{"zip", "1000002"}, {"date", "R7.4.11"}}, "cli").ok());
  auto r = s->record(id);
  EXPECT_EQ(r->record.state, engine::RecordState::kReviewed);
  EXPECT_EQ(r->record.fields[0].value, "100-0002");
  EXPECT_EQ(r->record.fields[1].value, "2025-04-11");
}

TEST(ReviewService, ReasonsComeInJapaneseFromEverySource) {
  Fixture fx;
  nlohmann::json extra{{"review_reason", "電話番号の確認が必要"},
                       {"validation", {{"date", "申請日 が未来の日付です"}}}};
  const long long id = fx.add(record("aa"), extra);
  auto r = fx.service()->record(id);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->reasons.size(), 1u);
  EXPECT_EQ(r->reasons[0], "業務ルールの指摘: 電話番号の確認が必要");
  const auto& zip = r->fields[0].reasons;
  EXPECT_NE(std::find(zip.begin(), zip.end(), "値が項目の規則に合わない"), zip.end());
  EXPECT_NE(std::find(zip.begin(), zip.end(), "検証: postal_code: not in NNN-NNNN form"), zip.end());
  const auto& date = r->fields[1].reasons;
  EXPECT_NE(std::find(date.begin(), date.end(), "読み取りの確からしさが低い（信頼度 42%）"), date.end());
  EXPECT_NE(std::find(date.begin(), date.end(), "業務ルール: 申請日 が未来の日付です"), date.end());
  EXPECT_EQ(r->fields[0].label, "郵便番号");
}

TEST(ReviewService, QueueFiltersAndCountsAgree) {
  Fixture fx;
  const long long a = fx.add(record("aa"));
  fx.add(record("bb", "other_form"));
  ocr::Record clean = record("cc");
  for (auto& f : clean.fields) f.flags.clear();
  const long long c = fx.add(clean, nlohmann::json{{"review_reason", "要確認"}});
  auto s = fx.service();
  auto all = s->queue({});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->counts.needs_review, 3);
  EXPECT_EQ(all->items.size(), 3u);
  EXPECT_EQ(all->counts.by_form.at("jumin"), 2);
  EXPECT_EQ(all->counts.by_reason.at("workflow"), 1);
  EXPECT_EQ(all->counts.by_reason.at("invalid"), 2);
  EXPECT_EQ(s->queue({"other_form", 0, ""})->items.size(), 1u);
  auto wf = s->queue({"", 0, "workflow"});
  ASSERT_EQ(wf->items.size(), 1u);
  EXPECT_EQ(wf->items[0].id, c);
  EXPECT_EQ(wf->items[0].doubtful, 2);  // no field flagged: every field is to be checked
  ASSERT_TRUE(s->verdict(a, engine::RecordVerdict::kRescan, "", "x").ok());
  EXPECT_FALSE(s->verdict(c, engine::RecordVerdict::kRejected, "", "x").ok());  // a rejection needs a reason
  auto after = s->queue({});
  EXPECT_EQ(after->counts.needs_review, 2);
  EXPECT_EQ(after->counts.rescan, 1);
  EXPECT_EQ(*s->next_in_queue(c, {}), std::optional<long long>(all->items[1].id));
}

TEST(ReviewService, DoubleEntryNeedsTwoReviewersWhoAgree) {
  Fixture fx;
  const long long id = fx.add(record("aa"));
  auto s = fx.service(/*checks=*/2);
  auto first = s->enter(id, "zip", "1000002", "佐藤");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->stage, "first");
  EXPECT_EQ(s->record(id)->record.fields[0].value, "1000001");  // not decided by one person
  EXPECT_FALSE(s->enter(id, "zip", "1000002", "佐藤").ok());     // nor by the same one twice
  auto second = s->enter(id, "zip", "100-0002", "鈴木");         // the same value, typed differently
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->stage, "");
  EXPECT_EQ(second->review, engine::FieldReview::kCorrected);
  auto r = s->record(id);
  EXPECT_EQ(r->record.fields[0].value, "100-0002");
  EXPECT_TRUE(r->fields[0].entries.empty());  // settled
  auto rows = s->history(id);
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].action, "entered");
  EXPECT_EQ((*rows)[0].reviewer, "佐藤");
  EXPECT_EQ((*rows)[1].action, "corrected");
  EXPECT_EQ((*rows)[1].reviewer, "鈴木");
  EXPECT_FALSE(s->accept(id, {}, "cli").ok());  // double entry is not for one person on the command line
}

TEST(ReviewService, DoubleEntryDisagreementGoesToAThirdReviewer) {
  Fixture fx;
  const long long id = fx.add(record("aa"));
  auto s = fx.service(2);
  ASSERT_EQ(s->enter(id, "date", "令和7年4月10日", "佐藤")->stage, "first");
  ASSERT_EQ(s->enter(id, "date", "令和7年4月11日", "鈴木")->stage, "compare");
  auto r = s->record(id);
  ASSERT_EQ(r->fields[1].entries.size(), 2u);  // both shown to the third reviewer
  EXPECT_EQ(r->fields[1].entries[1].value, "2025-04-11");
  EXPECT_FALSE(s->enter(id, "date", "2025-04-11", "鈴木").ok());  // not one of the two
  auto third = s->enter(id, "date", "2025-04-11", "高橋");
  ASSERT_TRUE(third.ok()) << third.status().ToString();
  EXPECT_EQ(third->stage, "");
  EXPECT_EQ(s->record(id)->record.fields[1].value, "2025-04-11");
  EXPECT_TRUE(s->record(id)->fields[1].entries.empty());
}

}  // namespace
}  // namespace kamiflow::review
