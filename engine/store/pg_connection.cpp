// sql::Connection over libpq (Debian libpq-dev): one server connection, text-format parameters
// and results, SQLSTATEs turned into Status values.
//
// A statement is sent with PQexecParams when first stepped (one round trip) and its rows are then
// read from the client-side result; the store's queries return one page's worth of rows, and the
// ones that return many (records(), journal_entries()) return what the caller asked for anyway.
// Error mapping: class 23 (integrity constraint) → InvalidInput, like SQLite's CONSTRAINT; class
// 08, 57P (connection, server shutdown) and a bad connection state → IOError with broken() true,
// so callers (the worker) reconnect and retry; 40001/40P01 (serialisation, deadlock) → Timeout,
// meaning "the transaction was rolled back, run it again".
#include <libpq-fe.h>

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <vector>

#include "engine/store/sql_connection.hpp"

namespace kamiflow::engine::sql {
namespace {

struct ResultFree {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultFree>;
struct ConnFinish {
  void operator()(PGconn* c) const { PQfinish(c); }
};
using PgConn = std::unique_ptr<PGconn, ConnFinish>;

// `?` → `$n`. The store's SQL holds no `?` inside string literals, but skip quoted text anyway.
std::string number_placeholders(std::string_view sql_text) {
  std::string out;
  out.reserve(sql_text.size() + 16);
  int n = 0;
  bool quoted = false;
  for (char c : sql_text) {
    if (c == '\'') quoted = !quoted;
    if (c == '?' && !quoted) {
      out += '$' + std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

Status status_of(PGconn* conn, const PGresult* res, std::string_view what) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string sqlstate = state ? state : "";
  std::string msg = std::string("postgresql ") + std::string(what) + ": " +
                    (res && *PQresultErrorMessage(res) ? PQresultErrorMessage(res) : PQerrorMessage(conn));
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  if (sqlstate.rfind("23", 0) == 0) return Status::InvalidInput("constraint: " + msg);
  if (sqlstate == "40001" || sqlstate == "40P01") return Status::Timeout(msg + " (retry the transaction)");
  if (PQstatus(conn) == CONNECTION_BAD || sqlstate.rfind("08", 0) == 0 || sqlstate.rfind("57P", 0) == 0)
    return Status::IOError("connection lost: " + msg);
  return Status::IOError(msg);
}

class PgCursor final : public Cursor {
 public:
  PgCursor(PGconn* conn, std::string sql_text) : conn_(conn), sql_(std::move(sql_text)) {}

  void bind_int(int i, long long v) override { set(i, std::to_string(v)); }
  void bind_double(int i, double v) override {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);  // round-trips every double
    set(i, buf);
  }
  void bind_text(int i, std::string_view v) override { set(i, std::string(v)); }
  void bind_null(int i) override {
    grow(i);
    params_[static_cast<size_t>(i - 1)].reset();
  }

  Result<bool> step() override {
    if (!res_) {
      std::vector<const char*> values;
      for (const auto& p : params_) values.push_back(p ? p->c_str() : nullptr);
      res_.reset(PQexecParams(conn_, sql_.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr,
                              nullptr, 0));
      const ExecStatusType st = res_ ? PQresultStatus(res_.get()) : PGRES_FATAL_ERROR;
      if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
        Status err = status_of(conn_, res_.get(), "step");
        res_.reset();
        return err;
      }
      row_ = -1;
    }
    ++row_;
    return row_ < PQntuples(res_.get());
  }
  void reset() override {
    res_.reset();
    params_.clear();
  }

  long long int64(int col) const override { return std::strtoll(value(col), nullptr, 10); }
  double real(int col) const override { return std::strtod(value(col), nullptr); }
  bool is_null(int col) const override { return PQgetisnull(res_.get(), row_, col) != 0; }
  std::string text(int col) const override {
    return std::string(value(col), static_cast<size_t>(PQgetlength(res_.get(), row_, col)));
  }

 private:
  const char* value(int col) const { return PQgetvalue(res_.get(), row_, col); }
  void grow(int i) {
    if (params_.size() < static_cast<size_t>(i)) params_.resize(static_cast<size_t>(i));
  }
  void set(int i, std::string v) {
    grow(i);
    params_[static_cast<size_t>(i - 1)] = std::move(v);
  }
  PGconn* conn_;
  std::string sql_;
  std::vector<std::optional<std::string>> params_;
  PgResult res_;
  int row_ = -1;
};

class PgConnection final : public Connection {
 public:
  explicit PgConnection(PgConn conn) : conn_(std::move(conn)) {}

  Dialect dialect() const override { return Dialect::kPostgres; }
  Result<std::unique_ptr<Cursor>> prepare(std::string_view sql_text) override {
    if (broken()) return Status::IOError("connection lost: " + std::string(PQerrorMessage(conn_.get())));
    return std::unique_ptr<Cursor>(new PgCursor(conn_.get(), number_placeholders(sql_text)));
  }
  Status exec(std::string_view sql_text) override {
    const std::string text(sql_text);
    PgResult res(PQexec(conn_.get(), text.c_str()));
    const ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return Status::Ok();
    return status_of(conn_.get(), res.get(), "exec").WithContext(text.substr(0, 80));
  }
  Status begin() override { return exec("BEGIN"); }
  Status commit() override { return exec("COMMIT"); }
  void rollback() override {
    if (!broken()) PgResult(PQexec(conn_.get(), "ROLLBACK"));
  }
  std::string_view now_sql() const override {
    return "to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";
  }
  std::string_view for_update() const override { return " FOR UPDATE"; }

  Result<int> schema_version() override {
    KF_ASSIGN_OR_RETURN(Statement st, Statement::prepare(this, "SELECT to_regclass('kamiflow_schema') IS NOT NULL"));
    KF_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row || st.text(0) != "t") return 0;
    KF_ASSIGN_OR_RETURN(Statement v, Statement::prepare(this, "SELECT COALESCE(MAX(version), 0) FROM kamiflow_schema"));
    KF_ASSIGN_OR_RETURN(bool vrow, v.step());
    return vrow ? static_cast<int>(v.int64(0)) : 0;
  }
  Status set_schema_version(int version) override {
    KF_RETURN_IF_ERROR(exec("CREATE TABLE IF NOT EXISTS kamiflow_schema (version INTEGER NOT NULL); "
                            "DELETE FROM kamiflow_schema;"));
    return exec("INSERT INTO kamiflow_schema(version) VALUES (" + std::to_string(version) + ")");
  }
  // Two workers starting together would both run CREATE TABLE IF NOT EXISTS, which races in
  // PostgreSQL (a unique violation in pg_type); an advisory lock for this transaction serialises them.
  Status lock_schema() override { return exec("SELECT pg_advisory_xact_lock(7120140)"); }

  Result<std::string> integrity_check() override {
    // PostgreSQL enforces the foreign keys itself; what can still be wrong is a field or journal
    // row that disagrees with the records (a bug worth seeing).
    KF_ASSIGN_OR_RETURN(Statement st,
                        Statement::prepare(this, "SELECT (SELECT COUNT(*) FROM records r LEFT JOIN pages p ON "
                                                 "p.file_sha256=r.file_sha256 AND p.page=r.page WHERE p.page IS NULL "
                                                 "OR p.state<>'done')"));
    KF_ASSIGN_OR_RETURN(bool row, st.step());
    if (row && st.int64(0) > 0) return std::to_string(st.int64(0)) + " records without a 'done' journal row";
    return std::string("ok");
  }
  bool broken() const override { return PQstatus(conn_.get()) != CONNECTION_OK; }

 private:
  PgConn conn_;
};

}  // namespace

Result<std::unique_ptr<Connection>> connect_postgres(const std::string& url) {
  PgConn conn(PQconnectdb(url.c_str()));
  if (!conn) return Status::IOError("postgresql: out of memory connecting to " + redact_url(url));
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(conn.get());
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    return Status::IOError("cannot connect to database " + redact_url(url) + ": " + msg);
  }
  auto c = std::make_unique<PgConnection>(std::move(conn));
  // Notices (e.g. "relation already exists, skipping") are not for clerks' terminals.
  KF_RETURN_IF_ERROR(c->exec("SET client_min_messages = warning; SET TIME ZONE 'UTC';"));
  return std::unique_ptr<Connection>(std::move(c));
}

}  // namespace kamiflow::engine::sql
