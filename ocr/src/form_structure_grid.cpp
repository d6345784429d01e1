// The ruled structure of a blank form: ink, skew, the long straight lines, and the cells they close.
// Lines are told from text by length alone (a morphological opening with a long thin kernel): the
// longest stroke of 3.5-8 mm print is shorter than the kernels, the shortest rule of a form (the
// side of a character box) is longer.
#include <algorithm>
#include <cmath>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "form_structure_internal.hpp"

namespace kamiflow::ocr::structure {
namespace {

int mm_px(double mm, double dpi) { return std::max(1, static_cast<int>(std::lround(mm * dpi / 25.4))); }

// Sum of squared row sums: sharp when text lines and rules are horizontal.
double profile_sharpness(const cv::Mat& small_ink, double angle) {
  const cv::Point2f centre(small_ink.cols / 2.0f, small_ink.rows / 2.0f);
  cv::Mat rotated;
  cv::warpAffine(small_ink, rotated, cv::getRotationMatrix2D(centre, angle, 1.0), small_ink.size(), cv::INTER_NEAREST,
                 cv::BORDER_CONSTANT, cv::Scalar(0));
  cv::Mat rows;
  cv::reduce(rotated, rows, 1, cv::REDUCE_SUM, CV_64F);
  return rows.dot(rows);
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
  return v[v.size() / 2];
}

}  // namespace

cv::Mat ink_mask(const cv::Mat& grey, double dpi) {
  cv::Mat smooth = grey, ink;
  if (dpi >= 250) cv::medianBlur(grey, smooth, 3);  // kills sensor noise; at 150-200 dpi it would eat thin lines
  cv::threshold(smooth, ink, 0, 255, cv::THRESH_BINARY_INV | cv::THRESH_OTSU);
  return ink;
}

double deskew_angle(const cv::Mat& ink, double dpi) {
  const double f = std::min(1.0, 100.0 / dpi);
  cv::Mat small;
  cv::resize(ink, small, cv::Size(), f, f, cv::INTER_AREA);
  small.convertTo(small, CV_32F, 1.0 / 255);
  double best = 0, best_score = -1;
  for (double a = -5; a <= 5.001; a += 0.25) {
    const double s = profile_sharpness(small, a);
    if (s > best_score) best_score = s, best = a;
  }
  const double coarse = best;
  for (double a = coarse - 0.3; a <= coarse + 0.301; a += 0.02) {
    const double s = profile_sharpness(small, a);
    if (s > best_score) best_score = s, best = a;
  }
  return std::abs(best) < 0.015 ? 0.0 : best;
}

cv::Mat rotate_page(const cv::Mat& grey, double angle_degrees) {
  if (angle_degrees == 0) return grey.clone();
  const cv::Point2f centre(grey.cols / 2.0f, grey.rows / 2.0f);
  cv::Mat out;
  cv::warpAffine(grey, out, cv::getRotationMatrix2D(centre, angle_degrees, 1.0), grey.size(), cv::INTER_LINEAR,
                 cv::BORDER_CONSTANT, cv::Scalar::all(255));
  return out;
}

Rules find_rules(const cv::Mat& ink, double dpi) {
  cv::Mat h, v;
  cv::morphologyEx(ink, h, cv::MORPH_OPEN, cv::getStructuringElement(cv::MORPH_RECT, {mm_px(10, dpi), 1}));
  cv::morphologyEx(ink, v, cv::MORPH_OPEN, cv::getStructuringElement(cv::MORPH_RECT, {1, mm_px(6, dpi)}));
  // Bridge the gaps that noise or a light threshold leaves in a rule, so cells do not leak.
  cv::morphologyEx(h, h, cv::MORPH_CLOSE, cv::getStructuringElement(cv::MORPH_RECT, {mm_px(1, dpi), 1}));
  cv::morphologyEx(v, v, cv::MORPH_CLOSE, cv::getStructuringElement(cv::MORPH_RECT, {1, mm_px(1, dpi)}));
  Rules r;
  cv::bitwise_or(h, v, r.lines);
  // Thickness: vertical run lengths of the horizontal rules, sampled every few millimetres.
  std::vector<double> runs;
  for (int x = 0; x < h.cols; x += mm_px(3, dpi)) {
    int run = 0;
    for (int y = 0; y < h.rows; ++y) {
      if (h.at<uchar>(y, x)) {
        ++run;
      } else if (run > 0) {
        runs.push_back(run);
        run = 0;
      }
    }
  }
  r.line_px = std::max(1.0, median(runs));
  return r;
}

std::vector<Cell> find_cells(const Rules& rules, const cv::Mat& grey, double dpi, double min_mm) {
  cv::Mat open;
  cv::bitwise_not(rules.lines, open);
  cv::Mat labels, stats, centroids;
  const int n = cv::connectedComponentsWithStats(open, labels, stats, centroids, 4, CV_32S);
  const int min_px = mm_px(min_mm, dpi);
  struct Candidate {
    Cell cell;
    int area;
  };
  std::vector<Candidate> found;
  for (int i = 1; i < n; ++i) {
    const cv::Rect r(stats.at<int>(i, cv::CC_STAT_LEFT), stats.at<int>(i, cv::CC_STAT_TOP),
                     stats.at<int>(i, cv::CC_STAT_WIDTH), stats.at<int>(i, cv::CC_STAT_HEIGHT));
    if (r.x == 0 || r.y == 0 || r.x + r.width >= open.cols || r.y + r.height >= open.rows) continue;  // the page
    if (r.width < min_px || r.height < min_px) continue;
    Candidate c;
    c.cell.inner = r;
    const double half = rules.line_px / 2.0;
    c.cell.outer = cv::Rect2d(r.x - half, r.y - half, r.width + 2 * half, r.height + 2 * half);
    c.area = stats.at<int>(i, cv::CC_STAT_AREA);
    // The paper's tint: the brightest half of the cell's pixels (its printed text is dark).
    cv::Mat roi = grey(r).clone().reshape(1, 1);
    cv::sort(roi, roi, cv::SORT_EVERY_ROW | cv::SORT_DESCENDING);
    c.cell.shade = roi.at<uchar>(0, roi.cols / 4);
    found.push_back(c);
  }
  // Parents: the smallest candidate whose inside holds the other's whole outline.
  std::vector<Cell> cells;
  for (const auto& c : found) cells.push_back(c.cell);
  for (size_t i = 0; i < cells.size(); ++i) {
    long best_area = -1;
    for (size_t j = 0; j < cells.size(); ++j) {
      if (i == j) continue;
      const cv::Rect& o = cells[j].inner;
      if ((cells[i].inner & o) != cells[i].inner || cells[i].inner == o) continue;
      const long a = static_cast<long>(o.width) * o.height;
      if (best_area < 0 || a < best_area) best_area = a, cells[i].parent = static_cast<int>(j);
    }
    if (cells[i].parent >= 0) cells[cells[i].parent].children.push_back(static_cast<int>(i));
  }
  // A region whose white area (with its children's boxes) does not fill its bounding box is no
  // cell: an L-shaped gap between tables, or the space around a table inside a page frame.
  std::vector<bool> keep(cells.size(), true);
  for (size_t i = 0; i < cells.size(); ++i) {
    double filled = found[i].area;
    for (int k : cells[i].children) {
      if (cells[k].parent != static_cast<int>(i)) continue;
      filled += cells[k].outer.area() + rules.line_px * (cells[k].outer.width + cells[k].outer.height);
    }
    if (filled < 0.8 * cells[i].inner.area()) keep[i] = false;
  }
  std::vector<int> new_index(cells.size(), -1);
  std::vector<Cell> kept;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (!keep[i]) continue;
    new_index[i] = static_cast<int>(kept.size());
    kept.push_back(cells[i]);
  }
  for (auto& c : kept) {
    // A dropped parent hands its children to its own parent (kept or not: none).
    int p = c.parent;
    while (p >= 0 && !keep[p]) p = cells[p].parent;
    c.parent = p >= 0 ? new_index[p] : -1;
    c.children.clear();
  }
  for (size_t i = 0; i < kept.size(); ++i) {
    if (kept[i].parent >= 0) kept[kept[i].parent].children.push_back(static_cast<int>(i));
  }
  // Reading order: rows (tops within 2 mm), then left to right.
  const double row_px = mm_px(2, dpi);
  std::vector<int> order(kept.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    const auto& ra = kept[a].inner;
    const auto& rb = kept[b].inner;
    if (std::abs(ra.y - rb.y) > row_px) return ra.y < rb.y;
    return ra.x < rb.x;
  });
  std::vector<int> pos(kept.size());
  for (size_t i = 0; i < order.size(); ++i) pos[order[i]] = static_cast<int>(i);
  std::vector<Cell> sorted(kept.size());
  for (size_t i = 0; i < kept.size(); ++i) {
    Cell c = kept[i];
    if (c.parent >= 0) c.parent = pos[c.parent];
    for (int& k : c.children) k = pos[k];
    sorted[pos[i]] = c;
  }
  return sorted;
}

}  // namespace kamiflow::ocr::structure
