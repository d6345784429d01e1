// Internal to engine/store: one database connection behind a narrow interface, implemented for
// SQLite (sqlite_connection.cpp) and PostgreSQL through libpq (pg_connection.cpp).
//
// Why the seam is here and not at RecordStore: both back ends hold the same schema with the same
// semantics (docs/database.md), so the store's SQL and its review logic exist once and cannot drift
// apart; only what the dialects really spell differently (now(), identity columns, the schema
// version, row locks) is asked of the connection. SQL is written with `?` placeholders; the
// PostgreSQL connection numbers them ($1, $2, ...). Statements use only SQL both dialects accept
// (INSERT ... ON CONFLICT ... RETURNING, COALESCE).
//
// Thread-safety: none; one Connection per thread. Ownership: a Connection owns its native handle;
// a Statement must not outlive the Connection that prepared it.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "kamiflow/status.hpp"

namespace kamiflow::engine::sql {

enum class Dialect { kSqlite, kPostgres };

// true for "postgresql://..." and "postgres://..." (libpq connection URIs).
[[nodiscard]] bool is_postgres_url(std::string_view path_or_url);
// The URL with any password replaced by "***", for messages and logs.
[[nodiscard]] std::string redact_url(std::string_view path_or_url);

// One prepared statement of one back end. Bind errors are kept and reported by step().
class Cursor {
 public:
  virtual ~Cursor() = default;
  virtual void bind_int(int i, long long v) = 0;
  virtual void bind_double(int i, double v) = 0;
  virtual void bind_text(int i, std::string_view v) = 0;
  virtual void bind_null(int i) = 0;
  // true: a row is available; false: done. A constraint violation is InvalidInput, a lost
  // connection IOError (and Connection::broken() then says so).
  virtual Result<bool> step() = 0;
  virtual void reset() = 0;  // ready to run again with new bindings
  virtual long long int64(int col) const = 0;
  virtual double real(int col) const = 0;
  virtual bool is_null(int col) const = 0;
  virtual std::string text(int col) const = 0;
};

class Connection;

// The statement the store's code uses: chains binds, then step()/run().
class Statement {
 public:
  static Result<Statement> prepare(Connection* db, std::string_view sql_text);

  Statement& bind(int i, long long v) { cursor_->bind_int(i, v); return *this; }
  Statement& bind(int i, int v) { return bind(i, static_cast<long long>(v)); }
  Statement& bind(int i, double v) { cursor_->bind_double(i, v); return *this; }
  Statement& bind(int i, std::string_view v) { cursor_->bind_text(i, v); return *this; }
  Statement& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Statement& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Statement& bind_null(int i) { cursor_->bind_null(i); return *this; }

  Result<bool> step() { return cursor_->step(); }
  Status run() {
    Result<bool> r = step();
    return r.ok() ? Status::Ok() : r.status();
  }
  void reset() { cursor_->reset(); }

  long long int64(int col) const { return cursor_->int64(col); }
  double real(int col) const { return cursor_->real(col); }
  bool is_null(int col) const { return cursor_->is_null(col); }
  std::string text(int col) const { return cursor_->text(col); }

 private:
  explicit Statement(std::unique_ptr<Cursor> c) : cursor_(std::move(c)) {}
  std::unique_ptr<Cursor> cursor_;
};

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;
  virtual Result<std::unique_ptr<Cursor>> prepare(std::string_view sql_text) = 0;
  // Runs one or more statements without parameters (schema, PRAGMAs).
  virtual Status exec(std::string_view sql_text) = 0;
  // SQLite: BEGIN IMMEDIATE (the write lock up front, so concurrent page commits serialise
  // instead of failing halfway). PostgreSQL: BEGIN (READ COMMITTED; row locks and unique keys do
  // the rest).
  virtual Status begin() = 0;
  virtual Status commit() = 0;
  virtual void rollback() = 0;
  // The SQL expression for "now" as ISO 8601 UTC text with milliseconds.
  virtual std::string_view now_sql() const = 0;
  // Suffix that locks the selected rows for this transaction ("" in SQLite, where BEGIN
  // IMMEDIATE already holds the one write lock).
  virtual std::string_view for_update() const = 0;
  // The schema version (SQLite: PRAGMA user_version; PostgreSQL: table kamiflow_schema).
  virtual Result<int> schema_version() = 0;
  virtual Status set_schema_version(int version) = 0;
  // Inside a transaction: waits until no other process is creating or migrating the schema.
  virtual Status lock_schema() = 0;
  // "ok" on a healthy database, the back end's complaint otherwise.
  virtual Result<std::string> integrity_check() = 0;
  // true once the server connection is gone (PostgreSQL); callers reconnect.
  virtual bool broken() const = 0;
};

// Rolls back unless commit() succeeded.
class Transaction {
 public:
  explicit Transaction(Connection* db) : db_(db) {}
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() {
    if (open_) db_->rollback();
  }
  Status begin() {
    Status st = db_->begin();
    open_ = st.ok();
    return st;
  }
  Status commit() {
    Status st = db_->commit();
    if (st.ok()) open_ = false;
    return st;
  }

 private:
  Connection* db_;
  bool open_ = false;
};

struct ConnectOptions {
  int busy_timeout_ms = 10'000;   // SQLite: how long a writer waits for another's transaction
  bool create_if_missing = true;  // SQLite: false = a missing file is NotFound
};

// A SQLite file path, or a postgresql:// URL.
[[nodiscard]] Result<std::unique_ptr<Connection>> connect(const std::string& path_or_url,
                                                          const ConnectOptions& options = {});
[[nodiscard]] Result<std::unique_ptr<Connection>> connect_sqlite(const std::string& path, const ConnectOptions& options);
[[nodiscard]] Result<std::unique_ptr<Connection>> connect_postgres(const std::string& url);

}  // namespace kamiflow::engine::sql
