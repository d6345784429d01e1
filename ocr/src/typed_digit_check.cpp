// check_digit_string (typed_digit_check.hpp): cut, match by width, read each digit again.
#include "typed_digit_check.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "text_utf8.hpp"

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

// The ink of one character piece as a region of the writing's bounding box (labels' frame), for
// the classifier reading gray(r): a mask the size of the line, not of the whole crop, per digit.
InkRegion piece_region(const Piece& p, const cv::Mat& labels) {
  InkRegion one;
  one.mask = cv::Mat::zeros(labels.size(), CV_8UC1);
  for (int l : p.labels) one.mask.setTo(255, labels == l);
  one.bounds = p.box;
  one.ink_pixels = cv::countNonZero(one.mask);
  one.components = static_cast<int>(p.labels.size());
  one.char_height = p.box.height;
  return one;
}

// Which piece each character of a mixed line (令和5年4月27日) is, by width: a digit is one piece
// about half as wide as the line is tall, a kanji one or more pieces (和 is two) about as wide as
// tall. Dynamic programming over (characters, pieces); empty when no alignment fits well, or when
// a digit's piece is not digit-sized. Returns, per character, its first piece (-1 for non-digits).
std::vector<int> align_by_width(const std::u32string& chars, const std::vector<Piece>& pieces, double height) {
  const int n = static_cast<int>(chars.size()), m = static_cast<int>(pieces.size());
  if (n == 0 || m < n) return {};
  auto is_digit = [](char32_t c) { return c >= U'0' && c <= U'9'; };
  auto expected = [&](char32_t c) { return (c < 0x80 ? 0.55 : 0.95) * height; };
  constexpr double kInf = std::numeric_limits<double>::infinity();
  constexpr int kMaxPieces = 4;  // a kanji in more pieces than this is noise around it
  std::vector<double> dp(static_cast<std::size_t>((n + 1) * (m + 1)), kInf);
  std::vector<int> from(dp.size(), -1);
  auto at = [&](int i, int j) { return static_cast<std::size_t>(i * (m + 1) + j); };
  dp[at(0, 0)] = 0;
  for (int i = 1; i <= n; ++i) {
    const char32_t c = chars[static_cast<std::size_t>(i - 1)];
    const int max_k = c < 0x80 ? 1 : kMaxPieces;
    for (int j = i; j <= m; ++j) {
      for (int k = 1; k <= max_k && j - k >= i - 1; ++k) {
        const double prev = dp[at(i - 1, j - k)];
        if (prev == kInf) continue;
        const Piece& first = pieces[static_cast<std::size_t>(j - k)];
        const Piece& last = pieces[static_cast<std::size_t>(j - 1)];
        double cost = std::abs((last.box.br().x - first.box.x) - expected(c)) / height;
        if (is_digit(c) && first.box.height < 0.55 * height) cost += 1;  // a speck is no digit
        if (prev + cost < dp[at(i, j)]) dp[at(i, j)] = prev + cost, from[at(i, j)] = j - k;
      }
    }
  }
  if (dp[at(n, m)] > 0.2 * n) return {};  // the widths do not explain the ink
  std::vector<int> piece_of(static_cast<std::size_t>(n), -1);
  for (int i = n, j = m; i > 0; --i) {
    const int j0 = from[at(i, j)];
    if (is_digit(chars[static_cast<std::size_t>(i - 1)])) piece_of[static_cast<std::size_t>(i - 1)] = j0;
    j = j0;
  }
  return piece_of;
}

}  // namespace

DigitStringCheck check_digit_string(const cv::Mat& gray, const InkRegion& region, const std::string& text,
                                    const DigitClassifier& classifier) {
  DigitStringCheck out;
  const cv::Rect r = region.bounds & cv::Rect(0, 0, region.mask.cols, region.mask.rows);
  if (r.area() == 0 || gray.size() != region.mask.size()) return out;
  std::u32string chars;
  for (char32_t c : text::detail::decode_utf8(text))
    if (c != U' ' && c != U'\u3000') chars += c;
  if (chars.find_first_of(U"0123456789") == std::u32string::npos) return out;
  if (chars.find_first_of(U"()") != std::u32string::npos) return out;  // they look like a 1 to the cut
  cv::Mat labels, stats, centroids;
  const int n = cv::connectedComponentsWithStats(region.mask(r), labels, stats, centroids, 8, CV_32S);
  const double height = r.height;  // digits and the line's tallest characters share a height
  const std::vector<Piece> pieces = characters(stats, n, 3);
  const std::vector<int> piece_of = align_by_width(chars, pieces, height);
  if (piece_of.empty()) return out;
  out.compared = true;
  out.classifier_reading.clear();
  // Every digit read in one pass over the model (its support vectors are most of a read's cost).
  const cv::Mat line = gray(r);
  std::vector<std::size_t> char_of;
  std::vector<InkRegion> regions;
  for (std::size_t i = 0; i < chars.size(); ++i)
    if (piece_of[i] >= 0) {
      char_of.push_back(i);
      regions.push_back(piece_region(pieces[static_cast<std::size_t>(piece_of[i])], labels));
    }
  const std::vector<cv::Mat> lines(regions.size(), line);
  std::vector<DigitGuess> guesses = classifier.classify_cells(lines, regions);
  auto contradicts = [&](const DigitGuess& g, std::size_t i) {
    return g.accepted && g.digit >= 0 && U'0' + static_cast<char32_t>(g.digit) != chars[i];
  };
  // The pen-width check (two more reads) only where it could change the outcome: a digit that
  // agrees needs no confirming, and most do.
  std::vector<std::size_t> doubted;
  for (std::size_t k = 0; k < guesses.size(); ++k)
    if (contradicts(guesses[k], char_of[k])) doubted.push_back(k);
  if (!doubted.empty()) {
    std::vector<InkRegion> again;
    for (std::size_t k : doubted) again.push_back(regions[k]);
    const std::vector<DigitGuess> checked =
        classifier.classify_cells_checked(std::vector<cv::Mat>(again.size(), line), again);
    for (std::size_t j = 0; j < doubted.size(); ++j) guesses[doubted[j]] = checked[j];
  }
  std::vector<std::string> spelled(chars.size());
  for (std::size_t i = 0; i < chars.size(); ++i) spelled[i] = text::detail::encode_utf8(std::u32string(1, chars[i]));
  for (std::size_t k = 0; k < guesses.size(); ++k) {
    if (!contradicts(guesses[k], char_of[k])) continue;
    ++out.contradictions;
    spelled[char_of[k]] = std::string(1, static_cast<char>('0' + guesses[k].digit));
  }
  for (const std::string& c : spelled) out.classifier_reading += c;
  return out;
}

}  // namespace kamiflow::ocr
