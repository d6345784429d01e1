// kamiflow::engine::RecordStore: the database that holds records, their fields, the page journal
// and the batch history (schema: docs/database.md). The default sink of every batch. Two back ends
// behind one class, chosen by open(): a SQLite file (the default, needs nothing) or a PostgreSQL
// server ("postgresql://..." or "postgres://...", docs/scale-out.md), same schema, same semantics.
// The SQL exists once; the back ends differ only behind sql::Connection (sql_connection.hpp).
//
// Durability: SQLite in WAL mode with synchronous=FULL; PostgreSQL commits as the server is
// configured (fsync on by default). Every page outcome (record + fields + journal row, or a
// journal row alone for quarantined/unclassified/dropped pages) is ONE transaction; when
// commit_*() returns, the page survives kill -9 and power loss. A page is either fully recorded
// or absent, which is what makes "rerun after a crash" exactly-once. The journal key is
// (file_sha256, page); committing a page that is already journaled writes nothing and reports
// it, even when another process or machine committed it meanwhile: the journal row is inserted
// first with ON CONFLICT DO NOTHING, so the unique key decides, never a read before the write.
//
// Thread-safety: not thread-safe; one RecordStore per thread (the batch runner commits from its
// calling thread only). Several processes (machines, with PostgreSQL) may open the same database.
// Ownership: owns its connection; move-only through unique_ptr.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "engine/store/journal.hpp"
#include "kamiflow/ocr/record.hpp"
#include "kamiflow/status.hpp"

namespace kamiflow::engine {

enum class RecordState { kAccepted, kNeedsReview, kReviewed };
[[nodiscard]] std::string_view record_state_name(RecordState s);  // "accepted", "needs_review", "reviewed"
[[nodiscard]] std::optional<RecordState> parse_record_state(std::string_view name);

// What a person did with a field (docs/database.md): nothing yet (the OCR value stands), checked
// it unchanged, or changed it. Stored in fields.review.
enum class FieldReview { kOcr, kConfirmed, kCorrected };
[[nodiscard]] std::string_view field_review_name(FieldReview r);  // "ocr", "confirmed", "corrected"
[[nodiscard]] std::optional<FieldReview> parse_field_review(std::string_view name);

// A reviewer's verdict on a whole record: the page must be scanned again, or the application is
// refused. A record with a verdict leaves the review queue. Stored in records.verdict ("" = none).
enum class RecordVerdict { kNone, kRescan, kRejected };
[[nodiscard]] std::string_view record_verdict_name(RecordVerdict v);  // "", "rescan", "rejected"
[[nodiscard]] std::optional<RecordVerdict> parse_record_verdict(std::string_view name);

// One row of the audit trail (table review_audit): every change a reviewer makes, never updated
// or deleted. `action`: confirmed · corrected · reviewed · rescan · rejected · reopened.
struct AuditEntry {
  long long id = 0;
  long long record_id = 0;
  std::string at;        // ISO 8601 UTC
  std::string reviewer;  // the name given at sign-in (or --reviewer on the command line)
  std::string field;     // "" for record-level actions
  std::string old_value, new_value;  // for verdicts: new_value is the reason
  std::string action;
};

// Double entry (a template's review = { checks = 2 }): one reviewer's independent entry for a
// field, kept in review_entries until the field is decided (then `settled`).
struct ReviewEntry {
  std::string field, reviewer, value, at;
};

struct StoredField {
  std::string name;
  std::string type;
  std::string raw;
  std::string value;
  double confidence = 0;
  std::vector<std::string> flags;
  std::string crop_path;  // empty when no crop was saved
  ocr::PixelBox box;
  FieldReview review = FieldReview::kOcr;
};

struct StoredRecord {
  long long id = 0;
  long long batch_id = 0;
  std::string form_id;
  std::string source_file;
  int page = 0;
  std::string file_sha256;
  double alignment_score = 0;
  int rotation = 0;
  RecordState state = RecordState::kAccepted;
  std::string json;        // ocr::to_json(record), plus whatever on_record added
  std::string created_at;  // ISO 8601 UTC
  std::vector<StoredField> fields;
  RecordVerdict verdict = RecordVerdict::kNone;
  std::string verdict_reason;
  std::string reviewed_at;  // "" until reviewed

  // The fields a person must check before the record is reviewed: the flagged ones, or every
  // field when none is flagged (a workflow sent the record to review without naming a field).
  [[nodiscard]] bool is_doubtful(const StoredField& f) const;
};

struct RecordStoreOptions {
  int busy_timeout_ms = 10'000;  // SQLite: how long a writer waits for another process's transaction
  // false: a missing file is NotFound instead of a new empty database (read-only commands such
  // as `kamiflow export` and `review list` must not invent a database from a typo).
  bool create_if_missing = true;
};

// true for a PostgreSQL URL ("postgresql://...", "postgres://..."): not a file, so no folders are
// made for it and nothing is read from it as a path.
[[nodiscard]] bool is_database_url(std::string_view path_or_url);
// The same URL with its password replaced by "***" (anything else unchanged): for messages.
[[nodiscard]] std::string redact_database_url(std::string_view path_or_url);

// A stored record as the ocr::Record it was made from (fields with their type, values, confidence,
// flags and page box; crops and alternatives are not stored and stay empty).
[[nodiscard]] ocr::Record to_ocr_record(const StoredRecord& stored);

class RecordStore {
 public:
  // `path`: a SQLite file, or a postgresql:// URL. Creates the file and schema when missing
  // (unless !options.create_if_missing: a missing file, or a server database without kamiflow's
  // tables, is NotFound); refuses a database with a newer schema version.
  [[nodiscard]] static Result<std::unique_ptr<RecordStore>> open(const std::string& path,
                                                                 const RecordStoreOptions& options = {});
  ~RecordStore();
  RecordStore(const RecordStore&) = delete;
  RecordStore& operator=(const RecordStore&) = delete;

  // The file path, or the URL with its password replaced by "***" (fit for messages).
  const std::string& path() const { return path_; }
  // true once a PostgreSQL server connection is gone: reopen to go on (never true for SQLite).
  [[nodiscard]] bool connection_lost() const;

  // --- batches ---
  [[nodiscard]] Result<long long> begin_batch(const std::vector<std::string>& inputs);
  [[nodiscard]] Status finish_batch(long long batch_id, const nlohmann::json& summary);

  // --- page commits (each one transaction) ---
  // Record + fields + journal row (done). `extra_json` (may be null/empty object) is merged into
  // the stored JSON (what a workflow added). `crop_paths[i]` belongs to record.fields[i]; shorter
  // or empty means "no crop". Returns the record id, or nullopt when the page was already journaled.
  [[nodiscard]] Result<std::optional<long long>> commit_record(long long batch_id, const ocr::Record& record,
                                                               RecordState state,
                                                               const std::vector<std::string>& crop_paths,
                                                               const nlohmann::json& extra_json);
  // A page without a record (quarantined, unclassified, dropped). false when already journaled.
  [[nodiscard]] Result<bool> commit_page(long long batch_id, const PageRef& ref, PageState state,
                                         const std::string& reason);

  // Scale-out workers (WorkQueue, PostgreSQL): while a queue row is bound, every commit_*()
  // also writes that row's terminal state (the page's journal state: done, quarantined, ...) in
  // the same transaction, also when the page turns out to be journaled already (by another
  // worker whose lease ran out). 0 unbinds.
  void bind_queue_item(long long queue_id) { queue_item_ = queue_id; }

  // --- journal ---
  [[nodiscard]] Result<std::optional<JournalEntry>> journal_entry(const std::string& file_sha256, int page);
  // Pages of one file already in a terminal state (0 = the whole file was refused).
  [[nodiscard]] Result<std::set<int>> finished_pages(const std::string& file_sha256);

  // --- queries (review, tests) ---
  [[nodiscard]] Result<long long> count_records();
  [[nodiscard]] Result<long long> count_journal(std::optional<PageState> state = std::nullopt);
  [[nodiscard]] Result<std::vector<StoredRecord>> records(std::optional<RecordState> state = std::nullopt);
  // Journal rows (every page's outcome), ordered by source file and page.
  [[nodiscard]] Result<std::vector<JournalEntry>> journal_entries(std::optional<PageState> state = std::nullopt);
  // The summary JSON of the most recent finished batch; an empty object when none finished.
  [[nodiscard]] Result<nlohmann::json> latest_batch_summary();
  [[nodiscard]] Result<StoredRecord> record(long long id);
  // Marks a record reviewed; `corrections` (field name → value, already validated by the caller)
  // replace the stored values (raw stays as read) and every other doubtful field is confirmed,
  // each with its audit row by `reviewer`. Unknown field names are refused and nothing changes.
  [[nodiscard]] Status mark_reviewed(long long id, const std::map<std::string, std::string>& corrections,
                                     const std::string& reviewer = "cli");

  // --- review (record_store_review.cpp); each call is one transaction with its audit rows ---
  // A reviewer's entry for one field, already normalised and validated by the caller: equal to
  // the stored value → confirmed, otherwise corrected (the value replaced, raw kept). When every
  // doubtful field is then confirmed or corrected, the record becomes reviewed (one more audit
  // row, action "reviewed"); a correction to an accepted record makes it reviewed too.
  [[nodiscard]] Result<FieldReview> review_field(long long id, const std::string& field, const std::string& value,
                                                 const std::string& reviewer);
  // Sets (or with kNone clears: "reopened") a record's verdict, with its audit row.
  [[nodiscard]] Status set_verdict(long long id, RecordVerdict verdict, const std::string& reason,
                                   const std::string& reviewer);
  // The audit rows of one record, oldest first.
  [[nodiscard]] Result<std::vector<AuditEntry>> audit_trail(long long id);
  // Reviewed records whose workflow on_reviewed hook has not run yet, by id; and marking one done
  // (false when it was already marked, e.g. by another process).
  [[nodiscard]] Result<std::vector<long long>> pending_on_reviewed();
  [[nodiscard]] Result<bool> mark_on_reviewed_done(long long id);
  // Double entry: records one reviewer's entry (audit action "entered") without deciding the field;
  // review_field() decides it and settles its entries. open_review_entries: the undecided ones.
  [[nodiscard]] Status add_review_entry(long long id, const std::string& field, const std::string& value,
                                        const std::string& reviewer);
  [[nodiscard]] Result<std::vector<ReviewEntry>> open_review_entries(long long id);
  // Undoes mark_on_reviewed_done when the hook failed, so the next run offers the record again.
  [[nodiscard]] Status clear_on_reviewed(long long id);
  // "ok" on a healthy database. SQLite: PRAGMA integrity_check and foreign_key_check;
  // PostgreSQL (which checks its own pages and keys): records agree with the journal.
  [[nodiscard]] Result<std::string> integrity_check();

  struct Impl;  // the sql::Connection; defined in record_store_internal.hpp

 private:
  RecordStore(std::string path, std::unique_ptr<Impl> impl);
  std::string path_;
  std::unique_ptr<Impl> impl_;
  long long queue_item_ = 0;
};

}  // namespace kamiflow::engine
