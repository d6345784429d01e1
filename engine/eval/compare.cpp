// Ground truth vs extraction outcome, field by field (see kamiflow/engine/eval.hpp for the rules).
#include <algorithm>

#include <nlohmann/json.hpp>

#include "engine/eval/eval.hpp"

namespace kamiflow::eval {
namespace {

std::vector<char32_t> code_points(const std::string& s) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 1;
    if (i + n > s.size()) n = 1;  // a broken tail counts one unit per byte
    char32_t cp = n == 1 ? c : c & (0x7f >> n);
    for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3f);
    out.push_back(cp);
    i += n;
  }
  return out;
}

}  // namespace

std::size_t edit_distance(const std::string& a, const std::string& b) {
  auto x = code_points(a), y = code_points(b);
  std::vector<std::size_t> prev(y.size() + 1), cur(y.size() + 1);
  for (std::size_t j = 0; j <= y.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= x.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= y.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[y.size()];
}

bool is_mark_type(const std::string& type) { return type == "checkbox_group" || type == "circled_choice"; }

PageObservation compare_page(const nlohmann::json& truth, const Result<ocr::Record>& outcome,
                             const std::vector<std::string>& known_forms) {
  PageObservation page;
  std::string expect = truth.value("expect", "record");
  std::string form_id = truth.value("form_id", "");
  bool known = std::find(known_forms.begin(), known_forms.end(), form_id) != known_forms.end();
  if (expect == "rejected") page.expected = "rejected";
  else if (expect == "unclassified" || !known) page.expected = "unclassified";
  else page.expected = form_id;

  if (outcome.ok()) page.outcome = outcome->form_id;
  else page.outcome = outcome.status().code() == StatusCode::kUnclassified ? "unclassified" : "rejected";

  if (page.expected == "rejected" || page.expected == "unclassified") return page;
  bool went_to_human = page.outcome == "rejected" || page.outcome == "unclassified";
  const auto fields = truth.find("fields");
  if (fields == truth.end() || !fields->is_object()) return page;
  for (const auto& [name, f] : fields->items()) {
    FieldObservation o;
    o.form_id = form_id;
    o.name = name;
    o.type = f.value("type", "");
    o.expected = f.value("value", "");
    o.writing = f.value("writing", "");
    if (page.outcome == page.expected) {
      const ocr::FieldResult* r = outcome->find(name);
      if (r) {
        o.actual = r->value, o.flagged = r->needs_review(), o.confidence = r->confidence;
        o.flagged_other = std::any_of(r->flags.begin(), r->flags.end(),
                                      [](const std::string& f) { return f != ocr::flag::kLowConfidence; });
      }
    } else {
      o.flagged = o.flagged_other = went_to_human;  // a wrong form's record warns of nothing
    }
    page.fields.push_back(std::move(o));
  }
  return page;
}

}  // namespace kamiflow::eval
