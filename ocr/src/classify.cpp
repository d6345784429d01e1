// classify(): align against every template and keep the clear winner. Scores are comparable
// across templates because each measures the same thing (how much of that template's printed
// matter the page shows, corrected for chance), not raw feature counts.
#include <cstdio>

#include "registration_model.hpp"

namespace kamiflow::ocr {

std::string Classification::explain() const {
  std::string s;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", scores[i]);
    if (!s.empty()) s += ' ';
    s += (i < ids.size() ? ids[i] : "#" + std::to_string(i)) + "=" + buf;
    if (i < alignments.size() && !alignments[i].ok && !alignments[i].reason.empty()) {
      s += " (" + alignments[i].reason + ")";
    }
  }
  return s.empty() ? "no templates" : s;
}

Classification classify(const cv::Mat& page, const std::vector<std::shared_ptr<const ReferenceModel>>& refs,
                        const std::vector<std::string>& ids, double margin, double min_score) {
  Classification c;
  c.ids = ids;
  int best = -1;
  double best_score = 0, runner_up = 0;
  for (std::size_t i = 0; i < refs.size(); ++i) {
    Alignment a = refs[i] ? align(page, *refs[i]) : Alignment{};
    if (!refs[i]) a.reason = "no reference model";
    // A failed alignment competes with 0: its score describes a geometry we do not trust.
    const double s = a.ok ? a.score : 0.0;
    c.scores.push_back(s);
    c.alignments.push_back(std::move(a));
    if (s > best_score) {
      runner_up = best_score;
      best_score = s;
      best = static_cast<int>(i);
    } else if (s > runner_up) {
      runner_up = s;
    }
  }
  if (best >= 0 && best_score >= min_score && best_score - runner_up >= margin) c.best = best;
  return c;
}

}  // namespace kamiflow::ocr
