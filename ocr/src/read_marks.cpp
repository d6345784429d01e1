// Checkbox groups and circled choices: no OCR, only "how much ink was added to the blank form
// here". The blank form's own ink (box borders, printed labels) is cancelled with the reference
// crop, so the statistic is the writer's ink alone, and a threshold on it decides.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "field_readers.hpp"
#include "kamiflow/ocr/record.hpp"

namespace kamiflow::ocr {
namespace {

// Checkbox: fraction of the box's area covered by added ink. A ✓ or ✗ in a 4 mm box covers
// 8-15 %, a filled box 60 %+; paper noise and misregistration residue stay under 1 %.
constexpr double kCheckThreshold = 0.035;
// Circled choice: added ink along the option's outline, in units of "a 0.3 mm pen stroke all the way
// round". A drawn circle scores 0.6-2; stray ink well under 0.2.
constexpr double kCircleThreshold = 0.3;

struct AddedInk {
  cv::Mat mask;  // the writer's ink over the whole crop
};

AddedInk added_ink(const FieldCrop& crop) {
  const cv::Mat gray = gray_without_red_ink(crop.image);
  cv::Mat ink = remove_printed_ink(writing_ink_mask(gray), crop_printed_ink(crop));
  // Isolated specks are not marks.
  cv::morphologyEx(ink, ink, cv::MORPH_OPEN, cv::getStructuringElement(cv::MORPH_RECT, {2, 2}));
  return {ink};
}

// Without a blank form to subtract, stay inside the printed border of the box.
cv::Rect interior(const cv::Rect& r, bool have_reference) {
  if (have_reference) return r;
  const int dx = std::max(2, r.width / 6), dy = std::max(2, r.height / 6);
  return {r.x + dx, r.y + dy, std::max(1, r.width - 2 * dx), std::max(1, r.height - 2 * dy)};
}

cv::Rect grow(const cv::Rect& r, double fraction, const cv::Size& limit) {
  const int dx = static_cast<int>(r.width * fraction), dy = static_cast<int>(r.height * fraction);
  return cv::Rect(r.x - dx, r.y - dy, r.width + 2 * dx, r.height + 2 * dy) & cv::Rect({0, 0}, limit);
}

// 0.5 at the threshold, 1 at half or double it: how far the statistic is from the decision line.
double decision_confidence(double stat, double threshold) {
  const double d = stat >= threshold ? (stat / threshold - 1.0) : (1.0 - stat / threshold) * 2.0;
  return std::clamp(0.5 + 0.5 * d, 0.5, 1.0);
}

std::string join_values(const FieldSpec& spec, const std::vector<int>& chosen) {
  std::string out;
  for (int i : chosen) out += (out.empty() ? "" : ",") + spec.options[i].value;
  return out;
}

void finish_choice(FieldRead& out, const FieldSpec& spec, const std::vector<int>& chosen, bool single) {
  out.raw = join_values(spec, chosen);
  out.blank = chosen.empty();
  if (chosen.empty() && spec.required) out.add_flag(flag::kNoMark);
  if (single && chosen.size() > 1) out.add_flag(flag::kMultipleMarks);
}

}  // namespace

FieldRead read_checkbox_group(const FieldCrop& crop, const FieldSpec& spec) {
  FieldRead out;
  if (spec.options.empty()) {
    out.add_flag(flag::kUnreadable);
    return out;
  }
  const AddedInk ink = added_ink(crop);
  const bool have_ref = crop.has_reference();
  std::vector<int> chosen;
  double confidence = 1.0;
  for (size_t i = 0; i < spec.options.size(); ++i) {
    const cv::Rect box = crop.to_pixels(spec.options[i].box);
    if (box.area() == 0) continue;
    // A tick's tail leaves the box; count a little around it but normalise by the box itself.
    const cv::Rect area = have_ref ? grow(box, 0.25, ink.mask.size()) : interior(box, false);
    const double fill = cv::countNonZero(ink.mask(area)) / static_cast<double>(have_ref ? box.area() : area.area());
    if (fill >= kCheckThreshold) chosen.push_back(static_cast<int>(i));
    confidence = std::min(confidence, decision_confidence(fill, kCheckThreshold));
  }
  finish_choice(out, spec, chosen, !spec.multiple);
  out.confidence = confidence;
  return out;
}

FieldRead read_circled_choice(const FieldCrop& crop, const FieldSpec& spec) {
  FieldRead out;
  if (spec.options.empty()) {
    out.add_flag(flag::kUnreadable);
    return out;
  }
  const AddedInk ink = added_ink(crop);
  const double stroke_px = 0.3 * crop.px_per_mm();
  std::vector<double> ring(spec.options.size(), 0);
  for (size_t i = 0; i < spec.options.size(); ++i) {
    const cv::Rect box = crop.to_pixels(spec.options[i].box);
    if (box.area() == 0) continue;
    // Circles are drawn loosely around the label and overshoot its area; the label itself is on
    // the blank form and cancelled, so what is left in and around the option is the circle.
    const cv::Rect area = grow(box, 0.3, ink.mask.size());
    const double perimeter = 2.0 * (box.width + box.height);
    ring[i] = cv::countNonZero(ink.mask(area)) / (perimeter * stroke_px);
  }
  // Rank options; a neighbour's circle may stray into the grown area, so decide by margin too.
  std::vector<int> order(ring.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  std::sort(order.begin(), order.end(), [&](int a, int b) { return ring[a] > ring[b]; });
  const double best = ring[order[0]];
  const double second = order.size() > 1 ? ring[order[1]] : 0;
  std::vector<int> chosen;
  if (best >= kCircleThreshold) chosen.push_back(order[0]);
  if (best >= kCircleThreshold && second >= kCircleThreshold && second >= 0.6 * best) chosen.push_back(order[1]);
  finish_choice(out, spec, chosen, true);
  double conf = decision_confidence(best, kCircleThreshold);
  if (best >= kCircleThreshold && second > 0) {
    // Clear winner when the runner-up has under a third of the winner's ink.
    conf = std::min(conf, std::clamp(1.0 - (second / best - 0.33) * 1.5, 0.3, 1.0));
    if (second >= 0.45 * best && chosen.size() == 1) out.add_flag(flag::kLowConfidence);
  }
  out.confidence = chosen.size() > 1 ? std::min(conf, 0.4) : conf;
  return out;
}

}  // namespace kamiflow::ocr
