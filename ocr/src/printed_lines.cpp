// Straight printed lines measured on the page (printed_lines.hpp).
#include "printed_lines.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <opencv2/imgproc.hpp>

namespace kamiflow::ocr {
namespace {

constexpr double kWindowMm = 16;  // along the line, for each column's estimate
constexpr double kStraightPx = 2;  // how far a rule's band may bend (scan perspective, ragged edges)
constexpr double kInkSlack = 2;  // px of ink a column of the bare line may differ from the usual

struct Column {
  int x = 0, top = 0, bottom = 0;  // the band's rows in this column
  int ink = 0;                     // page ink in them
  int first = 0, last = 0;         // the first and last row holding it
};

// Whether the band's middle, column by column, lies on one straight line (to `slack` px): a rule
// does, however skewed; the side of a printed ○ that the opening also found is an arc.
bool straight(const std::vector<cv::Point2d>& middles, double slack) {
  double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (const auto& p : middles) n += 1, sx += p.x, sy += p.y, sxx += p.x * p.x, sxy += p.x * p.y;
  if (n < 2) return false;
  const double d = n * sxx - sx * sx;
  const double b = std::abs(d) < 1e-9 ? 0 : (n * sxy - sx * sy) / d, a = (sy - b * sx) / n;
  return std::all_of(middles.begin(), middles.end(), [&](const cv::Point2d& p) { return std::abs(p.y - a - b * p.x) <= slack; });
}

// The columns of a sliding window, counted: how many hold each amount of ink (0..rows), and for
// each amount, how many start (end) their ink at each row of the band. The medians are those a
// sorted copy of the window's values would give (the upper one of an even count).
struct WindowCounts {
  explicit WindowCounts(int rows)
      : rows(rows), ink(static_cast<std::size_t>(rows) + 1, 0),
        first(static_cast<std::size_t>(rows + 1) * rows, 0), last(first) {}
  int rows;
  int n = 0;
  std::vector<int> ink;          // [amount]
  std::vector<int> first, last;  // [amount * rows + row]
  void change(const Column& c, int top, int d) {
    n += d;
    ink[static_cast<std::size_t>(c.ink)] += d;
    first[static_cast<std::size_t>(c.ink * rows + c.first - top)] += d;
    last[static_cast<std::size_t>(c.ink * rows + c.last - top)] += d;
  }
  void add(const Column& c, int top) { change(c, top, +1); }
  void remove(const Column& c, int top) { change(c, top, -1); }
  int median_ink() const {
    int seen = 0;
    for (int a = 0; a <= rows; ++a)
      if ((seen += ink[static_cast<std::size_t>(a)]) > n / 2) return a;
    return rows;
  }
  int columns_with_ink(int lo, int hi) const {
    int k = 0;
    for (int a = lo; a <= hi; ++a) k += ink[static_cast<std::size_t>(a)];
    return k;
  }
  // Median row (band-relative) of `rows_of` over the columns holding lo..hi ink.
  int median_row(const std::vector<int>& rows_of, int lo, int hi) const {
    const int count = columns_with_ink(lo, hi);
    int seen = 0;
    for (int y = 0; y < rows; ++y) {
      for (int a = lo; a <= hi; ++a) seen += rows_of[static_cast<std::size_t>(a * rows + y)];
      if (seen > count / 2) return y;
    }
    return rows - 1;
  }
};

// Horizontal lines of `printed` (vertical ones are the same on transposed masks): their dilated
// bands go into `bands`, the page's own line in each into `lines`.
void narrow_horizontal(const cv::Mat& printed, const cv::Mat& page_ink, double pxmm, int min_len, cv::Mat& bands,
                       cv::Mat& lines) {
  if (min_len > printed.cols) return;
  cv::Mat h, labels, stats, centroids;
  cv::morphologyEx(printed, h, cv::MORPH_OPEN, cv::getStructuringElement(cv::MORPH_RECT, {min_len, 1}));
  const int n = cv::connectedComponentsWithStats(h, labels, stats, centroids, 8, CV_32S);
  for (int i = 1; i < n; ++i) {
    const cv::Rect r(stats.at<int>(i, cv::CC_STAT_LEFT), stats.at<int>(i, cv::CC_STAT_TOP),
                     stats.at<int>(i, cv::CC_STAT_WIDTH), stats.at<int>(i, cv::CC_STAT_HEIGHT));
    if (r.height > 3 * pxmm) continue;  // a filled area, not a line
    std::vector<Column> cols;
    std::vector<cv::Point2d> middles;
    for (int x = r.x; x < r.x + r.width; ++x) {
      Column c;
      c.x = x, c.top = -1;
      for (int y = r.y; y < r.y + r.height; ++y) {
        if (labels.at<int>(y, x) != i) continue;
        if (c.top < 0) c.top = y;
        c.bottom = y;
        if (!page_ink.at<uchar>(y, x)) continue;
        if (c.ink++ == 0) c.first = y;
        c.last = y;
      }
      if (c.top >= 0) middles.emplace_back(x, (c.top + c.bottom) / 2.0);
      if (c.top < 0 || c.ink == 0) continue;
      cols.push_back(c);
    }
    // A short band must be straight (the side of a printed ○ is an arc); a long one is a rule
    // whatever its middle does (where a box's border and a table rule merge, the band widens).
    if (static_cast<int>(cols.size()) < min_len / 2) continue;
    if (r.width < 3 * min_len && !straight(middles, kStraightPx)) continue;
    for (int y = r.y; y < r.y + r.height; ++y)
      for (int x = r.x; x < r.x + r.width; ++x)
        if (labels.at<int>(y, x) == i) bands.at<uchar>(y, x) = 255;
    // Each column's line from the columns around it (a window longer than a digit's stroke, short
    // enough that a line bent by the scan's perspective is straight in it): their usual amount of
    // ink is the line's, and the rows the columns holding that much start and end at are where it
    // lies (two rules close together, a cell border above a table line, are one band: both stay).
    // Writing along or across the line adds ink to a column, so those columns do not place it.
    // Too few such columns (writing over most of the window): the band stays as it was.
    const int reach = static_cast<int>(std::lround(kWindowMm / 2 * pxmm));
    // The window slides column by column: histograms of its columns' ink, and of where that ink
    // starts and ends per amount of ink, give the medians without sorting the window each time
    // (this ran per column over ~190 columns and was a tenth of a digit box's clean-up).
    const int rows = r.height;
    WindowCounts win(rows);
    std::size_t from = 0, to = 0;
    for (const Column& c : cols) {
      while (cols[from].x < c.x - reach) win.remove(cols[from++], r.y);
      while (to < cols.size() && cols[to].x <= c.x + reach) win.add(cols[to++], r.y);
      const int usual = win.median_ink();
      int y0 = c.top, y1 = c.bottom;
      const int lo = std::max(0, usual - static_cast<int>(kInkSlack)), hi = std::min(rows, usual + static_cast<int>(kInkSlack));
      if (win.columns_with_ink(lo, hi) >= std::max(4, reach / 2)) {
        // One pixel more each side, for blur and the threshold's ragged edge.
        y0 = std::max(c.top, r.y + win.median_row(win.first, lo, hi) - 1);
        y1 = std::min(c.bottom, r.y + win.median_row(win.last, lo, hi) + 1);
      }
      for (int y = y0; y <= y1; ++y) lines.at<uchar>(y, c.x) = 255;
    }
  }
}

}  // namespace

cv::Mat narrow_printed_lines(const cv::Mat& printed, const cv::Mat& page_ink, double px_per_mm) {
  if (printed.empty() || printed.size() != page_ink.size()) return printed;
  cv::Mat bands(printed.size(), CV_8UC1, cv::Scalar(0)), lines = bands.clone();
  narrow_horizontal(printed, page_ink, px_per_mm, std::max(8, static_cast<int>(std::lround(4 * px_per_mm))), bands, lines);
  cv::Mat printed_t, ink_t, bands_t, lines_t;
  cv::transpose(printed, printed_t);
  cv::transpose(page_ink, ink_t);
  bands_t = cv::Mat::zeros(printed_t.size(), CV_8UC1);
  lines_t = bands_t.clone();
  // Cell borders are as short as a box is tall (~8 mm).
  narrow_horizontal(printed_t, ink_t, px_per_mm, std::max(8, static_cast<int>(std::lround(3 * px_per_mm))), bands_t,
                    lines_t);
  cv::Mat back;
  cv::transpose(bands_t, back);
  bands |= back;
  cv::transpose(lines_t, back);
  lines |= back;
  return (printed & ~bands) | lines;
}

}  // namespace kamiflow::ocr
