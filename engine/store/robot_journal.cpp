#include "engine/store/robot_journal.hpp"

#include "engine/store/sql_connection.hpp"

namespace kamiflow::engine {

struct RobotJournal::Impl {
  std::unique_ptr<sql::Connection> db;
};

namespace {

constexpr const char* kSqliteSchema = R"sql(
CREATE TABLE IF NOT EXISTS robot_keyed (
  record_key TEXT NOT NULL,
  target     TEXT NOT NULL,
  state      TEXT NOT NULL CHECK (state IN ('keying', 'keyed')),
  receipt    TEXT,
  started_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  keyed_at   TEXT,
  PRIMARY KEY (record_key, target)
);
)sql";

constexpr const char* kPostgresSchema = R"sql(
CREATE TABLE IF NOT EXISTS robot_keyed (
  record_key TEXT NOT NULL,
  target     TEXT NOT NULL,
  state      TEXT NOT NULL CHECK (state IN ('keying', 'keyed')),
  receipt    TEXT,
  started_at TEXT NOT NULL DEFAULT (to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
  keyed_at   TEXT,
  PRIMARY KEY (record_key, target)
);
)sql";

}  // namespace

RobotJournal::RobotJournal(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RobotJournal::~RobotJournal() = default;

Result<std::unique_ptr<RobotJournal>> RobotJournal::open(const std::string& path) {
  // FULL (sqlite_connection.cpp): "keying" must be on disk before the robot presses 登録, or a
  // power cut could let a rerun key the record a second time.
  auto connected = sql::connect(path);
  if (!connected.ok()) return connected.status().WithContext("robot journal");
  std::unique_ptr<sql::Connection> db = std::move(connected).value();
  const bool postgres = db->dialect() == sql::Dialect::kPostgres;
  {
    sql::Transaction tx(db.get());
    KF_RETURN_IF_ERROR(tx.begin().WithContext(sql::redact_url(path)));
    KF_RETURN_IF_ERROR(db->lock_schema());
    KF_RETURN_IF_ERROR(db->exec(postgres ? kPostgresSchema : kSqliteSchema).WithContext(sql::redact_url(path)));
    KF_RETURN_IF_ERROR(tx.commit());
  }
  auto impl = std::make_unique<Impl>();
  impl->db = std::move(db);
  return std::unique_ptr<RobotJournal>(new RobotJournal(std::move(impl)));
}

Result<std::optional<RobotEntry>> RobotJournal::entry(const std::string& key, const std::string& target) {
  KF_ASSIGN_OR_RETURN(sql::Statement s,
                      sql::Statement::prepare(impl_->db.get(),
                                              "SELECT state, COALESCE(receipt, ''), started_at, COALESCE(keyed_at, '') "
                                              "FROM robot_keyed WHERE record_key = ? AND target = ?"));
  s.bind(1, key).bind(2, target);
  KF_ASSIGN_OR_RETURN(bool row, s.step());
  if (!row) return std::optional<RobotEntry>();
  return std::optional<RobotEntry>(RobotEntry{s.text(0), s.text(1), s.text(2), s.text(3)});
}

Status RobotJournal::mark_keying(const std::string& key, const std::string& target) {
  // The key decides (two robots on two machines cannot both start keying the same record).
  KF_ASSIGN_OR_RETURN(sql::Statement s,
                      sql::Statement::prepare(impl_->db.get(), "INSERT INTO robot_keyed (record_key, target, state) "
                                                               "VALUES (?, ?, 'keying') ON CONFLICT (record_key, "
                                                               "target) DO NOTHING RETURNING state"));
  s.bind(1, key).bind(2, target);
  KF_ASSIGN_OR_RETURN(bool inserted, s.step());
  s.reset();
  if (inserted) return Status::Ok();
  KF_ASSIGN_OR_RETURN(std::optional<RobotEntry> e, entry(key, target));
  return Status::InvalidInput("robot journal: '" + key + "' is already " + (e ? e->state : "journaled") + " in " +
                              target);
}

Status RobotJournal::mark_keyed(const std::string& key, const std::string& target, const std::string& receipt) {
  if (receipt.empty()) return Status::InvalidInput("robot journal: an empty receipt for '" + key + "'");
  sql::Connection* db = impl_->db.get();
  // Only "keying" (or no row) becomes "keyed": a keyed row keeps its receipt, checked below.
  KF_ASSIGN_OR_RETURN(
      sql::Statement s,
      sql::Statement::prepare(db, "INSERT INTO robot_keyed (record_key, target, state, receipt, keyed_at) "
                                  "VALUES (?, ?, 'keyed', ?, " + std::string(db->now_sql()) + ") "
                                  "ON CONFLICT (record_key, target) DO UPDATE SET state = 'keyed', "
                                  "receipt = excluded.receipt, keyed_at = excluded.keyed_at "
                                  "WHERE robot_keyed.state = 'keying' RETURNING state"));
  s.bind(1, key).bind(2, target).bind(3, receipt);
  Result<bool> changed = s.step();
  if (!changed.ok()) return changed.status().WithContext("robot journal");
  s.reset();
  if (*changed) return Status::Ok();
  KF_ASSIGN_OR_RETURN(std::optional<RobotEntry> e, entry(key, target));
  if (e && e->receipt == receipt) return Status::Ok();  // the same receipt again: a no-op
  return Status::InvalidInput("robot journal: '" + key + "' is already keyed in " + target + " as " +
                              (e ? e->receipt : std::string("?")));
}

Status RobotJournal::clear_keying(const std::string& key, const std::string& target) {
  KF_ASSIGN_OR_RETURN(std::optional<RobotEntry> e, entry(key, target));
  if (e && e->state == "keyed")
    return Status::InvalidInput("robot journal: '" + key + "' is keyed in " + target + " (" + e->receipt +
                                "); a keyed record is never forgotten");
  // The DELETE names the state itself, so a row keyed meanwhile is not removed.
  KF_ASSIGN_OR_RETURN(sql::Statement s,
                      sql::Statement::prepare(impl_->db.get(), "DELETE FROM robot_keyed WHERE record_key = ? AND "
                                                               "target = ? AND state = 'keying'"));
  s.bind(1, key).bind(2, target);
  return s.run().WithContext("robot journal");
}

}  // namespace kamiflow::engine
