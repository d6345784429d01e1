#include "engine/store/robot_journal.hpp"

#include "engine/store/record_store_sqlite.hpp"

namespace kamiflow::engine {

struct RobotJournal::Impl {
  sql::DbHandle db;
};

namespace {

constexpr const char* kRobotSchema = R"sql(
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

}  // namespace

RobotJournal::RobotJournal(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RobotJournal::~RobotJournal() = default;

Result<std::unique_ptr<RobotJournal>> RobotJournal::open(const std::string& path) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  sql::DbHandle db(raw);
  if (rc != SQLITE_OK) return sql::error(raw, rc, "robot journal: cannot open database " + path);
  sqlite3_busy_timeout(db.get(), 10'000);
  // FULL: "keying" must be on disk before the robot presses 登録, or a power cut could let a
  // rerun key the record a second time.
  KF_RETURN_IF_ERROR(sql::exec(db.get(), "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;").WithContext(path));
  KF_RETURN_IF_ERROR(sql::exec(db.get(), kRobotSchema).WithContext(path));
  auto impl = std::make_unique<Impl>();
  impl->db = std::move(db);
  return std::unique_ptr<RobotJournal>(new RobotJournal(std::move(impl)));
}

Result<std::optional<RobotEntry>> RobotJournal::entry(const std::string& key, const std::string& target) {
  KF_ASSIGN_OR_RETURN(sql::Statement s,
                      sql::Statement::prepare(impl_->db.get(),
                                              "SELECT state, ifnull(receipt, ''), started_at, ifnull(keyed_at, '') "
                                              "FROM robot_keyed WHERE record_key = ? AND target = ?"));
  s.bind(1, key).bind(2, target);
  KF_ASSIGN_OR_RETURN(bool row, s.step());
  if (!row) return std::optional<RobotEntry>();
  return std::optional<RobotEntry>(RobotEntry{s.text(0), s.text(1), s.text(2), s.text(3)});
}

Status RobotJournal::mark_keying(const std::string& key, const std::string& target) {
  KF_ASSIGN_OR_RETURN(std::optional<RobotEntry> e, entry(key, target));
  if (e) return Status::InvalidInput("robot journal: '" + key + "' is already " + e->state + " in " + target);
  KF_ASSIGN_OR_RETURN(sql::Statement s,
                      sql::Statement::prepare(impl_->db.get(), "INSERT INTO robot_keyed (record_key, target, state) "
                                                               "VALUES (?, ?, 'keying')"));
  s.bind(1, key).bind(2, target);
  return s.run().WithContext("robot journal");
}

Status RobotJournal::mark_keyed(const std::string& key, const std::string& target, const std::string& receipt) {
  if (receipt.empty()) return Status::InvalidInput("robot journal: an empty receipt for '" + key + "'");
  KF_ASSIGN_OR_RETURN(std::optional<RobotEntry> e, entry(key, target));
  if (e && e->state == "keyed") {
    if (e->receipt == receipt) return Status::Ok();
    return Status::InvalidInput("robot journal: '" + key + "' is already keyed in " + target + " as " + e->receipt);
  }
  KF_ASSIGN_OR_RETURN(
      sql::Statement s,
      sql::Statement::prepare(impl_->db.get(),
                              "INSERT INTO robot_keyed (record_key, target, state, receipt, keyed_at) "
                              "VALUES (?, ?, 'keyed', ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) "
                              "ON CONFLICT (record_key, target) DO UPDATE SET state = 'keyed', "
                              "receipt = excluded.receipt, keyed_at = excluded.keyed_at"));
  s.bind(1, key).bind(2, target).bind(3, receipt);
  return s.run().WithContext("robot journal");
}

Status RobotJournal::clear_keying(const std::string& key, const std::string& target) {
  KF_ASSIGN_OR_RETURN(std::optional<RobotEntry> e, entry(key, target));
  if (e && e->state == "keyed")
    return Status::InvalidInput("robot journal: '" + key + "' is keyed in " + target + " (" + e->receipt +
                                "); a keyed record is never forgotten");
  KF_ASSIGN_OR_RETURN(sql::Statement s,
                      sql::Statement::prepare(impl_->db.get(), "DELETE FROM robot_keyed WHERE record_key = ? AND "
                                                               "target = ? AND state = 'keying'"));
  s.bind(1, key).bind(2, target);
  return s.run().WithContext("robot journal");
}

}  // namespace kamiflow::engine
