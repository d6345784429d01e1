// kamiflow::engine::RobotJournal: what a robot has keyed into which target system, so that a
// record is keyed at most once across kill -9 and rerun (docs/rpa.md, "Exactly once").
//
// Table robot_keyed(record_key, target, state, receipt, started_at, keyed_at), created with
// IF NOT EXISTS beside the record store's tables (additive: the schema version is unchanged).
// State "keying" is committed just BEFORE the robot presses the final button (登録); "keyed" with
// the receipt number just AFTER it has read the receipt back. So after a kill:
//   no row    → nothing was submitted: key it;
//   "keyed"   → it was keyed: reuse the stored receipt, do not key again;
//   "keying"  → killed between 登録 and read-back: the target may or may not hold it; a person
//               must check (the workflow sends the record to review instead of keying again).
// Durability: its own connection (SQLite: WAL, synchronous=FULL; or the same postgresql:// URL as
// the records); every mark is one committed statement.
// Thread-safety: one RobotJournal per thread. Ownership: owns its connection.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "kamiflow/status.hpp"

namespace kamiflow::engine {

struct RobotEntry {
  std::string state;    // "keying" or "keyed"
  std::string receipt;  // "" while keying
  std::string started_at, keyed_at;
};

class RobotJournal {
 public:
  [[nodiscard]] static Result<std::unique_ptr<RobotJournal>> open(const std::string& database_path);
  ~RobotJournal();
  RobotJournal(const RobotJournal&) = delete;
  RobotJournal& operator=(const RobotJournal&) = delete;

  [[nodiscard]] Result<std::optional<RobotEntry>> entry(const std::string& record_key, const std::string& target);
  // Inserts "keying". InvalidInput when a row exists (keyed, or keying that a person must check).
  [[nodiscard]] Status mark_keying(const std::string& record_key, const std::string& target);
  // "keying" (or nothing) → "keyed" with the receipt. InvalidInput when already keyed with a
  // different receipt (the same receipt again is a no-op).
  [[nodiscard]] Status mark_keyed(const std::string& record_key, const std::string& target,
                                  const std::string& receipt);
  // Removes a "keying" row: the target refused the submission (a validation message on the
  // screen), so nothing was stored there. A "keyed" row is never removed (InvalidInput).
  [[nodiscard]] Status clear_keying(const std::string& record_key, const std::string& target);

  struct Impl;

 private:
  explicit RobotJournal(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kamiflow::engine
