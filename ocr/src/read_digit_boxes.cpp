// Digit boxes (郵便番号, 個人番号): one digit per printed cell. The jpn model never reads a
// 12-box My Number (DESIGN.md §4), so cells are cut apart and read with eng + a digit whitelist.
// Measured on degraded 12-cell crops: Tesseract's LSTM reads a lone digit badly (PSM 10: 7/24
// numbers right; a lone "9" often reads as nothing), but the same digits cut out of their boxes
// and laid side by side on one clean line, 40 px tall and a quarter digit apart, read 24/24 in one
// call. So: one line read, as a raw line (PSM 13: the line is ours, layout analysis is wasted;
// on the development seeds 100% of digit-box fields right against 95% with PSM 7); when it is
// doubtful or has the wrong length, a second, independently rendered line (binary, wider spacing,
// PSM 7) must agree with it.
//
// Handwriting (docs/handwriting.md): Tesseract's printed models read handwritten boxes badly (20 %
// of 7-digit fields, a lone "1" as nothing), so handwritten cells are read by the digit classifier
// instead. spec.writing forces one reader; "auto" decides per field: the ink's geometry first
// (handwriting_style.hpp), and when that cannot tell, both readers, trusting their agreement and
// flagging a confident disagreement rather than picking a side.
#include <algorithm>
#include <cmath>
#include <optional>

#include <opencv2/imgproc.hpp>

#include "check_digit_reads.hpp"
#include "digit_classifier.hpp"
#include "field_postprocess.hpp"
#include "field_readers.hpp"
#include "handwriting_style.hpp"
#include "kamiflow/ocr/record.hpp"
#include "text_shape.hpp"

namespace kamiflow::ocr {
namespace {

constexpr double kBlankCellInkMm2 = 0.5;
constexpr double kDoubtful = 0.90;
constexpr double kDigitPx = 40;  // rendered digit height
const char* const kDigitWhitelist = "0123456789";

struct Cell {
  int index = 0;
  cv::Rect rect;     // the cell in crop pixels
  InkRegion region;  // in the cell's own coordinates
};

struct DigitRead {
  std::string text;
  double confidence = 0;
};

double symbol_score(double mean, double weakest) { return std::clamp(0.4 * mean / 100 + 0.6 * weakest / 100, 0.0, 1.0); }

// The digits at a common height, `gap` digit-heights apart, on one white line with `pad_y`
// digit-heights of white above and below.
cv::Mat join_cells(const cv::Mat& gray, const std::vector<Cell>& cells, bool binary, double gap, double pad_y) {
  std::vector<cv::Mat> digits;
  int width = 0, height = 0;
  const int spacing = static_cast<int>(kDigitPx * gap), pad = static_cast<int>(kDigitPx * 0.5);
  const int pad_v = static_cast<int>(kDigitPx * pad_y);
  for (const auto& c : cells) {
    digits.push_back(render_for_ocr(gray(c.rect), c.region, binary, kDigitPx, 0));
    width += digits.back().cols + spacing;
    height = std::max(height, digits.back().rows);
  }
  cv::Mat line(height + 2 * pad_v, width + 2 * pad - spacing, CV_8UC1, cv::Scalar(255));
  int x = pad;
  for (const auto& d : digits) {
    d.copyTo(line(cv::Rect(x, pad_v + (height - d.rows) / 2, d.cols, d.rows)));
    x += d.cols + spacing;
  }
  return line;
}

Result<DigitRead> read_line(const cv::Mat& line, LineMode mode, TesseractEngine& engine) {
  OcrRequest req;
  req.mode = mode;
  req.whitelist = kDigitWhitelist;
  req.retry_without_whitelist = false;  // a non-digit in a digit box is "unreadable", not an answer
  KF_ASSIGN_OR_RETURN(OcrRead r, engine.read(line, req));
  DigitRead d;
  d.text = without_spaces(r.text);
  d.confidence = symbol_score(r.mean_confidence, r.min_symbol_confidence());
  return d;
}

// The measured baseline: one PSM 10 call per cell. Slower and less accurate; kept for `bench`.
Result<DigitRead> read_each(const cv::Mat& gray, const std::vector<Cell>& cells, TesseractEngine& engine) {
  DigitRead d;
  d.confidence = 1.0;
  OcrRequest req;
  req.mode = LineMode::kSingleChar;
  req.whitelist = kDigitWhitelist;
  req.retry_without_whitelist = false;
  for (const auto& c : cells) {
    KF_ASSIGN_OR_RETURN(OcrRead r, engine.read(render_for_ocr(gray(c.rect), c.region, false, kDigitPx), req));
    std::string digit = without_spaces(r.text);
    d.text += digit.size() == 1 ? digit : "?";
    d.confidence = digit.size() == 1 ? std::min(d.confidence, symbol_score(r.mean_confidence, r.min_symbol_confidence())) : 0;
  }
  return d;
}

// Today's printed-digit reader: Tesseract on the cells joined into one line (see the top).
Result<FieldRead> read_typed(const cv::Mat& gray, const std::vector<Cell>& cells, const FieldSpec& spec,
                             EnginePool& engines, DigitBoxMode mode) {
  FieldRead out;
  // Always eng: jpn reads Latin digits worse and the template's default language is jpn.
  KF_ASSIGN_OR_RETURN(TesseractEngine * engine, engines.get("eng"));

  DigitRead chosen;
  if (mode == DigitBoxMode::kCellsOnly) {
    KF_ASSIGN_OR_RETURN(chosen, read_each(gray, cells, *engine));
  } else {
    KF_ASSIGN_OR_RETURN(DigitRead first, read_line(join_cells(gray, cells, false, 0.25, 0.3), LineMode::kRawLine, *engine));
    const bool first_fits = first.text.size() == cells.size();
    chosen = first;
    if (!first_fits) chosen.confidence = 0;
    if (mode == DigitBoxMode::kAuto && (!first_fits || first.confidence < kDoubtful)) {
      KF_ASSIGN_OR_RETURN(DigitRead second, read_line(join_cells(gray, cells, true, 0.6, 0.5), LineMode::kSingleLine, *engine));
      const bool second_fits = second.text.size() == cells.size();
      if (first_fits && second_fits && first.text == second.text) {
        // Two renderings agreeing is evidence beyond either score.
        chosen.confidence = std::min(1.0, std::max(first.confidence, second.confidence) + 0.1);
      } else if (first_fits && second_fits) {
        out.add_flag(flag::kDisagreement);
        chosen = first.confidence >= second.confidence ? first : second;
        chosen.confidence = std::min(chosen.confidence, 0.5);
      } else if (second_fits) {
        chosen = second;
        chosen.confidence = std::min(second.confidence, 0.7);  // one read only, the other lost digits
      }
    }
  }
  out.raw = chosen.text;
  out.confidence = chosen.confidence;
  if (chosen.text.size() != cells.size() || chosen.text.find('?') != std::string::npos) {
    out.add_flag(flag::kUnreadable);
    out.confidence = 0;
  }
  // A value with holes (3 of 7 boxes filled) is suspicious even when each digit is clear.
  if (cells.size() != spec.cells.size()) out.confidence = std::min(out.confidence, 0.5);
  return out;
}

// Which ink is a cell's. A digit too big for its box runs over the cell's lines into the margin
// or the next cell; cutting at the border clipped it (a 7's foot, a 4's arm) and handed the
// stray piece to the neighbour. So a piece of ink belongs to the cell whose column holds most of
// it (the top of a 9's loop above the box is the 9's), searched in a window reaching `kReachMm`
// past the cell's borders. Two digits that touch across a border (or were joined where a line
// was put back) are one piece shared between cells: it is cut at the border, as before.
class CellInk {
 public:
  static constexpr double kReachMm = 1.5;
  static constexpr double kOwnShare = 0.85;  // of a piece's ink, for it to be one cell's
  CellInk(const cv::Mat& ink, const std::vector<cv::Rect>& cells, double pxmm)
      : ink_(ink), cells_(cells), reach_(static_cast<int>(kReachMm * pxmm)) {
    cv::Mat stats, centroids;
    const int n = cv::connectedComponentsWithStats(ink, labels_, stats, centroids, 8, CV_32S);
    std::vector<std::vector<int>> share(n, std::vector<int>(cells.size(), 0));
    for (int y = 0; y < labels_.rows; ++y) {
      const int* l = labels_.ptr<int>(y);
      for (int x = 0; x < labels_.cols; ++x)
        if (l[x] > 0) {
          const int c = column_of(x);
          if (c >= 0) ++share[l[x]][c];
        }
    }
    owner_.assign(n, -1);
    for (int i = 1; i < n; ++i) {
      const auto best = std::max_element(share[i].begin(), share[i].end());
      if (best != share[i].end() && *best >= kOwnShare * stats.at<int>(i, cv::CC_STAT_AREA))
        owner_[i] = static_cast<int>(best - share[i].begin());
    }
  }
  // The cell's window in crop pixels.
  cv::Rect window(std::size_t cell) const {
    const cv::Rect& c = cells_[cell];
    return cv::Rect(c.x - reach_, c.y - reach_, c.width + 2 * reach_, c.height + 2 * reach_) &
           cv::Rect(0, 0, ink_.cols, ink_.rows);
  }
  // The cell's ink in window(cell)'s coordinates.
  cv::Mat of(std::size_t cell) const {
    const cv::Rect w = window(cell);
    const int me = static_cast<int>(cell);
    cv::Mat out(w.size(), CV_8UC1, cv::Scalar(0));
    for (int y = 0; y < w.height; ++y) {
      const int* l = labels_.ptr<int>(w.y + y) + w.x;
      uchar* o = out.ptr<uchar>(y);
      for (int x = 0; x < w.width; ++x) {
        if (l[x] <= 0) continue;
        const int own = owner_[l[x]];
        o[x] = (own >= 0 ? own == me : column_of(w.x + x) == me) ? 255 : 0;
      }
    }
    return out;
  }

 private:
  // The cell whose column holds x, else the nearest one (within the reach); -1 when none.
  int column_of(int x) const {
    int best = -1, best_d = reach_ + 1;
    for (std::size_t i = 0; i < cells_.size(); ++i) {
      const cv::Rect& c = cells_[i];
      if (c.area() == 0) continue;
      const int d = x < c.x ? c.x - x : x >= c.x + c.width ? x - (c.x + c.width - 1) : 0;
      if (d < best_d) best = static_cast<int>(i), best_d = d;
    }
    return best;
  }
  cv::Mat ink_, labels_;
  std::vector<cv::Rect> cells_;
  std::vector<int> owner_;
  int reach_ = 0;
};

HandRead classify_cells(const DigitClassifier& classifier, const cv::Mat& gray, const std::vector<Cell>& cells) {
  HandRead h;
  std::vector<cv::Mat> grays;
  std::vector<InkRegion> regions;
  for (const Cell& c : cells) grays.push_back(gray(c.rect)), regions.push_back(c.region);
  const std::vector<DigitGuess> guesses = classifier.classify_cells_checked(grays, regions);
  for (const DigitGuess& g : guesses) {
    h.guesses.push_back(g);
    h.text += g.digit >= 0 ? static_cast<char>('0' + g.digit) : '?';
    h.confidence = std::min(h.confidence, g.digit >= 0 ? g.confidence : 0.0);
    h.all_accepted = h.all_accepted && g.accepted;
  }
  return h;
}

// A doubtful cell flags the field, with a confidence under its review threshold: never a guess
// passed off as a reading — unless the check digit answered it (above). Then the field scores as
// its sure cells do, and postprocess_field weighs the holding check digit as for any other
// handwritten number (dev seeds 41, 31, 32: 11, 11 and 3 such My Numbers now pass, all right).
FieldRead handwritten_result(const HandRead& hand, const FieldSpec& spec) {
  FieldRead out;
  out.raw = hand.text;
  out.handwritten = true;
  out.confidence = std::min(hand.confidence, kHandwrittenAloneCap);
  if (hand.text.find('?') != std::string::npos) {
    out.add_flag(flag::kUnreadable);
    out.confidence = 0;
  } else if (!hand.all_accepted && check_digit_answers_the_doubt(hand, spec)) {
    double sure = kHandwrittenAloneCap;
    for (const DigitGuess& g : hand.guesses)
      if (g.accepted) sure = std::min(sure, g.confidence);
    out.confidence = sure;
  } else if (!hand.all_accepted) {
    out.add_flag(flag::kLowConfidence);
    out.confidence = std::min({out.confidence, kDoubtfulCellCap, 0.99 * spec.review_threshold});
    // What a doubtful cell may be instead: its runner-up, one cell at a time. A reviewer may
    // pick one; a record-level check (a postal code against its address) may confirm one.
    for (std::size_t i = 0; i < hand.guesses.size() && i < hand.text.size(); ++i) {
      const DigitGuess& g = hand.guesses[i];
      if (g.accepted || g.runner_up < 0) continue;
      std::string alt = hand.text;
      alt[i] = static_cast<char>('0' + g.runner_up);
      out.alternatives.push_back(alt);
    }
  }
  if (const std::optional<std::string> fixed = repair_by_check_digit(hand, spec)) {
    out.show_instead(*fixed);
    out.add_flag(flag::kLowConfidence);
    out.confidence = std::min({out.confidence, kDoubtfulCellCap, 0.99 * spec.review_threshold});
  }
  return out;
}

// An accepted classifier cell that reads another digit than Tesseract put in the same place.
bool confident_disagreement(const HandRead& hand, const std::string& typed) {
  if (typed.size() != hand.text.size()) return hand.all_accepted;
  for (std::size_t i = 0; i < typed.size(); ++i)
    if (hand.guesses[i].accepted && typed[i] != hand.text[i]) return true;
  return false;
}

// writing = "auto": the ink's geometry first; typed ink goes to Tesseract alone. Otherwise both
// readers, and their agreement decides: the classifier does not know every font's glyphs (a
// printed 6 can look like its 0), Tesseract does not know handwriting, and a confident
// disagreement goes to a human.
Result<FieldRead> read_auto(const cv::Mat& gray, const std::vector<Cell>& cells, const std::vector<Cell>& hand_cells,
                            const FieldSpec& spec, EnginePool& engines, const StyleEvidence& style) {
  // Set by a printer: Tesseract's domain, and the classifier's cost is saved.
  if (style.style == InkStyle::kTyped) return read_typed(gray, cells, spec, engines, DigitBoxMode::kAuto);
  KF_ASSIGN_OR_RETURN(auto classifier, DigitClassifier::shared_default());
  HandRead hand = classify_cells(*classifier, gray, hand_cells);
  // The two cuts disagree on which boxes are written: the classifier alone cannot settle it.
  if (hand_cells.size() != cells.size()) hand.all_accepted = false, hand.cuts_agree = false;
  // Handwriting the classifier is sure of still gets Tesseract's read: the classifier alone is
  // capped (kHandwrittenAloneCap), and agreement is what lets the value through without a person
  // (neat, print-like digits: Tesseract reads them too; on the development seeds most typed
  // boxes whose ink varied like a hand's were read right by both). A check digit that holds is
  // that second voice already (field_postprocess.cpp), and the Tesseract call is saved.
  if (style.style == InkStyle::kHandwritten && hand.all_accepted && check_digit_holds(spec, hand.text))
    return handwritten_result(hand, spec);
  KF_ASSIGN_OR_RETURN(FieldRead typed, read_typed(gray, cells, spec, engines, DigitBoxMode::kAuto));
  if (typed.raw == hand.text && hand.text.find('?') == std::string::npos) {
    // The classifier doubts a cell that Tesseract reads the same: on handwriting Tesseract's
    // printed models are the weaker reader (a 9 whose loop lost its top read 4 by both), so the
    // classifier's doubt stands. On dev seed 21 this agreement let 2 wrong postal codes through.
    if (!hand.all_accepted && style.style == InkStyle::kHandwritten) return handwritten_result(hand, spec);
    // Two independent readers agree: stronger than either score (the joined-line reader's own
    // flags were about its two renderings disagreeing, which a third read now settles).
    typed.flags.clear();
    typed.confidence = std::max(typed.confidence, hand.confidence);
    return typed;
  }
  const bool typed_sure = typed.flags.empty() && typed.confidence >= spec.review_threshold;
  if (!typed_sure) return handwritten_result(hand, spec);  // Tesseract lost digits or doubts them
  if (!confident_disagreement(hand, typed.raw)) return typed;  // it fills in what the classifier doubts
  // Both sure, different answers: a human decides. What the reviewer is shown is the classifier's
  // reading where it is sure (Tesseract's printed models misread handwriting with high scores:
  // a clear 8 as 2) and Tesseract's only in the cells the classifier doubts.
  FieldRead out = handwritten_result(hand, spec);
  // A number the check digit repaired (handwritten_result) already holds; Tesseract's digits
  // would break it again.
  const bool repaired = out.raw != hand.text;
  if (!repaired && !hand.all_accepted && typed.raw.size() == hand.text.size()) {
    for (std::size_t i = 0; i < typed.raw.size(); ++i)
      if (!hand.guesses[i].accepted) out.raw[i] = typed.raw[i];
  }
  for (const std::string* other : {&hand.text, &typed.raw})
    if (*other != out.raw && other->find('?') == std::string::npos &&
        std::find(out.alternatives.begin(), out.alternatives.end(), *other) == out.alternatives.end())
      out.alternatives.insert(out.alternatives.begin(), *other);
  out.add_flag(flag::kDisagreement);
  out.confidence = std::min(out.confidence, 0.5);
  return out;
}

// The written cells. Two cuts of the same crop: Tesseract's typed path keeps the plain clean-up
// it was measured with (each cell searched inside its own borders); the classifier's `hand` cut
// keeps the ink a hand left on and across the printed lines (line_writing.hpp) and gives each
// piece of ink to the cell it belongs to (CellInk). On typed boxes the two differ only where a
// line is bolder in places, which the plain cut leaves alone.
std::vector<Cell> cut_cells(const FieldCrop& crop, const cv::Mat& gray, const FieldSpec& spec,
                            const std::vector<cv::Rect>& cell_rects, bool hand) {
  const double pxmm = crop.px_per_mm();
  // The hand cut reaches 1 mm past the box: a digit too big for its box runs over the outer border.
  const cv::Mat ink = field_ink(crop, gray, crop.to_pixels(spec.box), hand ? 1.0 : 0.5, cell_rects, hand);
  std::optional<CellInk> owners;
  if (hand) owners.emplace(ink, cell_rects, pxmm);
  std::vector<Cell> cells;
  for (size_t i = 0; i < spec.cells.size(); ++i) {
    if (cell_rects[i].area() == 0) continue;
    const cv::Rect r = hand ? owners->window(i) : cell_rects[i];
    // Plain: search only this cell, a neighbour's digit that strays over the line is its own.
    InkRegion region = find_writing(hand ? owners->of(i) : ink(r), 0.8 * pxmm, 0.6 * pxmm);
    if (region.components == 0 || region.ink_pixels < kBlankCellInkMm2 * pxmm * pxmm) continue;
    // Digits are taller than wide; scale by the cell's ink height, not the median component.
    region.char_height = region.bounds.height;
    cells.push_back({static_cast<int>(i), r, std::move(region)});
  }
  return cells;
}

FieldRead blank_field() {
  FieldRead out;
  out.blank = true;
  out.confidence = 1.0;
  return out;
}

}  // namespace

Result<FieldRead> read_digit_boxes(const FieldCrop& crop, const FieldSpec& spec, EnginePool& engines,
                                   DigitBoxMode mode) {
  FieldRead out;
  if (spec.cells.empty()) {
    out.add_flag(flag::kUnreadable);
    return out;
  }
  const cv::Mat gray = gray_without_red_ink(crop.image);
  std::vector<cv::Rect> cell_rects;
  for (const BoxMm& b : spec.cells) cell_rects.push_back(crop.to_pixels(b));
  const WritingMode writing = mode == DigitBoxMode::kAuto ? spec.writing : WritingMode::kTyped;
  // Handwriting forced: only the classifier's cut of the cells is needed.
  if (writing == WritingMode::kHandwritten) {
    const std::vector<Cell> hand = cut_cells(crop, gray, spec, cell_rects, true);
    if (hand.empty()) return blank_field();
    KF_ASSIGN_OR_RETURN(auto classifier, DigitClassifier::shared_default());
    out = handwritten_result(classify_cells(*classifier, gray, hand), spec);
    if (hand.size() != spec.cells.size()) out.confidence = std::min(out.confidence, 0.5);
    return out;
  }
  const std::vector<Cell> cells = cut_cells(crop, gray, spec, cell_rects, false);
  if (cells.empty()) return blank_field();
  std::vector<cv::Rect> ink_bounds;
  for (const Cell& c : cells) ink_bounds.push_back(c.region.bounds);
  const StyleEvidence style = ink_style(ink_bounds);
  if (writing == WritingMode::kTyped) {
    KF_ASSIGN_OR_RETURN(out, read_typed(gray, cells, spec, engines, mode));
  } else {
    // Typed by its geometry: the hand cut is not needed (read_auto does not classify).
    const std::vector<Cell> hand =
        style.style == InkStyle::kTyped ? cells : cut_cells(crop, gray, spec, cell_rects, true);
    KF_ASSIGN_OR_RETURN(out, read_auto(gray, cells, hand, spec, engines, style));
  }
  // A value with holes (3 of 7 boxes filled) is suspicious even when each digit is clear.
  if (cells.size() != spec.cells.size()) out.confidence = std::min(out.confidence, 0.5);
  return out;
}

}  // namespace kamiflow::ocr
