// The human-readable form of an EvalReport: one summary line, a table of rates per field type
// and per form, and the fields that go wrong most (where recogniser work pays off first).
#include <cstdio>
#include <sstream>

#include "engine/eval/eval.hpp"

namespace kamiflow::eval {
namespace {

std::string pct(const std::optional<double>& v) {
  if (!v) return "     -";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%5.1f%%", *v * 100);
  return buf;
}

void row(std::ostringstream& out, const std::string& name, const EvalRates& r) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "  %-24s %6ld  %s  %s  %s  %s  %s  %s\n", name.c_str(), r.fields,
                pct(r.field_exact_rate()).c_str(), pct(r.cer()).c_str(), pct(r.mark_accuracy()).c_str(),
                pct(r.cell_accuracy()).c_str(), pct(r.review_rate()).c_str(), pct(r.silent_error_rate()).c_str());
  out << buf;
}

void header(std::ostringstream& out, const char* title) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "  %-24s %6s  %6s  %6s  %6s  %6s  %6s  %6s\n", title, "fields", "exact", "CER",
                "marks", "cells", "review", "silent");
  out << buf;
}

}  // namespace

std::string EvalReport::to_table(bool examples) const {
  std::ostringstream out;
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "pages %ld   classification %s (%ld/%ld)   rejected %ld   unclassified %ld   "
                "expected rejections met %ld/%ld   %.2f pages/s\n\n",
                pages, pct(classification_accuracy()).c_str(), classified_correctly, classification_pages,
                rejected_pages, unclassified_pages, expected_rejections_met, expected_rejections, pages_per_second());
  out << buf;
  std::snprintf(buf, sizeof buf, "records needing no human %ld/%ld (%s), of which wrong %ld\n\n", records_no_human,
                records, pct(records > 0 ? std::optional<double>(double(records_no_human) / double(records)) : std::nullopt).c_str(),
                records_no_human_wrong);
  out << buf;
  if (!records_held_by.empty()) {
    out << "  records held back, by field kind (records with a flagged field of it / flagged by it alone)\n";
    for (const auto& [kind, n] : records_held_by) {
      const auto only = records_held_only_by.find(kind);
      std::snprintf(buf, sizeof buf, "    %-24s %5ld / %ld\n", kind.c_str(), n,
                    only == records_held_only_by.end() ? 0L : only->second);
      out << buf;
    }
    out << "\n";
  }
  header(out, "field type");
  for (const auto& [type, r] : by_type) row(out, type, r);
  row(out, "all fields", total);
  out << "\n";
  header(out, "form");
  for (const auto& [form, r] : by_form) row(out, form, r);
  if (!worst_fields.empty()) {
    out << "\n  worst fields (errors / fields, silent = wrong and not flagged)\n";
    for (const auto& w : worst_fields) {
      std::snprintf(buf, sizeof buf, "    %-40s %4ld / %-4ld silent %ld", (w.form_id + "." + w.name).c_str(), w.errors,
                    w.fields, w.silent);
      out << buf;
      if (examples) out << "   e.g. expected \"" << w.example_expected << "\" read \"" << w.example_actual << "\"";
      out << "\n";
    }
  }
  return out.str();
}

}  // namespace kamiflow::eval
