// Evaluation arithmetic (see kamiflow/engine/eval.hpp): counts, rates and the JSON report.
#include <algorithm>
#include <cmath>
#include <set>

#include <nlohmann/json.hpp>

#include "engine/eval/eval.hpp"

namespace kamiflow::eval {
namespace {

// The cells of a digit-box value, in order: digits and the reader's "?" for a cell it could not
// read; a postal code's "-" is formatting, not a cell.
std::string digits_of(const std::string& s) {
  std::string out;
  for (char c : s)
    if ((c >= '0' && c <= '9') || c == '?') out += c;
  return out;
}

std::optional<double> ratio(long num, long den) {
  if (den <= 0) return std::nullopt;
  return static_cast<double>(num) / static_cast<double>(den);
}

nlohmann::json rate_json(const std::optional<double>& v) {
  if (!v) return nullptr;
  return std::round(*v * 1e4) / 1e4;  // four decimals: enough for percentages to 0.01
}

nlohmann::json rates_json(const EvalRates& r) {
  return {{"fields", r.fields},
          {"field_exact_rate", rate_json(r.field_exact_rate())},
          {"cer", rate_json(r.cer())},
          {"mark_accuracy", rate_json(r.mark_accuracy())},
          {"cell_accuracy", rate_json(r.cell_accuracy())},
          {"review_rate", rate_json(r.review_rate())},
          {"silent_error_rate", rate_json(r.silent_error_rate())}};
}

}  // namespace

std::optional<double> EvalRates::field_exact_rate() const { return ratio(exact, fields); }
// Undefined when every text-like field was expected blank: insertions then have no base.
std::optional<double> EvalRates::cer() const { return ratio(cer_edits, cer_chars); }
std::optional<double> EvalRates::mark_accuracy() const { return ratio(marks_correct, marks); }
std::optional<double> EvalRates::cell_accuracy() const { return ratio(cells_right, cells); }
std::optional<double> EvalRates::review_rate() const { return ratio(flagged, fields); }
std::optional<double> EvalRates::silent_error_rate() const { return ratio(silent, fields); }

void EvalRates::add(const FieldObservation& f) {
  bool ok = f.actual == f.expected;
  ++fields;
  exact += ok;
  flagged += f.flagged;
  silent += !ok && !f.flagged;
  if (f.type == "digit_boxes") {
    // Cell by cell, so one misread digit in a 12-digit My Number weighs 1/12, not a whole field.
    const std::string want = digits_of(f.expected), got = digits_of(f.actual);
    cells += static_cast<long>(want.size());
    if (got.size() == want.size())
      for (std::size_t i = 0; i < want.size(); ++i) cells_right += want[i] == got[i];
  }
  if (is_mark_type(f.type)) {
    ++marks;
    marks_correct += ok;
  } else {
    cer_edits += static_cast<long>(edit_distance(f.actual, f.expected));
    // Expected length in code points is the distance from the empty string.
    cer_chars += static_cast<long>(edit_distance(f.expected, ""));
  }
}

void EvalAccumulator::add(const PageObservation& page) {
  ++r_.pages;
  if (page.expected == "rejected") {
    ++r_.expected_rejections;
    r_.expected_rejections_met += page.outcome == "rejected";
  } else {
    ++r_.classification_pages;
    r_.classified_correctly += page.outcome == page.expected;
  }
  r_.rejected_pages += page.outcome == "rejected";
  r_.unclassified_pages += page.outcome == "unclassified";
  if (page.expected != "rejected" && page.expected != "unclassified") {
    ++r_.records;
    const bool any_flag = std::any_of(page.fields.begin(), page.fields.end(), [](const auto& f) { return f.flagged; });
    const bool any_wrong =
        std::any_of(page.fields.begin(), page.fields.end(), [](const auto& f) { return f.actual != f.expected; });
    if (page.outcome == page.expected && !any_flag) {
      ++r_.records_no_human;
      r_.records_no_human_wrong += any_wrong;
    }
    std::set<std::string> holding;
    for (const auto& f : page.fields)
      if (f.flagged) holding.insert(f.kind());
    for (const std::string& kind : holding) ++r_.records_held_by[kind];
    if (holding.size() == 1) ++r_.records_held_only_by[*holding.begin()];
  }
  for (const auto& f : page.fields) {
    observations_.push_back(f);
    r_.total.add(f);
    r_.by_type[f.kind()].add(f);
    r_.by_form[f.form_id].add(f);
    auto& w = per_field_[{f.form_id, f.name}];
    w.form_id = f.form_id, w.name = f.name, w.type = f.type;
    ++w.fields;
    if (f.actual != f.expected) {
      if (w.errors == 0) w.example_expected = f.expected, w.example_actual = f.actual;
      ++w.errors;
      w.silent += !f.flagged;
    }
  }
}

EvalReport EvalAccumulator::report(double seconds, std::size_t worst) const {
  EvalReport r = r_;
  r.seconds = seconds;
  for (const auto& [key, w] : per_field_)
    if (w.errors > 0) r.worst_fields.push_back(w);
  std::stable_sort(r.worst_fields.begin(), r.worst_fields.end(), [](const WorstField& a, const WorstField& b) {
    return a.errors != b.errors ? a.errors > b.errors : a.silent > b.silent;
  });
  if (r.worst_fields.size() > worst) r.worst_fields.resize(worst);
  return r;
}

std::optional<double> EvalReport::classification_accuracy() const {
  return ratio(classified_correctly, classification_pages);
}

double EvalReport::pages_per_second() const { return seconds > 0 ? static_cast<double>(pages) / seconds : 0; }

nlohmann::json EvalReport::to_json() const {
  nlohmann::json j = rates_json(total);
  j["pages"] = pages;
  j["classification_accuracy"] = rate_json(classification_accuracy());
  j["classified_pages"] = classification_pages;
  j["rejected_pages"] = rejected_pages;
  j["unclassified_pages"] = unclassified_pages;
  j["expected_rejections"] = expected_rejections;
  j["expected_rejections_met"] = expected_rejections_met;
  j["records"] = records;
  j["records_no_human"] = records_no_human;
  j["records_no_human_wrong"] = records_no_human_wrong;
  j["records_held_back"] = nlohmann::json::object();
  for (const auto& [kind, n] : records_held_by) {
    const auto only = records_held_only_by.find(kind);
    j["records_held_back"][kind] = {{"records", n}, {"only_this_kind", only == records_held_only_by.end() ? 0 : only->second}};
  }
  j["seconds"] = std::round(seconds * 1000) / 1000;
  j["pages_per_second"] = std::round(pages_per_second() * 1000) / 1000;
  j["by_type"] = nlohmann::json::object();
  for (const auto& [type, rates] : by_type) j["by_type"][type] = rates_json(rates);
  j["by_form"] = nlohmann::json::object();
  for (const auto& [form, rates] : by_form) j["by_form"][form] = rates_json(rates);
  j["worst_fields"] = nlohmann::json::array();
  for (const auto& w : worst_fields)
    j["worst_fields"].push_back({{"form_id", w.form_id}, {"field", w.name}, {"type", w.type},
                                 {"errors", w.errors}, {"silent", w.silent}, {"fields", w.fields}});
  return j;
}

}  // namespace kamiflow::eval
