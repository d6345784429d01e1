#include "typed_digit_check.hpp"

#include <algorithm>
#include <vector>

#include <opencv2/imgproc.hpp>

namespace kamiflow::ocr {
namespace {

struct Piece {
  cv::Rect box;
  std::vector<int> labels;
};

// Components left to right, a component joined to the character before it when their columns
// overlap by half the narrower one (a stroke broken by thresholding, a 5's bar).
std::vector<Piece> characters(const cv::Mat& stats, int count, int min_pixels) {
  std::vector<Piece> pieces;
  for (int i = 1; i < count; ++i) {
    if (stats.at<int>(i, cv::CC_STAT_AREA) < min_pixels) continue;
    pieces.push_back({cv::Rect(stats.at<int>(i, cv::CC_STAT_LEFT), stats.at<int>(i, cv::CC_STAT_TOP),
                               stats.at<int>(i, cv::CC_STAT_WIDTH), stats.at<int>(i, cv::CC_STAT_HEIGHT)),
                      {i}});
  }
  std::sort(pieces.begin(), pieces.end(), [](const Piece& a, const Piece& b) { return a.box.x < b.box.x; });
  std::vector<Piece> out;
  for (Piece& p : pieces) {
    if (!out.empty()) {
      Piece& last = out.back();
      const int overlap = std::min(last.box.br().x, p.box.br().x) - std::max(last.box.x, p.box.x);
      if (overlap * 2 >= std::min(last.box.width, p.box.width)) {
        last.box |= p.box;
        last.labels.insert(last.labels.end(), p.labels.begin(), p.labels.end());
        continue;
      }
    }
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace

DigitStringCheck check_digit_string(const cv::Mat& gray, const InkRegion& region, const std::string& text,
                                    const DigitClassifier& classifier) {
  DigitStringCheck out;
  std::string digits;
  for (char c : text) {
    if (c >= '0' && c <= '9') digits += c;
    else if (c != '-') return out;  // parentheses look like a 1 to the cut below
  }
  const cv::Rect r = region.bounds & cv::Rect(0, 0, region.mask.cols, region.mask.rows);
  if (digits.empty() || r.area() == 0 || gray.size() != region.mask.size()) return out;
  cv::Mat labels, stats, centroids;
  const int n = cv::connectedComponentsWithStats(region.mask(r), labels, stats, centroids, 8, CV_32S);
  const double height = r.height;  // digits and the line's tallest characters share a height
  const std::vector<Piece> chars = characters(stats, n, 3);
  std::vector<const Piece*> digit_pieces;
  for (const Piece& p : chars) {
    if (p.box.height < 0.45 * height && p.box.width >= p.box.height) continue;  // a hyphen
    if (p.box.height < 0.6 * height) return out;                              // a speck or a stray mark
    digit_pieces.push_back(&p);
  }
  if (digit_pieces.size() != digits.size()) return out;
  out.compared = true;
  out.classifier_reading = text;
  std::size_t next = 0;  // position in text of the next digit
  for (std::size_t i = 0; i < digit_pieces.size(); ++i) {
    const Piece& p = *digit_pieces[i];
    InkRegion one;
    one.mask = cv::Mat::zeros(region.mask.size(), CV_8UC1);
    cv::Mat sub = one.mask(r);
    for (int l : p.labels) sub.setTo(255, labels == l);
    one.bounds = p.box + r.tl();
    one.ink_pixels = cv::countNonZero(sub);
    one.components = static_cast<int>(p.labels.size());
    one.char_height = p.box.height;
    const DigitGuess g = classifier.classify_cell_checked(gray, one);
    while (next < text.size() && !(text[next] >= '0' && text[next] <= '9')) ++next;
    if (g.accepted && g.digit >= 0 && '0' + g.digit != digits[i]) {
      ++out.contradictions;
      out.classifier_reading[next] = static_cast<char>('0' + g.digit);
    }
    ++next;
  }
  return out;
}

}  // namespace kamiflow::ocr
