// Internal to the record store: RAII owners for sqlite3 handles and statements.
//
// Why not a library: Debian ships the sqlite3 C API and nothing else is needed; these ~100 lines
// keep ownership explicit (handles closed exactly once, statements finalised before the
// connection) and turn SQLite result codes into Status values naming the SQL that failed.
// Not thread-safe: one Db per thread, as SQLite's own handles.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <string>
#include <string_view>

#include "engine/store/record_store.hpp"
#include "kamiflow/status.hpp"

namespace kamiflow::engine::sql {

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using DbHandle = std::unique_ptr<sqlite3, DbCloser>;

inline Status error(sqlite3* db, int rc, std::string_view what) {
  std::string msg = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  if (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB) return Status::Corruption(std::move(msg));
  return Status::IOError(std::move(msg));
}

inline Status exec(sqlite3* db, const char* sql_text) {
  char* err = nullptr;
  int rc = sqlite3_exec(db, sql_text, nullptr, nullptr, &err);
  if (rc == SQLITE_OK) return Status::Ok();
  std::string msg = std::string("sqlite: ") + (err ? err : sqlite3_errstr(rc)) + " in: " + sql_text;
  sqlite3_free(err);
  return rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB ? Status::Corruption(msg) : Status::IOError(msg);
}

// A prepared statement. Bind errors are remembered and reported by step(), so call sites can
// chain binds without checking each one.
class Statement {
 public:
  static Result<Statement> prepare(sqlite3* db, std::string_view sql_text) {
    sqlite3_stmt* raw = nullptr;
    int rc = sqlite3_prepare_v2(db, sql_text.data(), static_cast<int>(sql_text.size()), &raw, nullptr);
    if (rc != SQLITE_OK) return error(db, rc, "sqlite prepare");
    return Statement(db, raw);
  }

  Statement& bind(int i, long long v) { return check(sqlite3_bind_int64(stmt_.get(), i, v)); }
  Statement& bind(int i, int v) { return bind(i, static_cast<long long>(v)); }
  Statement& bind(int i, double v) { return check(sqlite3_bind_double(stmt_.get(), i, v)); }
  Statement& bind(int i, std::string_view v) {
    return check(sqlite3_bind_text(stmt_.get(), i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
  }
  Statement& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Statement& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Statement& bind_null(int i) { return check(sqlite3_bind_null(stmt_.get(), i)); }

  // true: a row is available; false: done. SQLITE_CONSTRAINT comes back as InvalidInput so
  // callers can tell "already there" from I/O trouble.
  Result<bool> step() {
    if (!bind_error_.ok()) return bind_error_;
    int rc = sqlite3_step(stmt_.get());
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    if ((rc & 0xff) == SQLITE_CONSTRAINT)
      return Status::InvalidInput(std::string("constraint: ") + sqlite3_errmsg(db_));
    return error(db_, rc, "sqlite step");
  }
  Status run() {
    Result<bool> r = step();
    return r.ok() ? Status::Ok() : r.status();
  }

  // Ready to run again with new bindings (one prepare for many rows).
  void reset() {
    sqlite3_reset(stmt_.get());
    sqlite3_clear_bindings(stmt_.get());
    bind_error_ = Status::Ok();
  }

  long long int64(int col) const { return sqlite3_column_int64(stmt_.get(), col); }
  double real(int col) const { return sqlite3_column_double(stmt_.get(), col); }
  bool is_null(int col) const { return sqlite3_column_type(stmt_.get(), col) == SQLITE_NULL; }
  std::string text(int col) const {
    const unsigned char* p = sqlite3_column_text(stmt_.get(), col);
    return p ? std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(stmt_.get(), col)) : "";
  }

 private:
  struct Finalizer {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
  };
  Statement(sqlite3* db, sqlite3_stmt* s) : db_(db), stmt_(s) {}
  Statement& check(int rc) {
    if (rc != SQLITE_OK && bind_error_.ok()) bind_error_ = error(db_, rc, "sqlite bind");
    return *this;
  }
  sqlite3* db_;
  std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
  Status bind_error_;
};

// BEGIN IMMEDIATE on begin(): takes the write lock up front, so two processes sharing a database
// serialise whole page commits instead of failing halfway. Rolls back unless commit() succeeded.
class Transaction {
 public:
  explicit Transaction(sqlite3* db) : db_(db) {}
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() {
    if (open_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  Status begin() {
    Status st = exec(db_, "BEGIN IMMEDIATE");
    open_ = st.ok();
    return st;
  }
  Status commit() {
    Status st = exec(db_, "COMMIT");
    if (st.ok()) open_ = false;
    return st;
  }

 private:
  sqlite3* db_;
  bool open_ = false;
};

// Schema version 1 → 2 (record_store_review.cpp): review columns on fields and records, and the
// review_audit table. Run inside open()'s write transaction; ALTER TABLE ADD COLUMN only, so
// existing rows keep their data and get the defaults ("ocr", no verdict).
Status migrate_to_review_schema(sqlite3* db);

}  // namespace kamiflow::engine::sql

namespace kamiflow::engine {
// Shared by record_store.cpp (schema, commits) and record_store_query.cpp (reads, review).
struct RecordStore::Impl {
  sql::DbHandle db;
};
}  // namespace kamiflow::engine
