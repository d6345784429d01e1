#include "slot_digits.hpp"

#include <algorithm>
#include <vector>

#include <opencv2/imgproc.hpp>

namespace kamiflow::ocr {
namespace {

// A digit no wider than this share of its height is one digit: two crowded digits touching
// (the 26 read as one sure 4 in handwritten_date_parts_test.cpp) were 1.4 times as wide as
// tall; single handwritten digits on dev seed 41 mostly 0.5-0.75 (a wide 5: 1.2, no clear count).
constexpr double kNarrowDigit = 0.9;

struct Piece {
  int x0 = 0, x1 = 0;  // columns [x0, x1)
  int y0 = 0, y1 = 0;  // rows [y0, y1)
  std::vector<int> labels;
  int area = 0;
};

// How much of the wider of two column ranges the other covers: a piece lying within another's
// columns (a 4's or 5's second stroke). Not the narrower's share: a slanted 1 next to a 2 lies
// half within the 2's columns, and merging them lost the 1.
double column_overlap(const Piece& a, const Piece& b) {
  const int inter = std::min(a.x1, b.x1) - std::max(a.x0, b.x0);
  const int wide = std::max(1, std::max(a.x1 - a.x0, b.x1 - b.x0));
  return static_cast<double>(std::max(0, inter)) / wide;
}

// How much of the shorter of two row ranges the other covers: digits side by side share their
// rows; the pieces of one broken stroke (a faint, slanted 1) lie one above the other.
double row_overlap(const Piece& a, const Piece& b) {
  const int inter = std::min(a.y1, b.y1) - std::max(a.y0, b.y0);
  const int shorter = std::max(1, std::min(a.y1 - a.y0, b.y1 - b.y0));
  return static_cast<double>(std::max(0, inter)) / shorter;
}

InkRegion region_of(const cv::Mat& labels, const std::vector<int>& keep, const cv::Rect& clip) {
  InkRegion r;
  r.mask = cv::Mat::zeros(labels.size(), CV_8UC1);
  for (int y = clip.y; y < clip.y + clip.height; ++y) {
    const int* l = labels.ptr<int>(y);
    uchar* m = r.mask.ptr<uchar>(y);
    for (int x = clip.x; x < clip.x + clip.width; ++x)
      if (l[x] > 0 && std::find(keep.begin(), keep.end(), l[x]) != keep.end()) m[x] = 255;
  }
  r.ink_pixels = cv::countNonZero(r.mask);
  if (r.ink_pixels == 0) return InkRegion{};
  r.bounds = cv::boundingRect(r.mask);
  r.components = static_cast<int>(keep.size());
  r.char_height = r.bounds.height;
  return r;
}

// The column inside [lo, hi) of `mask` with the least ink: where two touching digits meet.
int thinnest_column(const cv::Mat& mask, int lo, int hi) {
  int best = (lo + hi) / 2, best_ink = mask.rows + 1;
  for (int x = lo; x < hi; ++x) {
    const int ink = cv::countNonZero(mask.col(x));
    if (ink < best_ink) best = x, best_ink = ink;
  }
  return best;
}

std::vector<int> all_labels(const std::vector<Piece>& pieces) {
  std::vector<int> labels;
  for (const Piece& p : pieces) labels.insert(labels.end(), p.labels.begin(), p.labels.end());
  return labels;
}

ClassifiedNumber classify_all(const DigitClassifier& classifier, const cv::Mat& gray,
                              const std::vector<InkRegion>& regions) {
  ClassifiedNumber out;
  out.accepted = true;
  out.confidence = 1.0;
  for (const InkRegion& r : regions)
    if (r.bounds.area() == 0) return ClassifiedNumber{};
  // One pass over the model for every digit of the number.
  const std::vector<DigitGuess> guesses =
      classifier.classify_cells_checked(std::vector<cv::Mat>(regions.size(), gray), regions);
  for (const DigitGuess& g : guesses) {
    if (g.digit < 0) return ClassifiedNumber{};
    out.digits += static_cast<char>('0' + g.digit);
    out.confidence = std::min(out.confidence, g.confidence);
    out.accepted = out.accepted && g.accepted;
  }
  return out;
}

}  // namespace

ClassifiedNumber classify_number(const DigitClassifier& classifier, const cv::Mat& gray, const InkRegion& region,
                                 std::size_t max_digits) {
  ClassifiedNumber out;
  if (region.bounds.area() == 0 || max_digits == 0) return out;
  cv::Mat labels, stats, centroids;
  const int n = cv::connectedComponentsWithStats(region.mask, labels, stats, centroids, 8, CV_32S);
  std::vector<Piece> pieces;
  int largest = 0;
  for (int i = 1; i < n; ++i) {
    Piece p;
    p.x0 = stats.at<int>(i, cv::CC_STAT_LEFT);
    p.x1 = p.x0 + stats.at<int>(i, cv::CC_STAT_WIDTH);
    p.y0 = stats.at<int>(i, cv::CC_STAT_TOP);
    p.y1 = p.y0 + stats.at<int>(i, cv::CC_STAT_HEIGHT);
    p.area = stats.at<int>(i, cv::CC_STAT_AREA);
    p.labels = {i};
    largest = std::max(largest, p.area);
    pieces.push_back(std::move(p));
  }
  std::sort(pieces.begin(), pieces.end(), [](const Piece& a, const Piece& b) { return a.x0 < b.x0; });
  // Big pieces first define the digits; an overlapping or small piece joins the digit nearest it.
  std::vector<Piece> digits;
  for (const Piece& p : pieces) {
    if (p.area < 0.15 * largest) continue;
    if (!digits.empty() && (column_overlap(digits.back(), p) >= 0.5 || row_overlap(digits.back(), p) < 0.3)) {
      Piece& d = digits.back();
      d.x0 = std::min(d.x0, p.x0), d.x1 = std::max(d.x1, p.x1), d.area += p.area;
      d.y0 = std::min(d.y0, p.y0), d.y1 = std::max(d.y1, p.y1);
      d.labels.insert(d.labels.end(), p.labels.begin(), p.labels.end());
    } else {
      digits.push_back(p);
    }
  }
  if (digits.empty()) return out;
  for (const Piece& p : pieces) {
    if (p.area >= 0.15 * largest) continue;
    const double centre = (p.x0 + p.x1) / 2.0;
    auto nearest = std::min_element(digits.begin(), digits.end(), [&](const Piece& a, const Piece& b) {
      return std::abs((a.x0 + a.x1) / 2.0 - centre) < std::abs((b.x0 + b.x1) / 2.0 - centre);
    });
    nearest->labels.insert(nearest->labels.end(), p.labels.begin(), p.labels.end());
  }
  const cv::Rect all(0, 0, labels.cols, labels.rows);
  std::vector<InkRegion> regions;
  for (const Piece& d : digits) regions.push_back(region_of(labels, d.labels, all));
  if (regions.size() > max_digits) return out;
  out = classify_all(classifier, gray, regions);
  // Two pieces may be two digits or one digit in two strokes (a 7's bar apart from its stem, a
  // 4 or 5 written in two): read as one as well, and when both readings are sure, nobody can tell.
  // Pieces with a clear gap between them are two digits: a person leaves one between digits.
  const bool close = digits.size() == 2 && digits[1].x0 - digits[0].x1 < 0.1 * region.bounds.height;
  const bool narrow = std::all_of(digits.begin(), digits.end(), [](const Piece& d) {
    return d.x1 - d.x0 <= kNarrowDigit * (d.y1 - d.y0);
  });
  if (close) {
    const ClassifiedNumber joined = classify_all(classifier, gray, {region_of(labels, all_labels(digits), all)});
    if (joined.accepted && !out.accepted) return joined;  // clear_split stays false
    if (joined.accepted && out.accepted) {
      out.accepted = false;
      out.confidence = std::min(out.confidence, 0.69);
    }
    out.clear_split = narrow && out.accepted && !joined.accepted;  // the pieces read as two digits only
    return out;
  }
  out.clear_split = narrow;
  // One piece wide enough for two digits may be two digits written touching ("10" in one
  // stroke, a 1 touching a 2), or one wide or slanted digit. Cut at its thinnest column, the two halves must both
  // be sure digits and the whole must not; any other outcome is not accepted.
  if (digits.size() == 1 && max_digits >= 2 && region.bounds.width > 1.1 * region.bounds.height) {
    const cv::Rect b = region.bounds;
    const int cut = thinnest_column(region.mask, b.x + b.width * 3 / 10, b.x + b.width * 7 / 10);
    std::vector<InkRegion> halves = {
        region_of(labels, digits[0].labels, cv::Rect(b.x, 0, cut - b.x, labels.rows) & all),
        region_of(labels, digits[0].labels, cv::Rect(cut, 0, b.x + b.width - cut, labels.rows) & all)};
    const ClassifiedNumber split = classify_all(classifier, gray, halves);
    if (split.accepted && !out.accepted) return split;
    // Otherwise a piece this wide is not trusted as one digit: a 1 touching its 2 reads as a sure
    // 2 while the cut through the join reads as nothing sure (seen on the development tests).
    out.accepted_as_one = out.accepted;
    out.confidence_as_one = out.confidence;
    out.accepted = false;
    out.confidence = std::min(out.confidence, 0.69);
    out.split_in_doubt = true;
    out.clear_split = false;
  }
  return out;
}

}  // namespace kamiflow::ocr
