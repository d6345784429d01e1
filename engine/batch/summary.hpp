// kamiflow::engine::BatchSummary: what one batch did, counted per page.
//
// Contract: plain value, filled by the BatchRunner on its calling thread and handed to
// on_batch_end, the progress summary table and the `batches.summary` JSON column.
#pragma once

#include <nlohmann/json.hpp>

namespace kamiflow::engine {

struct BatchSummary {
  long long batch_id = 0;
  long long files = 0;         // input files found
  long long pages = 0;         // pages handled in this run (all outcomes below except skipped)
  long long records = 0;       // records committed (accepted + needs_review)
  long long accepted = 0;
  long long needs_review = 0;
  long long rejected = 0;      // quarantined pages, or whole files that could not be opened
  long long unclassified = 0;
  long long dropped = 0;       // dropped by on_record
  long long skipped = 0;       // already in the journal from an earlier run
  long long moved_to_done = 0; // input files moved to the done folder
  double seconds = 0;
  double pages_per_second = 0;
  bool interrupted = false;    // SIGINT/SIGTERM or cancel flag: in-flight pages were committed, rest left
};

inline nlohmann::json to_json(const BatchSummary& s) {
  return nlohmann::json{{"batch_id", s.batch_id},   {"files", s.files},
                        {"pages", s.pages},         {"records", s.records},
                        {"accepted", s.accepted},   {"needs_review", s.needs_review},
                        {"rejected", s.rejected},   {"unclassified", s.unclassified},
                        {"dropped", s.dropped},     {"skipped", s.skipped},
                        {"moved_to_done", s.moved_to_done}, {"seconds", s.seconds},
                        {"pages_per_second", s.pages_per_second}, {"interrupted", s.interrupted}};
}

}  // namespace kamiflow::engine
