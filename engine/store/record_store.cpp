// RecordStore: opening, schema, batches and the one-transaction-per-page commits.
#include "engine/store/record_store.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "engine/store/record_store_internal.hpp"
#include "kamiflow/escape.hpp"

namespace kamiflow::engine {
namespace {

constexpr int kSchemaVersion = 2;  // 2: review state, verdicts, audit trail (record_store_review.cpp)

// Documented in docs/database.md; keep the two in step.
constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS batches (
  id          INTEGER PRIMARY KEY,
  started_at  TEXT NOT NULL,
  finished_at TEXT,
  inputs      TEXT NOT NULL,
  summary     TEXT
);
CREATE TABLE IF NOT EXISTS pages (
  file_sha256 TEXT NOT NULL,
  page        INTEGER NOT NULL,
  source_file TEXT NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('done','quarantined','unclassified','dropped')),
  batch_id    INTEGER REFERENCES batches(id),
  reason      TEXT NOT NULL DEFAULT '',
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (file_sha256, page)
);
CREATE TABLE IF NOT EXISTS records (
  id              INTEGER PRIMARY KEY,
  batch_id        INTEGER REFERENCES batches(id),
  form_id         TEXT NOT NULL,
  source_file     TEXT NOT NULL,
  page            INTEGER NOT NULL,
  file_sha256     TEXT NOT NULL,
  alignment_score REAL NOT NULL,
  rotation        INTEGER NOT NULL,
  state           TEXT NOT NULL CHECK (state IN ('accepted','needs_review','reviewed')),
  json            TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  reviewed_at     TEXT,
  UNIQUE (file_sha256, page)
);
CREATE INDEX IF NOT EXISTS records_by_state ON records(state);
CREATE TABLE IF NOT EXISTS fields (
  record_id  INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
  ordinal    INTEGER NOT NULL,
  name       TEXT NOT NULL,
  type       TEXT NOT NULL,
  raw        TEXT NOT NULL,
  value      TEXT NOT NULL,
  confidence REAL NOT NULL,
  flags      TEXT NOT NULL,
  crop_path  TEXT NOT NULL DEFAULT '',
  x INTEGER NOT NULL, y INTEGER NOT NULL, w INTEGER NOT NULL, h INTEGER NOT NULL,
  PRIMARY KEY (record_id, name)
);
)sql";

// Inserts the page's journal row unless the page is already journaled: false then. The unique
// key decides, not a read before the write, so two processes (or machines) committing the same
// page cannot both win: in PostgreSQL the second INSERT waits for the first transaction and then
// does nothing; in SQLite BEGIN IMMEDIATE already serialises them.
Result<bool> insert_journal_row(sql::Connection* db, long long batch_id, const PageRef& ref, PageState state,
                                const std::string& reason) {
  KF_ASSIGN_OR_RETURN(sql::Statement st,
                      sql::Statement::prepare(db, std::string("INSERT INTO pages(file_sha256,page,source_file,state,"
                                                              "batch_id,reason,updated_at) VALUES(?,?,?,?,?,?,") +
                                                      std::string(db->now_sql()) +
                                                      ") ON CONFLICT (file_sha256,page) DO NOTHING RETURNING page"));
  st.bind(1, ref.file_sha256).bind(2, ref.page).bind(3, ref.source_file).bind(4, page_state_name(state));
  // TEXT that every SQLite client can read: never raw bytes, whoever built the reason.
  st.bind(5, batch_id).bind(6, valid_utf8(reason));
  KF_ASSIGN_OR_RETURN(bool inserted, st.step());
  st.reset();
  return inserted;
}

// The bound queue row takes the page's journal state, in the page's transaction.
Status finish_queue_item(sql::Connection* db, long long queue_id, const std::string& sha, int page) {
  if (queue_id == 0) return Status::Ok();
  KF_ASSIGN_OR_RETURN(sql::Statement st,
                      sql::Statement::prepare(db, "UPDATE queue SET state=COALESCE((SELECT p.state FROM pages p WHERE "
                                                  "p.file_sha256=? AND p.page=?),'done'), done_at=now(), "
                                                  "lease_until=NULL WHERE id=?"));
  st.bind(1, sha).bind(2, page).bind(3, queue_id);
  return st.run();
}

}  // namespace

std::string_view record_state_name(RecordState s) {
  switch (s) {
    case RecordState::kAccepted: return "accepted";
    case RecordState::kNeedsReview: return "needs_review";
    case RecordState::kReviewed: return "reviewed";
  }
  return "accepted";
}

std::optional<RecordState> parse_record_state(std::string_view name) {
  for (RecordState s : {RecordState::kAccepted, RecordState::kNeedsReview, RecordState::kReviewed})
    if (record_state_name(s) == name) return s;
  return std::nullopt;
}

RecordStore::RecordStore(std::string path, std::unique_ptr<Impl> impl)
    : path_(std::move(path)), impl_(std::move(impl)) {}
RecordStore::~RecordStore() = default;

Result<std::unique_ptr<RecordStore>> RecordStore::open(const std::string& path, const RecordStoreOptions& options) {
  const std::string shown = sql::redact_url(path);
  KF_ASSIGN_OR_RETURN(std::unique_ptr<sql::Connection> db,
                      sql::connect(path, sql::ConnectOptions{options.busy_timeout_ms, options.create_if_missing}));
  const bool postgres = db->dialect() == sql::Dialect::kPostgres;
  KF_ASSIGN_OR_RETURN(int version, db->schema_version());
  if (version > kSchemaVersion)
    return Status::Unsupported("database " + shown + " has schema version " + std::to_string(version) +
                               "; this kamiflow knows up to " + std::to_string(kSchemaVersion));
  // A server database is never "missing", but a read-only command must not create tables in it.
  if (version == 0 && postgres && !options.create_if_missing)
    return Status::NotFound("database " + shown + " holds no kamiflow tables");
  if (version < kSchemaVersion) {
    sql::Transaction tx(db.get());
    KF_RETURN_IF_ERROR(tx.begin().WithContext(shown));
    KF_RETURN_IF_ERROR(db->lock_schema().WithContext(shown));
    // Read again under the lock: another process may have migrated meanwhile.
    KF_ASSIGN_OR_RETURN(version, db->schema_version());
    if (postgres) {
      // No version-1 PostgreSQL databases exist: the server side starts at version 2.
      if (version < 2) KF_RETURN_IF_ERROR(db->exec(sql::postgres_schema_v2()).WithContext(shown));
    } else {
      KF_RETURN_IF_ERROR(db->exec(kSchema).WithContext(shown));
      if (version < 2) KF_RETURN_IF_ERROR(sql::migrate_to_review_schema(db.get()).WithContext(shown));
    }
    KF_RETURN_IF_ERROR(db->set_schema_version(kSchemaVersion));
    KF_RETURN_IF_ERROR(tx.commit());
  }
  auto impl = std::make_unique<Impl>();
  impl->db = std::move(db);
  return std::unique_ptr<RecordStore>(new RecordStore(shown, std::move(impl)));
}

bool is_database_url(std::string_view s) { return sql::is_postgres_url(s); }
std::string redact_database_url(std::string_view s) { return sql::redact_url(s); }

bool RecordStore::connection_lost() const { return impl_->db->broken(); }

Result<long long> RecordStore::begin_batch(const std::vector<std::string>& inputs) {
  sql::Connection* db = impl_->db.get();
  KF_ASSIGN_OR_RETURN(sql::Statement st, sql::Statement::prepare(
                                             db, std::string("INSERT INTO batches(started_at,inputs) VALUES(") +
                                                     std::string(db->now_sql()) + ",?) RETURNING id"));
  st.bind(1, nlohmann::json(inputs).dump());
  KF_ASSIGN_OR_RETURN(bool row, st.step());
  if (!row) return Status::Internal("INSERT INTO batches returned no id");
  const long long id = st.int64(0);
  st.reset();  // SQLite: ends the statement, which commits it
  return id;
}

Status RecordStore::finish_batch(long long batch_id, const nlohmann::json& summary) {
  KF_ASSIGN_OR_RETURN(sql::Statement st,
                      sql::Statement::prepare(impl_->db.get(), std::string("UPDATE batches SET finished_at=") +
                                                                   std::string(impl_->db->now_sql()) +
                                                                   ", summary=? WHERE id=?"));
  st.bind(1, summary.dump()).bind(2, batch_id);
  return st.run();
}

Result<std::optional<long long>> RecordStore::commit_record(long long batch_id, const ocr::Record& r,
                                                            RecordState state,
                                                            const std::vector<std::string>& crop_paths,
                                                            const nlohmann::json& extra_json) {
  sql::Connection* db = impl_->db.get();
  sql::Transaction tx(db);
  KF_RETURN_IF_ERROR(tx.begin());
  // The journal row first: when the page is already journaled nothing else is written.
  PageRef ref{r.source_file, r.page, r.file_sha256};
  KF_ASSIGN_OR_RETURN(bool inserted, insert_journal_row(db, batch_id, ref, PageState::kDone, ""));
  if (!inserted) {
    if (queue_item_ == 0) return std::optional<long long>();
    KF_RETURN_IF_ERROR(finish_queue_item(db, queue_item_, r.file_sha256, r.page));
    KF_RETURN_IF_ERROR(tx.commit());
    return std::optional<long long>();
  }

  nlohmann::json doc = ocr::to_json(r);
  if (extra_json.is_object())
    for (const auto& [k, v] : extra_json.items()) doc[k] = v;
  doc["state"] = std::string(record_state_name(state));

  KF_ASSIGN_OR_RETURN(sql::Statement rec,
                      sql::Statement::prepare(db, std::string("INSERT INTO records(batch_id,form_id,source_file,page,"
                                                              "file_sha256,alignment_score,rotation,state,json,"
                                                              "created_at) VALUES(?,?,?,?,?,?,?,?,?,") +
                                                      std::string(db->now_sql()) + ") RETURNING id"));
  rec.bind(1, batch_id).bind(2, r.form_id).bind(3, r.source_file).bind(4, r.page).bind(5, r.file_sha256);
  rec.bind(6, r.alignment_score).bind(7, r.rotation_degrees).bind(8, record_state_name(state)).bind(9, doc.dump());
  KF_ASSIGN_OR_RETURN(bool rec_row, rec.step());
  if (!rec_row) return Status::Internal("INSERT INTO records returned no id");
  const long long id = rec.int64(0);
  rec.reset();  // SQLite: a RETURNING statement left mid-step would block COMMIT

  // Many fields per INSERT: on a server every statement is a network round trip, and a page has
  // 10-30 fields (docs/scale-out.md). 13 parameters a row; 50 rows stay far below both back ends'
  // parameter limits.
  constexpr size_t kRowsPerInsert = 50;
  for (size_t first = 0; first < r.fields.size(); first += kRowsPerInsert) {
    const size_t n = std::min(kRowsPerInsert, r.fields.size() - first);
    std::string q = "INSERT INTO fields(record_id,ordinal,name,type,raw,value,confidence,flags,crop_path,x,y,w,h) VALUES";
    for (size_t k = 0; k < n; ++k) q += k ? ",(?,?,?,?,?,?,?,?,?,?,?,?,?)" : "(?,?,?,?,?,?,?,?,?,?,?,?,?)";
    KF_ASSIGN_OR_RETURN(sql::Statement fld, sql::Statement::prepare(db, q));
    for (size_t k = 0; k < n; ++k) {
      const size_t i = first + k;
      const ocr::FieldResult& f = r.fields[i];
      const int b = static_cast<int>(k) * 13;
      fld.bind(b + 1, id).bind(b + 2, static_cast<long long>(i)).bind(b + 3, f.name);
      fld.bind(b + 4, ocr::field_type_name(f.type)).bind(b + 5, f.raw).bind(b + 6, f.value);
      fld.bind(b + 7, f.confidence).bind(b + 8, nlohmann::json(f.flags).dump());
      fld.bind(b + 9, i < crop_paths.size() ? crop_paths[i] : std::string());
      fld.bind(b + 10, f.box.x).bind(b + 11, f.box.y).bind(b + 12, f.box.w).bind(b + 13, f.box.h);
    }
    KF_RETURN_IF_ERROR(fld.run().WithContext("fields of " + r.source_file + " page " + std::to_string(r.page)));
  }
  KF_RETURN_IF_ERROR(finish_queue_item(db, queue_item_, r.file_sha256, r.page));
  KF_RETURN_IF_ERROR(tx.commit());
  return std::optional<long long>(id);
}

Result<bool> RecordStore::commit_page(long long batch_id, const PageRef& ref, PageState state,
                                      const std::string& reason) {
  sql::Connection* db = impl_->db.get();
  sql::Transaction tx(db);
  KF_RETURN_IF_ERROR(tx.begin());
  KF_ASSIGN_OR_RETURN(bool inserted, insert_journal_row(db, batch_id, ref, state, reason));
  if (!inserted && queue_item_ == 0) return false;
  KF_RETURN_IF_ERROR(finish_queue_item(db, queue_item_, ref.file_sha256, ref.page));
  KF_RETURN_IF_ERROR(tx.commit());
  return inserted;
}

Result<std::optional<JournalEntry>> RecordStore::journal_entry(const std::string& sha, int page) {
  KF_ASSIGN_OR_RETURN(sql::Statement st,
                      sql::Statement::prepare(impl_->db.get(), "SELECT source_file,state,reason,batch_id FROM pages "
                                                               "WHERE file_sha256=? AND page=?"));
  st.bind(1, sha).bind(2, page);
  KF_ASSIGN_OR_RETURN(bool row, st.step());
  if (!row) return std::optional<JournalEntry>();
  JournalEntry e;
  e.ref = PageRef{st.text(0), page, sha};
  e.state = parse_page_state(st.text(1)).value_or(PageState::kDone);
  e.reason = st.text(2);
  e.batch_id = st.int64(3);
  return std::optional<JournalEntry>(std::move(e));
}

Result<std::set<int>> RecordStore::finished_pages(const std::string& sha) {
  KF_ASSIGN_OR_RETURN(sql::Statement st,
                      sql::Statement::prepare(impl_->db.get(), "SELECT page FROM pages WHERE file_sha256=?"));
  st.bind(1, sha);
  std::set<int> pages;
  for (;;) {
    KF_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    pages.insert(static_cast<int>(st.int64(0)));
  }
  return pages;
}

}  // namespace kamiflow::engine
