// kamiflow::write_store_report: the HTML review report (html_report.hpp) of what a records
// database holds — every record with its fields' crops, every quarantined/unclassified page with
// its reason — and, when given a ReportTruth (eval/ makes one from a `kamiflow samples` batch),
// accuracy against that ground truth. The report knows nothing of how truth is stored or compared.
//
// Contract: reads the database and the input files (for thumbnails) only; writes out_dir/report.html
// and out_dir/report_files/ atomically (see html_report.hpp). Page thumbnails are made from the
// input files; a file that can no longer be read simply has no thumbnail. Not thread-safe.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/base/logging.hpp"
#include "kamiflow/ocr/form_template.hpp"
#include "kamiflow/ocr/record.hpp"
#include "kamiflow/status.hpp"

namespace kamiflow {

struct TruthRates {
  std::optional<double> field_exact_rate, silent_error_rate, review_rate;
};

// What the report asks of ground truth. Not thread-safe; used by one report at a time.
class ReportTruth {
 public:
  virtual ~ReportTruth() = default;
  // One page's outcome (its record, or why there is none). Returns the expected value of each
  // field (name → value), or nullopt when the truth does not know the page.
  virtual std::optional<std::map<std::string, std::string>> observe(const std::string& source_file, int page,
                                                                     const Result<ocr::Record>& outcome,
                                                                     const std::vector<std::string>& known_forms) = 0;
  // Rates over every page observed so far.
  virtual TruthRates rates() const = 0;
};

struct StoreReportOptions {
  std::string db;                                // records database (RecordStore)
  std::string out_dir;                           // report.html goes here
  std::shared_ptr<ReportTruth> truth;            // null = no accuracy figures
  std::vector<std::filesystem::path> templates;  // template files for field labels
  std::vector<std::shared_ptr<const ocr::FormTemplate>> loaded_templates;  // and/or already loaded
  std::string title = "kamiflow 読取結果レポート";
  int thumbnail_px = 360;                        // longer side of the images of rejected pages
  // Every read page becomes ONE JPEG, upright, this long on its longer side; its thumbnail and
  // all its fields' crops are drawn from it (about 120 dpi for A4: text stays legible). See
  // docs/report.md for the size per page this gives.
  int view_px = 1400;
  int view_quality = 60;
  int pages_per_file = 100;                      // report.html, report-2.html, …
};

struct StoreReportSummary {
  long pages = 0, records = 0, needs_review = 0, rejected = 0, unclassified = 0;
  std::optional<double> field_exact_rate, silent_error_rate, review_rate;  // with truth only
  std::string report_path;
};

[[nodiscard]] Result<StoreReportSummary> write_store_report(const StoreReportOptions& options, const Logger& logger);

}  // namespace kamiflow
