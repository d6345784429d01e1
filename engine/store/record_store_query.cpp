// RecordStore: reads for review and tests, review updates, integrity check.
#include <nlohmann/json.hpp>

#include "engine/store/record_store.hpp"
#include "engine/store/record_store_internal.hpp"
#include "kamiflow/ocr/form_template.hpp"

namespace kamiflow::engine {
namespace {

constexpr const char* kRecordColumns =
    "SELECT id,batch_id,form_id,source_file,page,file_sha256,alignment_score,rotation,state,json,created_at,"
    "verdict,verdict_reason,COALESCE(reviewed_at,'') FROM records";

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
  r.verdict = parse_record_verdict(st.text(11)).value_or(RecordVerdict::kNone);
  r.verdict_reason = st.text(12);
  r.reviewed_at = st.text(13);
  return r;
}

Status load_fields(sql::Connection* db, StoredRecord& r) {
  KF_ASSIGN_OR_RETURN(sql::Statement st,
                      sql::Statement::prepare(db, "SELECT name,type,raw,value,confidence,flags,crop_path,x,y,w,h,review "
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
    f.review = parse_field_review(st.text(11)).value_or(FieldReview::kOcr);
    r.fields.push_back(std::move(f));
  }
  return Status::Ok();
}

Result<long long> count(sql::Connection* db, const std::string& sql_text, const std::string* arg) {
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
  sql::Connection* db = impl_->db.get();
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
  sql::Connection* db = impl_->db.get();
  KF_ASSIGN_OR_RETURN(sql::Statement st, sql::Statement::prepare(db, std::string(kRecordColumns) + " WHERE id=?"));
  st.bind(1, id);
  KF_ASSIGN_OR_RETURN(bool row, st.step());
  if (!row) return Status::NotFound("no record with id " + std::to_string(id) + " in " + path_);
  StoredRecord r = record_from_row(st);
  KF_RETURN_IF_ERROR(load_fields(db, r));
  return r;
}

Result<std::string> RecordStore::integrity_check() { return impl_->db->integrity_check(); }

ocr::Record to_ocr_record(const StoredRecord& s) {
  ocr::Record r;
  r.form_id = s.form_id;
  r.source_file = s.source_file;
  r.page = s.page;
  r.file_sha256 = s.file_sha256;
  r.alignment_score = s.alignment_score;
  r.rotation_degrees = s.rotation;
  for (const auto& f : s.fields) {
    ocr::FieldResult fr;
    fr.name = f.name;
    fr.type = ocr::parse_field_type(f.type).value_or(ocr::FieldType::kText);
    fr.raw = f.raw;
    fr.value = f.value;
    fr.confidence = f.confidence;
    fr.flags = f.flags;
    fr.box = f.box;
    r.fields.push_back(std::move(fr));
  }
  return r;
}

}  // namespace kamiflow::engine
