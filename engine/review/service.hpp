// kamiflow::review::ReviewService: what the review server (and `kamiflow review accept`) does to
// a records database, without HTTP: the queue with its filters and counts, one record with its
// reasons in Japanese, a reviewer's entry checked against the record's template (the OCR path's
// own normalisers and validators, kamiflow/ocr/entry.hpp) before it is stored with its audit row,
// record verdicts, and the page and field images a reviewer looks at.
//
// Thread-safety: every method locks one mutex (the RecordStore is single-threaded), so the
// server's handler threads may share one service. Images are decoded from the input files on
// demand; the last few pages are kept decoded.
// Ownership: owns its RecordStore; shares the templates.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "engine/store/record_store.hpp"
#include "kamiflow/ocr/form_template.hpp"
#include "kamiflow/ocr/page_image.hpp"
#include "kamiflow/status.hpp"

namespace kamiflow::review {

using TemplatePtr = std::shared_ptr<const ocr::FormTemplate>;

// Loads <dir>/<id>/template.lua and <dir>/*.lua that are templates; files that are not (a workflow
// script beside them) are skipped and named in `skipped`. NotFound when `dir` does not exist.
[[nodiscard]] Result<std::vector<TemplatePtr>> load_template_dir(const std::string& dir,
                                                                 std::vector<std::string>* skipped = nullptr);

// Empty strings / 0 mean "any".
struct QueueFilter {
  std::string form;
  long long batch = 0;
  std::string reason;  // a flag name (low_confidence, invalid, ...) or "workflow" (on_record's reason)
};

struct QueueItem {
  long long id = 0;
  long long batch_id = 0;
  std::string form_id, form_title, source_file;
  int page = 0;
  std::vector<std::string> reasons;  // reason keys, as QueueFilter::reason
  int doubtful = 0, checked = 0;     // fields to check, and how many of them are done
};

// The counts a queue page shows; each one is a COUNT over the database, filters aside.
struct QueueCounts {
  long long needs_review = 0;  // state needs_review, no verdict: the queue
  long long reviewed = 0, accepted = 0, rescan = 0, rejected = 0;
  std::map<std::string, long long> by_form, by_reason;  // over the queue
  std::map<long long, long long> by_batch;
};

struct QueueView {
  std::vector<QueueItem> items;  // the queue after the filter, by id
  QueueCounts counts;
};

struct FieldView {
  engine::StoredField field;
  std::string label;  // template label, or the name
  bool doubtful = false;
  std::vector<std::string> reasons;  // in Japanese: flags, validator and workflow messages
  std::string hint;                  // what may be typed (a choice's options), "" when free text
  std::vector<engine::ReviewEntry> entries;  // double entry: the undecided entries so far
};

struct RecordView {
  engine::StoredRecord record;
  std::string form_title;
  bool has_template = false;
  int checks = 1;  // the template's review = { checks = N }
  std::vector<std::string> reasons;  // record-level, in Japanese (on_record's reason)
  std::vector<FieldView> fields;
};

struct EntryOutcome {
  // Double entry: "first" (recorded; a second reviewer must enter it too), "compare" (the two
  // disagree; a third reviewer decides), "" (the field is decided).
  std::string stage;
  std::string value;  // as stored (normalised)
  engine::FieldReview review = engine::FieldReview::kOcr;
  engine::RecordState record_state = engine::RecordState::kNeedsReview;
};

class ReviewService {
 public:
  [[nodiscard]] static Result<std::unique_ptr<ReviewService>> open(const std::string& db,
                                                                   std::vector<TemplatePtr> templates);

  [[nodiscard]] Result<QueueView> queue(const QueueFilter& filter);
  [[nodiscard]] Result<RecordView> record(long long id);
  // The next record of the filtered queue after `id` (wrapping to the first), if any other.
  [[nodiscard]] Result<std::optional<long long>> next_in_queue(long long id, const QueueFilter& filter);

  // A reviewer's entry for one field. Refused (InvalidInput, Japanese reason, nothing stored)
  // when the template's normalisers/validators/options reject it, or when the record's template
  // is not loaded (a correction must be checked by something). Equal to the stored value after
  // normalisation: confirmed. With the template's review = { checks = 2 } a doubtful field is
  // decided only when two different reviewers entered the same value, or by a third reviewer
  // (neither of the two) after they disagreed; a reviewer cannot enter the same field twice.
  [[nodiscard]] Result<EntryOutcome> enter(long long id, const std::string& field, const std::string& typed,
                                           const std::string& reviewer);
  // All entries at once (`kamiflow review accept`): each checked first; if any is refused nothing
  // is stored. Then the record is marked reviewed (remaining doubtful fields confirmed).
  [[nodiscard]] Status accept(long long id, const std::map<std::string, std::string>& typed,
                              const std::string& reviewer);
  [[nodiscard]] Status verdict(long long id, engine::RecordVerdict verdict, const std::string& reason,
                               const std::string& reviewer);
  [[nodiscard]] Result<std::vector<engine::AuditEntry>> history(long long id);

  // The record's page turned upright, as JPEG (longer side ≤ max_side), and one field's region.
  [[nodiscard]] Result<std::vector<std::uint8_t>> page_jpeg(long long id, int max_side);
  [[nodiscard]] Result<std::vector<std::uint8_t>> field_png(long long id, const std::string& field);

  const std::string& db_path() const { return store_->path(); }

 private:
  ReviewService(std::unique_ptr<engine::RecordStore> store, std::vector<TemplatePtr> templates);
  const ocr::FormTemplate* find_template(const std::string& form_id) const;
  Result<std::string> checked_value(const engine::StoredRecord& r, const std::string& field, const std::string& typed);
  Result<ocr::PageImage> page_of(const engine::StoredRecord& r);

  std::mutex mu_;
  std::unique_ptr<engine::RecordStore> store_;
  std::map<std::string, TemplatePtr> templates_;
  std::vector<std::pair<std::string, ocr::PageImage>> page_cache_;  // "sha:page" → image, newest last
};

}  // namespace kamiflow::review
