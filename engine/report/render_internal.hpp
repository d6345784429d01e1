// Internal to engine/report/: what render.cpp (the document) and render_page.cpp (one page's
// section) share. Not a public API.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "engine/report/html_report.hpp"

namespace kamiflow::report_detail {

inline std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// Appends one page's <section>. Returns whether it is shown under 要確認のみ (status needs_review).
bool render_page(std::string& h, const ReportPage& p, std::size_t index, const std::string& thumb,
                 const std::vector<std::string>& crops, const std::string& view, bool truth_column);

}  // namespace kamiflow::report_detail
