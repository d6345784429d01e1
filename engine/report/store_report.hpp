// kamiflow::write_store_report: the HTML review report (html_report.hpp) of what a records
// database holds — every record with its fields' crops, every quarantined/unclassified page with
// its reason — and, when the batch came from `kamiflow samples`, accuracy against its ground truth.
//
// Contract: reads the database and the input files (for thumbnails) only; writes out_dir/report.html
// and out_dir/report_files/ atomically (see html_report.hpp). Page thumbnails are made from the
// input files; a file that can no longer be read simply has no thumbnail. Not thread-safe.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "kamiflow/engine/logging.hpp"
#include "kamiflow/status.hpp"

namespace kamiflow {

struct StoreReportOptions {
  std::string db;                                // records database (RecordStore)
  std::string out_dir;                           // report.html goes here
  std::filesystem::path truth_dir;               // a `kamiflow samples` output dir; empty = none
  std::vector<std::filesystem::path> templates;  // for field labels; empty = the sample forms
  std::string title = "kamiflow 読取結果レポート";
  int thumbnail_px = 360;                        // longer side of page thumbnails
};

struct StoreReportSummary {
  long pages = 0, records = 0, needs_review = 0, rejected = 0, unclassified = 0;
  std::optional<double> field_exact_rate, silent_error_rate, review_rate;  // with truth only
  std::string report_path;
};

[[nodiscard]] Result<StoreReportSummary> write_store_report(const StoreReportOptions& options, const Logger& logger);

}  // namespace kamiflow
