// What is printed inside a cell of a blank form: words (for labels and choices), the ・ between
// choices, and check-box squares. Everything is a connected component of ink that is not a ruled
// line; its size and shape decide what it is.
#include <algorithm>
#include <cmath>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "form_structure_internal.hpp"

namespace kamiflow::ocr::structure {
namespace {

double px_mm(double px, double dpi) { return px * 25.4 / dpi; }

bool is_square(const cv::Mat& ink, const cv::Rect& r, int area, double dpi) {
  const double w = px_mm(r.width, dpi), h = px_mm(r.height, dpi);
  if (w < 2.5 || h < 2.5 || w > 7 || h > 7) return false;
  if (std::abs(w - h) > 0.2 * std::max(w, h)) return false;
  if (area > 0.7 * r.area()) return false;  // a filled blob (■, a registration mark) is no box
  // Hollow: the middle 60 % holds (almost) no ink.
  const cv::Rect mid(r.x + r.width / 5, r.y + r.height / 5, r.width * 3 / 5, r.height * 3 / 5);
  return cv::countNonZero(ink(mid)) < 0.05 * mid.area();
}

// Groups boxes into text lines (vertical overlap), then words (horizontal gaps under `gap_px`).
std::vector<cv::Rect> group(std::vector<cv::Rect> parts, double gap_px, bool whole_lines) {
  std::sort(parts.begin(), parts.end(), [](const cv::Rect& a, const cv::Rect& b) { return a.y + a.height / 2 < b.y + b.height / 2; });
  std::vector<std::vector<cv::Rect>> lines;
  std::vector<cv::Rect> spans;
  for (const auto& p : parts) {
    bool placed = false;
    for (size_t i = 0; i < lines.size() && !placed; ++i) {
      const int top = std::max(spans[i].y, p.y), bottom = std::min(spans[i].y + spans[i].height, p.y + p.height);
      if (bottom - top > 0.3 * std::min(spans[i].height, p.height)) {
        lines[i].push_back(p);
        spans[i] |= p;
        placed = true;
      }
    }
    if (!placed) {
      lines.push_back({p});
      spans.push_back(p);
    }
  }
  std::vector<size_t> order(lines.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return spans[a].y < spans[b].y; });
  std::vector<cv::Rect> words;
  for (size_t li : order) {
    auto& line = lines[li];
    std::sort(line.begin(), line.end(), [](const cv::Rect& a, const cv::Rect& b) { return a.x < b.x; });
    cv::Rect word = line.front();
    for (size_t i = 1; i < line.size(); ++i) {
      if (whole_lines || line[i].x - (word.x + word.width) < gap_px) {
        word |= line[i];
      } else {
        words.push_back(word);
        word = line[i];
      }
    }
    words.push_back(word);
  }
  return words;
}

struct Component {
  cv::Rect r;
  int area;
};

std::vector<Component> components(const cv::Mat& ink) {
  cv::Mat labels, stats, centroids;
  const int n = cv::connectedComponentsWithStats(ink, labels, stats, centroids, 8, CV_32S);
  std::vector<Component> out;
  for (int i = 1; i < n; ++i) {
    out.push_back({cv::Rect(stats.at<int>(i, cv::CC_STAT_LEFT), stats.at<int>(i, cv::CC_STAT_TOP),
                            stats.at<int>(i, cv::CC_STAT_WIDTH), stats.at<int>(i, cv::CC_STAT_HEIGHT)),
                   stats.at<int>(i, cv::CC_STAT_AREA)});
  }
  return out;
}

cv::Mat ink_without_lines(const cv::Mat& ink, const Rules& rules) {
  cv::Mat lines;
  const int k = std::max(3, static_cast<int>(std::lround(rules.line_px / 2)) * 2 + 1);
  cv::dilate(rules.lines, lines, cv::getStructuringElement(cv::MORPH_RECT, {k, k}));
  cv::Mat out = ink.clone();
  out.setTo(0, lines);
  return out;
}

}  // namespace

Marks find_marks(const cv::Mat& ink, const Rules& rules, const cv::Rect& region, double dpi,
                 const std::vector<cv::Rect>& exclude) {
  const cv::Rect page(0, 0, ink.cols, ink.rows);
  const cv::Rect roi = region & page;
  Marks out;
  if (roi.area() == 0) return out;
  cv::Mat local = ink_without_lines(ink(roi), Rules{rules.lines(roi), rules.line_px});
  const int pad = static_cast<int>(std::ceil(rules.line_px)) + 1;
  for (const auto& e : exclude) {
    cv::Rect grown(e.x - pad, e.y - pad, e.width + 2 * pad, e.height + 2 * pad);
    local((grown & roi) - roi.tl()).setTo(0);
  }
  std::vector<cv::Rect> parts;
  for (const auto& c : components(local)) {
    const cv::Rect r = c.r + roi.tl();
    const double w = px_mm(r.width, dpi), h = px_mm(r.height, dpi);
    if (w < 0.3 && h < 0.3) continue;  // dust
    if (is_square(local, c.r, c.area, dpi)) {
      out.squares.push_back(r);
      continue;
    }
    parts.push_back(r);
  }
  for (const auto& w : group(parts, 1.5 * dpi / 25.4, false)) {
    const bool small = px_mm(w.width, dpi) < 1.4 && px_mm(w.height, dpi) < 1.4;
    (small ? out.dots : out.words).push_back(w);
  }
  std::sort(out.squares.begin(), out.squares.end(), [&](const cv::Rect& a, const cv::Rect& b) {
    if (std::abs(a.y - b.y) > dpi / 25.4 * 2) return a.y < b.y;
    return a.x < b.x;
  });
  return out;
}

std::vector<cv::Rect> text_lines_outside(const cv::Mat& ink, const Rules& rules, const std::vector<Cell>& cells,
                                         double dpi) {
  cv::Mat free = ink_without_lines(ink, rules);
  for (const auto& c : cells) {
    if (c.parent >= 0) continue;
    cv::Rect r = cv::Rect(c.outer) & cv::Rect(0, 0, ink.cols, ink.rows);
    free(r).setTo(0);
  }
  std::vector<cv::Rect> parts;
  for (const auto& c : components(free)) {
    const double w = px_mm(c.r.width, dpi), h = px_mm(c.r.height, dpi);
    if (w < 0.3 && h < 0.3) continue;
    if (h > 12 || (w > 3 && h > 3 && c.area > 0.8 * c.r.area())) continue;  // registration marks, logos
    parts.push_back(c.r);
  }
  std::vector<cv::Rect> lines;
  for (const auto& l : group(parts, 4 * dpi / 25.4, false)) {
    if (px_mm(l.height, dpi) >= 1.5) lines.push_back(l);
  }
  return lines;
}

}  // namespace kamiflow::ocr::structure
