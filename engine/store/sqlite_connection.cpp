// sql::Connection over the sqlite3 C API: RAII owners for the handle and its statements, SQLite
// result codes turned into Status values naming the SQL that failed.
//
// Durability: WAL journal mode with synchronous=FULL, so a committed page survives kill -9 and
// power loss (NORMAL would survive kill -9 but could lose the last pages on power loss, which
// would then be redone while their CSV/crops side effects already exist). One fsync per page is
// noise next to OCR at ~1 s per page. WAL also lets readers (review, tests) run beside the writer.
#include <sqlite3.h>

#include <filesystem>

#include "engine/store/sql_connection.hpp"

namespace kamiflow::engine::sql {
namespace {

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using DbHandle = std::unique_ptr<sqlite3, DbCloser>;

Status error(sqlite3* db, int rc, std::string_view what) {
  std::string msg = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  if (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB) return Status::Corruption(std::move(msg));
  return Status::IOError(std::move(msg));
}

class SqliteCursor final : public Cursor {
 public:
  SqliteCursor(sqlite3* db, sqlite3_stmt* s) : db_(db), stmt_(s) {}

  void bind_int(int i, long long v) override { check(sqlite3_bind_int64(stmt_.get(), i, v)); }
  void bind_double(int i, double v) override { check(sqlite3_bind_double(stmt_.get(), i, v)); }
  void bind_text(int i, std::string_view v) override {
    check(sqlite3_bind_text(stmt_.get(), i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
  }
  void bind_null(int i) override { check(sqlite3_bind_null(stmt_.get(), i)); }

  Result<bool> step() override {
    if (!bind_error_.ok()) return bind_error_;
    int rc = sqlite3_step(stmt_.get());
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    if ((rc & 0xff) == SQLITE_CONSTRAINT)
      return Status::InvalidInput(std::string("constraint: ") + sqlite3_errmsg(db_));
    return error(db_, rc, "sqlite step");
  }
  void reset() override {
    sqlite3_reset(stmt_.get());
    sqlite3_clear_bindings(stmt_.get());
    bind_error_ = Status::Ok();
  }

  long long int64(int col) const override { return sqlite3_column_int64(stmt_.get(), col); }
  double real(int col) const override { return sqlite3_column_double(stmt_.get(), col); }
  bool is_null(int col) const override { return sqlite3_column_type(stmt_.get(), col) == SQLITE_NULL; }
  std::string text(int col) const override {
    const unsigned char* p = sqlite3_column_text(stmt_.get(), col);
    return p ? std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(stmt_.get(), col)) : "";
  }

 private:
  struct Finalizer {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
  };
  void check(int rc) {
    if (rc != SQLITE_OK && bind_error_.ok()) bind_error_ = error(db_, rc, "sqlite bind");
  }
  sqlite3* db_;
  std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
  Status bind_error_;
};

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(DbHandle db) : db_(std::move(db)) {}

  Dialect dialect() const override { return Dialect::kSqlite; }

  Result<std::unique_ptr<Cursor>> prepare(std::string_view sql_text) override {
    sqlite3_stmt* raw = nullptr;
    int rc = sqlite3_prepare_v2(db_.get(), sql_text.data(), static_cast<int>(sql_text.size()), &raw, nullptr);
    if (rc != SQLITE_OK) return error(db_.get(), rc, "sqlite prepare");
    return std::unique_ptr<Cursor>(new SqliteCursor(db_.get(), raw));
  }

  Status exec(std::string_view sql_text) override {
    const std::string text(sql_text);
    char* err = nullptr;
    int rc = sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &err);
    if (rc == SQLITE_OK) return Status::Ok();
    std::string msg = std::string("sqlite: ") + (err ? err : sqlite3_errstr(rc)) + " in: " + text;
    sqlite3_free(err);
    return rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB ? Status::Corruption(msg) : Status::IOError(msg);
  }
  Status begin() override { return exec("BEGIN IMMEDIATE"); }
  Status commit() override { return exec("COMMIT"); }
  void rollback() override { sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr); }
  std::string_view now_sql() const override { return "strftime('%Y-%m-%dT%H:%M:%fZ','now')"; }
  std::string_view for_update() const override { return ""; }

  Result<int> schema_version() override {
    KF_ASSIGN_OR_RETURN(std::string text, pragma_text("PRAGMA user_version"));
    return std::stoi(text.empty() ? "0" : text);
  }
  Status set_schema_version(int version) override {
    return exec("PRAGMA user_version=" + std::to_string(version));
  }
  Status lock_schema() override { return Status::Ok(); }  // BEGIN IMMEDIATE holds the write lock

  Result<std::string> integrity_check() override {
    KF_ASSIGN_OR_RETURN(Statement st, Statement::prepare(this, "PRAGMA integrity_check"));
    std::string out;
    for (;;) {
      KF_ASSIGN_OR_RETURN(bool row, st.step());
      if (!row) break;
      if (!out.empty()) out += "\n";
      out += st.text(0);
    }
    // Foreign keys are not part of integrity_check; orphan fields would be a bug worth seeing.
    KF_ASSIGN_OR_RETURN(Statement fk, Statement::prepare(this, "PRAGMA foreign_key_check"));
    KF_ASSIGN_OR_RETURN(bool orphan, fk.step());
    if (orphan) out += "\nforeign key violation in table " + fk.text(0);
    return out;
  }
  bool broken() const override { return false; }

  Result<std::string> pragma_text(const char* pragma) {
    KF_ASSIGN_OR_RETURN(Statement st, Statement::prepare(this, pragma));
    KF_ASSIGN_OR_RETURN(bool row, st.step());
    return row ? st.text(0) : std::string();
  }

 private:
  DbHandle db_;
};

}  // namespace

Result<std::unique_ptr<Connection>> connect_sqlite(const std::string& path, const ConnectOptions& options) {
  std::error_code exists_ec;
  if (!options.create_if_missing && !std::filesystem::exists(path, exists_ec))
    return Status::NotFound("database " + path + " does not exist");
  sqlite3* raw = nullptr;
  const int create = options.create_if_missing ? SQLITE_OPEN_CREATE : 0;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | create | SQLITE_OPEN_FULLMUTEX, nullptr);
  DbHandle db(raw);  // owns the handle even when open failed
  if (rc != SQLITE_OK) return error(raw, rc, "cannot open database " + path);
  sqlite3_busy_timeout(db.get(), options.busy_timeout_ms);
  sqlite3_extended_result_codes(db.get(), 1);
  auto conn = std::make_unique<SqliteConnection>(std::move(db));
  KF_ASSIGN_OR_RETURN(std::string mode, conn->pragma_text("PRAGMA journal_mode=WAL"));
  if (mode != "wal") return Status::IOError("database " + path + " cannot use WAL journal mode (got " + mode + ")");
  KF_RETURN_IF_ERROR(conn->exec("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"));
  return std::unique_ptr<Connection>(std::move(conn));
}

Result<Statement> Statement::prepare(Connection* db, std::string_view sql_text) {
  KF_ASSIGN_OR_RETURN(std::unique_ptr<Cursor> c, db->prepare(sql_text));
  return Statement(std::move(c));
}

bool is_postgres_url(std::string_view s) {
  return s.rfind("postgresql://", 0) == 0 || s.rfind("postgres://", 0) == 0;
}

std::string redact_url(std::string_view s) {
  if (!is_postgres_url(s)) return std::string(s);
  const auto scheme_end = s.find("://") + 3;
  const auto at = s.find('@', scheme_end);
  if (at == std::string_view::npos) return std::string(s);
  const auto colon = s.find(':', scheme_end);
  if (colon == std::string_view::npos || colon > at) return std::string(s);
  return std::string(s.substr(0, colon + 1)) + "***" + std::string(s.substr(at));
}

Result<std::unique_ptr<Connection>> connect(const std::string& path_or_url, const ConnectOptions& options) {
  if (is_postgres_url(path_or_url)) return connect_postgres(path_or_url);
  return connect_sqlite(path_or_url, options);
}

}  // namespace kamiflow::engine::sql
