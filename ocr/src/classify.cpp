// classify(): align against every template and keep the clear winner. Scores are comparable
// across templates because each measures the same thing (how much of that template's printed
// matter the page shows, corrected for chance), not raw feature counts. A quick alignment of
// every template comes first; only the contenders get the full one (mixed batch of 4 forms: the
// classify stage went from ~340 to ~100 ms per page, the same forms chosen, the same values read).
// A contender's full alignment continues from its quick one: features are not matched twice.
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

namespace {

// When one template's quick score reaches kClearQuick (the right form scores ~1.0, wrong ones ~0),
// a template whose quick score is more than kContenderGap below the best cannot win: it is not
// aligned in full (refinement, fallback levels), which on wrong templates is most of the cost.
// Without such a clear quick winner every template is aligned in full, as hard pages need.
constexpr double kClearQuick = 0.6;
constexpr double kContenderGap = 0.25;

}  // namespace

Classification classify(const cv::Mat& page, const std::vector<std::shared_ptr<const ReferenceModel>>& refs,
                        const std::vector<std::string>& ids, double margin, double min_score) {
  Classification c;
  c.ids = ids;
  PageFeatures features(page);  // the page is downscaled and described once for all templates
  // Quick pass: every template at the working level, without refinement.
  std::vector<Alignment> quick(refs.size());
  double best_quick = 0;
  for (std::size_t i = 0; i < refs.size(); ++i) {
    if (!refs[i]) continue;
    quick[i] = align(features, *refs[i], AlignDepth::kQuick);
    if (quick[i].ok) best_quick = std::max(best_quick, quick[i].score);
  }
  // Full alignment for the contenders; when no template aligned quickly, for all (hard pages
  // need the fallback level).
  int best = -1;
  double best_score = 0, runner_up = 0;
  std::vector<char> full(refs.size(), 0);
  for (std::size_t i = 0; i < refs.size(); ++i) {
    Alignment a;
    if (!refs[i]) {
      a.reason = "no reference model";
    } else if (best_quick >= kClearQuick && (!quick[i].ok || quick[i].score < best_quick - kContenderGap)) {
      a = std::move(quick[i]);
    } else {
      a = quick[i].ok ? complete_alignment(features, *refs[i], quick[i]) : align(features, *refs[i]);
      full[i] = 1;
    }
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
  // Fields are read through the winner's alignment: it must be a full one. (A quick-only template
  // cannot normally win; this keeps that true even if a contender's refinement lowered its score.)
  if (c.best >= 0 && !full[c.best]) c.alignments[c.best] = align(features, *refs[c.best]);
  return c;
}

}  // namespace kamiflow::ocr
