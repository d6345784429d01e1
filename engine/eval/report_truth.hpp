// kamiflow::eval::load_report_truth: the ground truth of a `kamiflow samples` batch as the
// ReportTruth that `kamiflow report --truth DIR` gives the HTML report (report/store_report.hpp),
// so the report shows expected values and accuracy without knowing how truth is stored.
//
// Contract: reads DIR/manifest.json and every page's truth JSON once, at load; observe() then
// compares in memory with the same rules as `kamiflow eval` (eval.hpp). Not thread-safe.
#pragma once

#include <filesystem>
#include <memory>

#include "engine/report/store_report.hpp"
#include "kamiflow/status.hpp"

namespace kamiflow::eval {

[[nodiscard]] Result<std::shared_ptr<ReportTruth>> load_report_truth(const std::filesystem::path& samples_dir);

}  // namespace kamiflow::eval
