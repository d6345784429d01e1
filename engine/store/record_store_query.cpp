// RecordStore: reads for review and tests, review updates, integrity check.
#include <nlohmann/json.hpp>

#include "engine/store/record_store.hpp"
#include "engine/store/record_store_sqlite.hpp"

namespace kamiflow::engine {
namespace {

constexpr const char* kRecordColumns =
    "SELECT id,batch_id,form_id,source_file,page,file_sha256,alignment_score,rotation,state,json,created_at "
    "FROM records";

StoredRecord record_from_row(const sql::Statement& st) {
  StoredRecord r;
  r.id = st.int64(0);
  r.batch_id = st.int64(1);
  r.form_id = st.text(2);
  r.source_file = st.text(3);
  r.page = static_cast<int>(st.int64(4));
  r.file_sha256 = st.text(5);
  r.alignment_score = st.real(6);
  r.rotation = static_cast<int>(st.int64(7));
  r.state = parse_record_state(st.text(8)).value_or(RecordState::kNeedsReview);
  r.json = st.text(9);
  r.created_at = st.text(10);
  return r;
}

Status load_fields(sqlite3* db, StoredRecord& r) {
  KF_ASSIGN_OR_RETURN(sql::Statement st,
                      sql::Statement::prepare(db, "SELECT name,type,raw,value,confidence,flags,crop_path,x,y,w,h "
                                                  "FROM fields WHERE record_id=? ORDER BY ordinal"));
  st.bind(1, r.id);
  for (;;) {
    KF_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    StoredField f;
    f.name = st.text(0);
    f.type = st.text(1);
    f.raw = st.text(2);
    f.value = st.text(3);
    f.confidence = st.real(4);
    // Flags are written by commit_record as a JSON array; a hand-edited database may not be.
    auto flags = nlohmann::json::parse(st.text(5), nullptr, false);
    if (flags.is_array())
      for (const auto& fl : flags)
        if (fl.is_string()) f.flags.push_back(fl.get<std::string>());
    f.crop_path = st.text(6);
    f.box = ocr::PixelBox{static_cast<int>(st.int64(7)), static_cast<int>(st.int64(8)),
                          static_cast<int>(st.int64(9)), static_cast<int>(st.int64(10))};
    r.fields.push_back(std::move(f));
  }
  return Status::Ok();
}

Result<long long> count(sqlite3* db, const std::string& sql_text, const std::string* arg) {
  KF_ASSIGN_OR_RETURN(sql::Statement st, sql::Statement::prepare(db, sql_text));
  if (arg) st.bind(1, *arg);
  KF_ASSIGN_OR_RETURN(bool row, st.step());
  return row ? st.int64(0) : 0;
}

}  // namespace

Result<long long> RecordStore::count_records() {
  return count(impl_->db.get(), "SELECT COUNT(*) FROM records", nullptr);
}

Result<long long> RecordStore::count_journal(std::optional<PageState> state) {
  if (!state) return count(impl_->db.get(), "SELECT COUNT(*) FROM pages", nullptr);
  std::string name(page_state_name(*state));
  return count(impl_->db.get(), "SELECT COUNT(*) FROM pages WHERE state=?", &name);
}

Result<std::vector<StoredRecord>> RecordStore::records(std::optional<RecordState> state) {
  sqlite3* db = impl_->db.get();
  std::string q = std::string(kRecordColumns) + (state ? " WHERE state=?" : "") + " ORDER BY id";
  KF_ASSIGN_OR_RETURN(sql::Statement st, sql::Statement::prepare(db, q));
  if (state) st.bind(1, record_state_name(*state));
  std::vector<StoredRecord> out;
  for (;;) {
    KF_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    out.push_back(record_from_row(st));
  }
  for (auto& r : out) KF_RETURN_IF_ERROR(load_fields(db, r));
  return out;
}

Result<std::vector<JournalEntry>> RecordStore::journal_entries(std::optional<PageState> state) {
  std::string q = "SELECT source_file, page, file_sha256, state, reason, COALESCE(batch_id, 0) FROM pages";
  q += state ? " WHERE state=? ORDER BY source_file, page" : " ORDER BY source_file, page";
  KF_ASSIGN_OR_RETURN(sql::Statement st, sql::Statement::prepare(impl_->db.get(), q));
  if (state) st.bind(1, page_state_name(*state));
  std::vector<JournalEntry> out;
  for (;;) {
    KF_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    JournalEntry e;
    e.ref = PageRef{st.text(0), static_cast<int>(st.int64(1)), st.text(2)};
    auto parsed = parse_page_state(st.text(3));
    if (!parsed) return Status::Corruption(path_ + ": unknown page state '" + st.text(3) + "'");
    e.state = *parsed;
    e.reason = st.text(4);
    e.batch_id = st.int64(5);
    out.push_back(std::move(e));
  }
  return out;
}

Result<nlohmann::json> RecordStore::latest_batch_summary() {
  KF_ASSIGN_OR_RETURN(sql::Statement st,
                      sql::Statement::prepare(impl_->db.get(),
                                              "SELECT summary FROM batches WHERE summary IS NOT NULL ORDER BY id DESC LIMIT 1"));
  KF_ASSIGN_OR_RETURN(bool row, st.step());
  if (!row) return nlohmann::json::object();
  nlohmann::json j = nlohmann::json::parse(st.text(0), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status::Corruption(path_ + ": a batch summary is not valid JSON");
  return j;
}

Result<StoredRecord> RecordStore::record(long long id) {
  sqlite3* db = impl_->db.get();
  KF_ASSIGN_OR_RETURN(sql::Statement st, sql::Statement::prepare(db, std::string(kRecordColumns) + " WHERE id=?"));
  st.bind(1, id);
  KF_ASSIGN_OR_RETURN(bool row, st.step());
  if (!row) return Status::NotFound("no record with id " + std::to_string(id) + " in " + path_);
  StoredRecord r = record_from_row(st);
  KF_RETURN_IF_ERROR(load_fields(db, r));
  return r;
}

Status RecordStore::mark_reviewed(long long id, const std::map<std::string, std::string>& corrections) {
  sqlite3* db = impl_->db.get();
  KF_ASSIGN_OR_RETURN(StoredRecord current, record(id));
  for (const auto& [name, value] : corrections) {
    bool known = false;
    for (const auto& f : current.fields) known |= f.name == name;
    if (!known) return Status::NotFound("record " + std::to_string(id) + " has no field '" + name + "'");
  }
  // Keep the stored JSON in step with the columns: exports read either.
  nlohmann::json doc = nlohmann::json::parse(current.json, nullptr, false);
  if (doc.is_discarded()) doc = nlohmann::json::object();
  if (doc.contains("fields") && doc["fields"].is_array())
    for (auto& f : doc["fields"])
      if (f.contains("name") && f["name"].is_string()) {
        auto it = corrections.find(f["name"].get<std::string>());
        if (it != corrections.end()) {
          f["value"] = it->second;
          f["corrected"] = true;
        }
      }
  doc["state"] = "reviewed";

  sql::Transaction tx(db);
  KF_RETURN_IF_ERROR(tx.begin());
  KF_ASSIGN_OR_RETURN(sql::Statement upd, sql::Statement::prepare(db, "UPDATE fields SET value=?, confidence=1.0 "
                                                                      "WHERE record_id=? AND name=?"));
  for (const auto& [name, value] : corrections) {
    upd.bind(1, value).bind(2, id).bind(3, name);
    KF_RETURN_IF_ERROR(upd.run());
    upd.reset();
  }
  KF_ASSIGN_OR_RETURN(sql::Statement rec,
                      sql::Statement::prepare(db, "UPDATE records SET state='reviewed', json=?, "
                                                  "reviewed_at=strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id=?"));
  rec.bind(1, doc.dump()).bind(2, id);
  KF_RETURN_IF_ERROR(rec.run());
  return tx.commit();
}

Result<std::string> RecordStore::integrity_check() {
  KF_ASSIGN_OR_RETURN(sql::Statement st, sql::Statement::prepare(impl_->db.get(), "PRAGMA integrity_check"));
  std::string out;
  for (;;) {
    KF_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    if (!out.empty()) out += "\n";
    out += st.text(0);
  }
  // Foreign keys are not part of integrity_check; orphan fields would be a bug worth seeing.
  KF_ASSIGN_OR_RETURN(sql::Statement fk, sql::Statement::prepare(impl_->db.get(), "PRAGMA foreign_key_check"));
  KF_ASSIGN_OR_RETURN(bool orphan, fk.step());
  if (orphan) out += "\nforeign key violation in table " + fk.text(0);
  return out;
}

}  // namespace kamiflow::engine
