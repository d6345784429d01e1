// RecordStore: the reviewer's writes — per-field review state, record verdicts, the audit trail
// (schema version 2, docs/database.md) — and the on_reviewed bookkeeping of workflows.
//
// Invariant: no field value, record state or verdict changes without an audit row written in the
// same transaction. Values arrive normalised and validated (engine/review/ checks them against
// the template); the store only records them.
#include <nlohmann/json.hpp>

#include "engine/store/record_store.hpp"
#include "engine/store/record_store_internal.hpp"

namespace kamiflow::engine {

namespace sql {

Status migrate_to_review_schema(Connection* db) {
  return db->exec(R"sql(
ALTER TABLE fields ADD COLUMN review TEXT NOT NULL DEFAULT 'ocr'
  CHECK (review IN ('ocr','confirmed','corrected'));
ALTER TABLE records ADD COLUMN verdict TEXT NOT NULL DEFAULT ''
  CHECK (verdict IN ('','rescan','rejected'));
ALTER TABLE records ADD COLUMN verdict_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE records ADD COLUMN on_reviewed_at TEXT;
CREATE TABLE IF NOT EXISTS review_audit (
  id         INTEGER PRIMARY KEY,
  record_id  INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
  at         TEXT NOT NULL,
  reviewer   TEXT NOT NULL,
  field      TEXT NOT NULL DEFAULT '',
  old_value  TEXT NOT NULL DEFAULT '',
  new_value  TEXT NOT NULL DEFAULT '',
  action     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS review_audit_by_record ON review_audit(record_id);
CREATE TABLE IF NOT EXISTS review_entries (
  id         INTEGER PRIMARY KEY,
  record_id  INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
  field      TEXT NOT NULL,
  reviewer   TEXT NOT NULL,
  value      TEXT NOT NULL,
  at         TEXT NOT NULL,
  settled    INTEGER NOT NULL DEFAULT 0
);
)sql");
}

}  // namespace sql

namespace {

std::string now(sql::Connection* db) { return std::string(db->now_sql()); }

// Reads the record for an update in this transaction: in PostgreSQL its row stays locked until
// commit, so two reviewers on two machines cannot lose each other's change; SQLite's BEGIN
// IMMEDIATE already serialises every writer.
Status lock_record(sql::Connection* db, long long id) {
  if (db->for_update().empty()) return Status::Ok();
  KF_ASSIGN_OR_RETURN(sql::Statement st, sql::Statement::prepare(db, "SELECT id FROM records WHERE id=?" +
                                                                         std::string(db->for_update())));
  st.bind(1, id);
  return st.run();
}

Status audit(sql::Connection* db, long long id, const std::string& reviewer, const std::string& field,
             const std::string& old_value, const std::string& new_value, std::string_view action) {
  KF_ASSIGN_OR_RETURN(sql::Statement st,
                      sql::Statement::prepare(db, std::string("INSERT INTO review_audit(record_id,at,reviewer,field,"
                                                              "old_value,new_value,action) VALUES(?,") +
                                                      now(db) + ",?,?,?,?,?)"));
  st.bind(1, id).bind(2, reviewer).bind(3, field).bind(4, old_value).bind(5, new_value).bind(6, action);
  return st.run();
}

// One field's new value and review state; the JSON copy is rewritten by save_record_json.
Status set_field(sql::Connection* db, long long id, const StoredField& f) {
  KF_ASSIGN_OR_RETURN(sql::Statement st, sql::Statement::prepare(db, "UPDATE fields SET value=?, review=? "
                                                                     "WHERE record_id=? AND name=?"));
  st.bind(1, f.value).bind(2, field_review_name(f.review)).bind(3, id).bind(4, f.name);
  return st.run();
}

// Keeps records.json in step with the columns (exports and Lua read the JSON).
Status save_record(sql::Connection* db, const StoredRecord& r, bool became_reviewed) {
  nlohmann::json doc = nlohmann::json::parse(r.json, nullptr, false);
  if (!doc.is_object()) doc = nlohmann::json::object();
  if (doc.contains("fields") && doc["fields"].is_array())
    for (auto& jf : doc["fields"]) {
      if (!jf.is_object() || !jf.contains("name") || !jf["name"].is_string()) continue;
      for (const auto& f : r.fields)
        if (f.name == jf["name"].get<std::string>()) {
          jf["value"] = f.value;
          jf["review"] = std::string(field_review_name(f.review));
          if (f.review == FieldReview::kCorrected) jf["corrected"] = true;
        }
    }
  doc["state"] = std::string(record_state_name(r.state));
  doc["verdict"] = std::string(record_verdict_name(r.verdict));
  std::string q = "UPDATE records SET state=?, verdict=?, verdict_reason=?, json=?";
  if (became_reviewed) q += ", reviewed_at=" + now(db);
  KF_ASSIGN_OR_RETURN(sql::Statement st, sql::Statement::prepare(db, q + " WHERE id=?"));
  st.bind(1, record_state_name(r.state)).bind(2, record_verdict_name(r.verdict)).bind(3, r.verdict_reason);
  st.bind(4, doc.dump()).bind(5, r.id);
  return st.run();
}

// Applies one entry to `r` (in memory and in the database); returns the field's new state.
Result<FieldReview> apply_entry(sql::Connection* db, StoredRecord& r, const std::string& field, const std::string& value,
                                const std::string& reviewer) {
  for (auto& f : r.fields) {
    if (f.name != field) continue;
    const std::string old = f.value;
    if (value == old) {
      // Confirming a correction keeps it a correction: the value is still not what was read.
      if (f.review != FieldReview::kCorrected) f.review = FieldReview::kConfirmed;
    } else {
      f.value = value;
      f.review = FieldReview::kCorrected;
    }
    KF_RETURN_IF_ERROR(set_field(db, r.id, f));
    KF_RETURN_IF_ERROR(audit(db, r.id, reviewer, field, old, value, value == old ? "confirmed" : "corrected"));
    KF_ASSIGN_OR_RETURN(sql::Statement settle,
                        sql::Statement::prepare(db, "UPDATE review_entries SET settled=1 WHERE record_id=? AND field=?"));
    settle.bind(1, r.id).bind(2, field);
    KF_RETURN_IF_ERROR(settle.run());
    return f.review;
  }
  return Status::NotFound("record " + std::to_string(r.id) + " has no field '" + field + "'");
}

bool all_doubtful_checked(const StoredRecord& r) {
  for (const auto& f : r.fields)
    if (r.is_doubtful(f) && f.review == FieldReview::kOcr) return false;
  return true;
}

// After entries: does the record become reviewed? Writes the record row (and its audit row).
Status settle(sql::Connection* db, StoredRecord& r, bool corrected, const std::string& reviewer) {
  bool became = false;
  if (r.state == RecordState::kNeedsReview && all_doubtful_checked(r)) became = true;
  if (r.state == RecordState::kAccepted && corrected) became = true;
  if (became) {
    r.state = RecordState::kReviewed;
    KF_RETURN_IF_ERROR(audit(db, r.id, reviewer, "", "", "", "reviewed"));
  }
  return save_record(db, r, became);
}

}  // namespace

std::string_view field_review_name(FieldReview r) {
  switch (r) {
    case FieldReview::kOcr: return "ocr";
    case FieldReview::kConfirmed: return "confirmed";
    case FieldReview::kCorrected: return "corrected";
  }
  return "ocr";
}

std::optional<FieldReview> parse_field_review(std::string_view name) {
  for (FieldReview r : {FieldReview::kOcr, FieldReview::kConfirmed, FieldReview::kCorrected})
    if (field_review_name(r) == name) return r;
  return std::nullopt;
}

std::string_view record_verdict_name(RecordVerdict v) {
  switch (v) {
    case RecordVerdict::kNone: return "";
    case RecordVerdict::kRescan: return "rescan";
    case RecordVerdict::kRejected: return "rejected";
  }
  return "";
}

std::optional<RecordVerdict> parse_record_verdict(std::string_view name) {
  for (RecordVerdict v : {RecordVerdict::kNone, RecordVerdict::kRescan, RecordVerdict::kRejected})
    if (record_verdict_name(v) == name) return v;
  return std::nullopt;
}

bool StoredRecord::is_doubtful(const StoredField& f) const {
  if (!f.flags.empty()) return true;
  for (const auto& other : fields)
    if (!other.flags.empty()) return false;
  return state != RecordState::kAccepted;  // sent to review with no field flagged: check them all
}

Result<FieldReview> RecordStore::review_field(long long id, const std::string& field, const std::string& value,
                                              const std::string& reviewer) {
  sql::Connection* db = impl_->db.get();
  sql::Transaction tx(db);
  KF_RETURN_IF_ERROR(tx.begin());
  KF_RETURN_IF_ERROR(lock_record(db, id));
  KF_ASSIGN_OR_RETURN(StoredRecord r, record(id));  // read under the write lock: no lost update
  KF_ASSIGN_OR_RETURN(FieldReview state, apply_entry(db, r, field, value, reviewer));
  KF_RETURN_IF_ERROR(settle(db, r, state == FieldReview::kCorrected, reviewer));
  KF_RETURN_IF_ERROR(tx.commit());
  return state;
}

Status RecordStore::mark_reviewed(long long id, const std::map<std::string, std::string>& corrections,
                                  const std::string& reviewer) {
  sql::Connection* db = impl_->db.get();
  sql::Transaction tx(db);
  KF_RETURN_IF_ERROR(tx.begin());
  KF_RETURN_IF_ERROR(lock_record(db, id));
  KF_ASSIGN_OR_RETURN(StoredRecord r, record(id));
  for (const auto& [name, value] : corrections) {
    bool known = false;
    for (const auto& f : r.fields) known |= f.name == name;
    if (!known) return Status::NotFound("record " + std::to_string(id) + " has no field '" + name + "'");
  }
  for (const auto& [name, value] : corrections) KF_RETURN_IF_ERROR(apply_entry(db, r, name, value, reviewer).status());
  // The reviewer accepted the record as a whole: every doubtful field left is confirmed, by name.
  std::vector<std::pair<std::string, std::string>> rest;
  for (const auto& f : r.fields)
    if (r.is_doubtful(f) && f.review == FieldReview::kOcr) rest.emplace_back(f.name, f.value);
  for (const auto& [name, value] : rest) KF_RETURN_IF_ERROR(apply_entry(db, r, name, value, reviewer).status());
  if (r.state != RecordState::kReviewed) {
    r.state = RecordState::kReviewed;
    KF_RETURN_IF_ERROR(audit(db, r.id, reviewer, "", "", "", "reviewed"));
    KF_RETURN_IF_ERROR(save_record(db, r, true));
  } else {
    KF_RETURN_IF_ERROR(save_record(db, r, false));
  }
  return tx.commit();
}

Status RecordStore::set_verdict(long long id, RecordVerdict verdict, const std::string& reason,
                                const std::string& reviewer) {
  sql::Connection* db = impl_->db.get();
  sql::Transaction tx(db);
  KF_RETURN_IF_ERROR(tx.begin());
  KF_RETURN_IF_ERROR(lock_record(db, id));
  KF_ASSIGN_OR_RETURN(StoredRecord r, record(id));
  const std::string old(record_verdict_name(r.verdict));
  r.verdict = verdict;
  r.verdict_reason = verdict == RecordVerdict::kNone ? "" : reason;
  const std::string_view action = verdict == RecordVerdict::kNone ? "reopened" : record_verdict_name(verdict);
  KF_RETURN_IF_ERROR(audit(db, id, reviewer, "", old, reason, action));
  KF_RETURN_IF_ERROR(save_record(db, r, false));
  return tx.commit();
}

Result<std::vector<AuditEntry>> RecordStore::audit_trail(long long id) {
  KF_ASSIGN_OR_RETURN(sql::Statement st,
                      sql::Statement::prepare(impl_->db.get(), "SELECT id,record_id,at,reviewer,field,old_value,"
                                                               "new_value,action FROM review_audit WHERE record_id=? "
                                                               "ORDER BY id"));
  st.bind(1, id);
  std::vector<AuditEntry> out;
  for (;;) {
    KF_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    out.push_back(AuditEntry{st.int64(0), st.int64(1), st.text(2), st.text(3), st.text(4), st.text(5), st.text(6),
                             st.text(7)});
  }
  return out;
}

Result<std::vector<long long>> RecordStore::pending_on_reviewed() {
  KF_ASSIGN_OR_RETURN(sql::Statement st,
                      sql::Statement::prepare(impl_->db.get(), "SELECT id FROM records WHERE state='reviewed' AND "
                                                               "verdict='' AND on_reviewed_at IS NULL ORDER BY id"));
  std::vector<long long> out;
  for (;;) {
    KF_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    out.push_back(st.int64(0));
  }
  return out;
}

Result<bool> RecordStore::mark_on_reviewed_done(long long id) {
  sql::Connection* db = impl_->db.get();
  KF_ASSIGN_OR_RETURN(sql::Statement st,
                      sql::Statement::prepare(db, "UPDATE records SET on_reviewed_at=" + now(db) +
                                                      " WHERE id=? AND on_reviewed_at IS NULL RETURNING id"));
  st.bind(1, id);
  KF_ASSIGN_OR_RETURN(bool marked, st.step());  // a row back: this call marked it
  st.reset();
  return marked;
}

Status RecordStore::clear_on_reviewed(long long id) {
  KF_ASSIGN_OR_RETURN(sql::Statement st,
                      sql::Statement::prepare(impl_->db.get(), "UPDATE records SET on_reviewed_at=NULL WHERE id=?"));
  st.bind(1, id);
  return st.run();
}

Status RecordStore::add_review_entry(long long id, const std::string& field, const std::string& value,
                                     const std::string& reviewer) {
  sql::Connection* db = impl_->db.get();
  sql::Transaction tx(db);
  KF_RETURN_IF_ERROR(tx.begin());
  KF_RETURN_IF_ERROR(lock_record(db, id));
  KF_ASSIGN_OR_RETURN(StoredRecord r, record(id));
  bool known = false;
  for (const auto& f : r.fields) known |= f.name == field;
  if (!known) return Status::NotFound("record " + std::to_string(id) + " has no field '" + field + "'");
  KF_ASSIGN_OR_RETURN(sql::Statement st,
                      sql::Statement::prepare(db, std::string("INSERT INTO review_entries(record_id,field,reviewer,"
                                                              "value,at) VALUES(?,?,?,?,") + now(db) + ")"));
  st.bind(1, id).bind(2, field).bind(3, reviewer).bind(4, value);
  KF_RETURN_IF_ERROR(st.run());
  KF_RETURN_IF_ERROR(audit(db, id, reviewer, field, "", value, "entered"));
  return tx.commit();
}

Result<std::vector<ReviewEntry>> RecordStore::open_review_entries(long long id) {
  KF_ASSIGN_OR_RETURN(sql::Statement st,
                      sql::Statement::prepare(impl_->db.get(), "SELECT field,reviewer,value,at FROM review_entries "
                                                               "WHERE record_id=? AND settled=0 ORDER BY id"));
  st.bind(1, id);
  std::vector<ReviewEntry> out;
  for (;;) {
    KF_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    out.push_back(ReviewEntry{st.text(0), st.text(1), st.text(2), st.text(3)});
  }
  return out;
}

}  // namespace kamiflow::engine
