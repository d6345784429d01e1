// Dates with printed parts (「令和　７年１０月　５日」, 令和・年・月・日 printed): the blank form's ink
// is cancelled before OCR, so a whole-box read sees only "7105" and cannot tell year from month.
// The template says where each number is written (spec.parts); each slot is cut out and read on
// its own as a 1-2 digit number, and the date is composed from the printed era and the slots.
// Nothing is guessed: an empty slot, an unreadable slot or an impossible date flags the field.
#include <algorithm>
#include <string>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "date_slot_alternatives.hpp"
#include "digit_classifier.hpp"
#include "field_readers.hpp"
#include "handwriting_style.hpp"
#include "slot_digits.hpp"
#include "kamiflow/ocr/record.hpp"
#include "kamiflow/ocr/text.hpp"
#include "text_shape.hpp"

namespace kamiflow::ocr {
namespace {

constexpr double kBlankSlotInkMm2 = 0.5;  // as a digit box: a dot is not a number
constexpr double kDoubtful = 0.90;
constexpr double kDigitPx = 40;           // rendered digit height (DESIGN.md §4: x-height >= ~20 px)
constexpr std::size_t kMaxSlotDigits = 2;  // era year, month and day are 1-2 digits

int era_last_year_or(const std::string& era, int unknown) {
  const int y = text::era_last_year(era);
  return y > 0 ? y : unknown;
}
// With a blank form to cancel the printed 年/月/日, writing that strays a little past its slot
// is still its own; without one, the slot is read exactly so no printed stroke leaks in.
constexpr double kSlotGrowMm = 0.6;

bool fits(const std::string& digits) { return !digits.empty() && digits.size() <= kMaxSlotDigits; }

// Widens every white gap between the digits of a rendered slot to a third of a digit: proportional
// fonts and hands write "11" so tight that Tesseract read it as one "1".
cv::Mat spread_digits(const cv::Mat& rendered) {
  if (rendered.empty()) return rendered;
  cv::Mat column_min;
  cv::reduce(rendered, column_min, 0, cv::REDUCE_MIN);
  const int min_gap = static_cast<int>(kDigitPx / 3);
  std::vector<cv::Mat> strips;
  int start = 0, ink_seen = 0, gap_start = -1;
  for (int x = 0; x < rendered.cols; ++x) {
    const bool ink = column_min.at<std::uint8_t>(0, x) < 128;
    if (!ink && ink_seen && gap_start < 0) gap_start = x;
    if (ink && gap_start >= 0) {  // a gap between two pieces of ink ends here
      strips.push_back(rendered.colRange(start, x));
      if (x - gap_start < min_gap) strips.emplace_back(rendered.rows, min_gap - (x - gap_start), CV_8UC1, cv::Scalar(255));
      start = x;
      gap_start = -1;
    }
    ink_seen |= ink;
  }
  strips.push_back(rendered.colRange(start, rendered.cols));
  cv::Mat out;
  cv::hconcat(strips, out);
  return out;
}

// The slot's writing between two drawn dashes, "-5-": a lone digit on its own is what Tesseract's
// LSTM reads worst (a clean "5" came back "45"); framed, it is read as part of a line.
cv::Mat framed(const cv::Mat& piece) {
  const int gap = static_cast<int>(kDigitPx * 0.6), dash = static_cast<int>(kDigitPx * 0.45);
  const int pad = static_cast<int>(kDigitPx * 0.4), pad_v = static_cast<int>(kDigitPx * 0.3);
  cv::Mat line(piece.rows + 2 * pad_v, piece.cols + 2 * (pad + dash + gap), CV_8UC1, cv::Scalar(255));
  piece.copyTo(line(cv::Rect(pad + dash + gap, pad_v, piece.cols, piece.rows)));
  const int mid = pad_v + piece.rows / 2, thick = std::max(2, static_cast<int>(kDigitPx * 0.1));
  cv::line(line, {pad, mid}, {pad + dash, mid}, cv::Scalar(0), thick, cv::LINE_AA);
  cv::line(line, {line.cols - pad - dash, mid}, {line.cols - pad, mid}, cv::Scalar(0), thick, cv::LINE_AA);
  return line;
}

Result<SlotNumber> read_once(const cv::Mat& img, LineMode mode, bool frame, TesseractEngine& engine) {
  OcrRequest req;
  req.mode = mode;
  req.whitelist = "0123456789-";
  req.retry_without_whitelist = false;  // a letter in a number slot is "unreadable", not an answer
  KF_ASSIGN_OR_RETURN(OcrRead r, engine.read(frame ? framed(spread_digits(img)) : spread_digits(img), req));
  SlotNumber n;
  std::string text = without_spaces(r.text);
  // The frame's dashes read back at the ends; anything else but digits makes the slot unreadable.
  while (!text.empty() && text.front() == '-') text.erase(text.begin());
  while (!text.empty() && text.back() == '-') text.pop_back();
  n.digits = text.find_first_not_of("0123456789") == std::string::npos ? text : "";
  double weakest = 100, sum = 0;
  int count = 0;
  for (const OcrSymbol& sym : r.symbols) {
    if (sym.text == "-") continue;  // the frame's confidence says nothing about the number
    weakest = std::min(weakest, sym.confidence);
    sum += sym.confidence;
    ++count;
  }
  n.confidence = fits(n.digits) && count > 0 ? std::clamp(0.4 * sum / count / 100 + 0.6 * weakest / 100, 0.0, 1.0) : 0;
  return n;
}

// A second, independent reading: the written slots laid side by side with a drawn dash between
// them (white gaps alone did not make Tesseract break words) and read in one call, "7-10-5"; the
// per-slot reads must agree with that line's numbers. Empty when the line does not split into one
// 1-2 digit number per slot.
Result<std::vector<std::string>> read_as_line(const cv::Mat& gray, const std::vector<cv::Rect>& rects,
                                              const std::vector<InkRegion>& regions, TesseractEngine& engine) {
  std::vector<cv::Mat> pieces;
  int width = 0, height = 0;
  const int gap = static_cast<int>(kDigitPx * 1.3), pad = static_cast<int>(kDigitPx * 0.5);
  const int pad_v = static_cast<int>(kDigitPx * 0.3);
  for (std::size_t i = 0; i < rects.size(); ++i) {
    pieces.push_back(spread_digits(render_for_ocr(gray(rects[i]), regions[i], false, kDigitPx, 0, 0)));
    width += pieces.back().cols + gap;
    height = std::max(height, pieces.back().rows);
  }
  cv::Mat line(height + 2 * pad_v, width - gap + 2 * pad, CV_8UC1, cv::Scalar(255));
  int x = pad;
  const int mid = pad_v + height / 2, dash = static_cast<int>(kDigitPx * 0.45);
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    const cv::Mat& p = pieces[i];
    p.copyTo(line(cv::Rect(x, pad_v + (height - p.rows) / 2, p.cols, p.rows)));
    x += p.cols + gap;
    if (i + 1 < pieces.size())
      cv::line(line, {x - gap / 2 - dash / 2, mid}, {x - gap / 2 + dash / 2, mid}, cv::Scalar(0),
               static_cast<int>(kDigitPx * 0.1), cv::LINE_AA);
  }
  OcrRequest req;
  req.mode = LineMode::kSingleLine;
  req.whitelist = "0123456789-";
  req.retry_without_whitelist = false;
  KF_ASSIGN_OR_RETURN(OcrRead r, engine.read(line, req));
  std::vector<std::string> words;
  std::string word;
  for (char c : r.text + " ") {
    if (c >= '0' && c <= '9') {
      word += c;
    } else if (!word.empty()) {
      words.push_back(word);
      word.clear();
    }
  }
  const bool usable = words.size() == rects.size() && std::all_of(words.begin(), words.end(), fits);
  return usable ? words : std::vector<std::string>{};
}

// How sure the classifier must be of a handwritten slot to overrule Tesseract being sure too.
// Dev seed 41, 132 handwritten slots: the classifier read 130 right; in the 22 where both were
// sure and disagreed (a clear 24 read 4, 7 read 1 at Tesseract's 1.00) the classifier was right
// every time, at confidence ≥ 0.994; its two wrong slots scored 0.915 and 0.992.
constexpr double kHandOverrules = 0.995;

// Tesseract's reading of a slot against the digit classifier's (slot_digits.hpp). They agree:
// one number, sure. The classifier is sure and Tesseract is not (it lost a handwritten digit, or
// doubts it): the classifier's number. Both sure of different numbers: on ink the field's
// geometry says is handwritten, a classifier this sure (kHandOverrules) is believed, since
// Tesseract's printed models read handwriting poorly; otherwise a human decides. The classifier
// unsure: Tesseract's reading as before, which knows printed and font-drawn digits.
enum class SlotVerdict { kBothAgree, kClassifier, kTesseract };
SlotVerdict settle_slot(SlotNumber& n, const ClassifiedNumber& hand, bool handwritten_ink) {
  // One wide piece of ink read as one digit by Tesseract too: a 1 touching its 2 is lost alike.
  if (hand.split_in_doubt && n.digits.size() < 2) {
    if (!fits(n.digits) && fits(hand.digits)) n.digits = hand.digits;  // shown to the reviewer, flagged
    n.disagreement = true;
    n.confidence = std::min(n.confidence, 0.5);
    return SlotVerdict::kTesseract;
  }
  const bool tess_sure = fits(n.digits) && !n.disagreement && n.confidence >= kDoubtful;
  if (fits(hand.digits) && hand.digits == n.digits) {
    n.confidence = std::max(n.confidence, hand.confidence);
    if (hand.accepted) n.disagreement = false;  // the two renderings' dispute is settled by a third reader
    return hand.accepted || tess_sure ? SlotVerdict::kBothAgree : SlotVerdict::kTesseract;
  }
  if (!hand.accepted || hand.digits.empty()) return SlotVerdict::kTesseract;
  // Tesseract read more digits than the ink shows (ClassifiedNumber::clear_split), the classifier
  // sure of each: Tesseract invented one (a handwritten 7 read 44, a 9 read 49), even where the
  // slots' ink is too even to tell a hand by its geometry. Not the other way: two crowded digits
  // read as one sure digit are the classifier losing one (a 26 read 4), and one digit in two
  // strokes reads as two sure digits (an 8 read 85). Dev seeds 41, 31, 32: 1 date passed, right;
  // trusting either count (5 passed, all right) failed the tests on a crowded 26 and a typed 13.
  const bool tesseract_added = n.digits.size() > hand.digits.size() && hand.clear_split;
  if ((handwritten_ink || tesseract_added) && hand.confidence >= kHandOverrules) {
    n.digits = hand.digits;
    n.confidence = hand.confidence;
    n.disagreement = false;
    return SlotVerdict::kClassifier;
  }
  // Tesseract saw another number of digits: one of them lost or invented a digit, and the
  // classifier's split of the ink is what that would be (a 1 touching its 2).
  if (!n.digits.empty() && n.digits.size() != hand.digits.size()) {
    // Still a person's call, but what they are shown: pieces of ink apart from each other, each a
    // sure digit, are more digits than Tesseract's line read of handwriting kept (it lost the 2 of
    // a clear "24"). Dev seeds 41, 31, 32: 11, 3 and 1 handwritten dates shown right, none wrong.
    if (hand.digits.size() > n.digits.size()) n.digits = hand.digits;
    n.disagreement = true;
    n.confidence = std::min(n.confidence, 0.5);
    return SlotVerdict::kTesseract;
  }
  if (!tess_sure) {
    n.digits = hand.digits;
    n.confidence = hand.confidence;
    n.disagreement = false;
    return SlotVerdict::kClassifier;
  }
  n.disagreement = true;
  n.confidence = std::min(n.confidence, 0.5);
  return SlotVerdict::kTesseract;
}

// Whether this slot can hold a two-digit number at all: only then can one wide piece of ink be
// two touching digits (which read as any digit: a crowded 12 came back a sure 4). 令和's years are
// one digit until 令和10, so a wide 5 in its year slot is a 5; months and days always may be two.
bool two_digits_possible(const WritingSlot& slot, const std::string& era) {
  const int most = slot.name == "year" ? era_last_year_or(era, 99) : slot.name == "month" ? 12 : 31;
  return most >= 10;
}

cv::Rect grown(const cv::Rect& r, int dx, const cv::Size& bounds) {
  return cv::Rect(r.x - dx, r.y, r.width + 2 * dx, r.height) & cv::Rect(0, 0, bounds.width, bounds.height);
}

}  // namespace

// The one place a slot's number is recognised, so a digit classifier can take over later
// (ocr/src/digit_classifier.hpp): a grey raw-line read of the framed digits first, and when it is
// doubtful a binary, layout-analysed read without the frame that must agree with it (on the
// development seeds the framed read alone lost a serifed "1" of "11"; the two differ in that).
Result<SlotNumber> read_slot_number(const cv::Mat& gray, const InkRegion& region, TesseractEngine& engine) {
  KF_ASSIGN_OR_RETURN(SlotNumber first,
                      read_once(render_for_ocr(gray, region, false, kDigitPx, 0, 0), LineMode::kRawLine, true, engine));
  if (fits(first.digits) && first.confidence >= kDoubtful) return first;
  KF_ASSIGN_OR_RETURN(SlotNumber second,
                      read_once(render_for_ocr(gray, region, true, kDigitPx), LineMode::kSingleLine, false, engine));
  if (fits(first.digits) && first.digits == second.digits) {
    first.confidence = std::min(1.0, std::max(first.confidence, second.confidence) + 0.1);
    return first;
  }
  if (fits(first.digits) && fits(second.digits)) {  // two readings, two answers: a human decides
    SlotNumber n = first.confidence >= second.confidence ? first : second;
    n.confidence = std::min(n.confidence, 0.5);
    n.disagreement = true;
    return n;
  }
  if (fits(second.digits)) {
    second.confidence = std::min(second.confidence, 0.7);  // one read only, the other lost digits
    return second;
  }
  return first.digits.empty() ? second : first;  // nothing usable; confidence is 0
}

Result<FieldRead> read_date_parts(const FieldCrop& crop, const FieldSpec& spec, EnginePool& engines) {
  FieldRead out;
  if (spec.parts.empty()) {
    out.add_flag(flag::kUnreadable);
    return out;
  }
  const cv::Mat gray = gray_without_red_ink(crop.image);
  // The slots may be written by hand: the handwriting cut keeps a stroke's light end and what
  // lies along the cell's lines (on dev seeds 21, 31, 32 handwritten slots 15 -> 18 of 45 dates
  // exact, typed dates unchanged). Only the previous reading (eval --previous-reading) sets typed.
  const cv::Mat ink = field_ink(crop, gray, crop.to_pixels(spec.box), 0.5, {}, spec.writing != WritingMode::kTyped);
  const double pxmm = crop.px_per_mm();
  const int grow_px = crop.has_reference() ? static_cast<int>(kSlotGrowMm * pxmm) : 0;

  struct Slot {
    cv::Rect rect;
    InkRegion region;  // in the slot's own coordinates; components == 0 when the slot is empty
  };
  std::vector<Slot> slots;
  std::size_t written = 0;
  for (const WritingSlot& s : spec.parts.slots) {
    Slot slot;
    slot.rect = grown(crop.to_pixels(s.box), grow_px, ink.size());
    if (slot.rect.area() > 0) slot.region = find_writing(ink(slot.rect), 0.8 * pxmm, 0.6 * pxmm);
    if (slot.region.components == 0 || slot.region.ink_pixels < kBlankSlotInkMm2 * pxmm * pxmm) {
      slot.region = InkRegion{};
    } else {
      slot.region.char_height = slot.region.bounds.height;  // digits: taller than wide
      ++written;
    }
    slots.push_back(std::move(slot));
  }
  if (written == 0) {  // nothing written at all: a blank field (required or not is decided later)
    out.blank = true;
    out.confidence = 1.0;
    return out;
  }
  // Always eng: jpn reads Latin digits worse and a date field's language is jpn.
  KF_ASSIGN_OR_RETURN(TesseractEngine * engine, engines.get("eng"));
  // writing = typed (what `eval --previous-reading` sets): Tesseract alone, as before issue #18.
  std::shared_ptr<const DigitClassifier> classifier;
  if (spec.writing != WritingMode::kTyped) {
    KF_ASSIGN_OR_RETURN(classifier, DigitClassifier::shared_default());
  }
  // Whether the slots' ink is a hand's (heights and baselines that vary from slot to slot, as
  // in a row of digit boxes: handwriting_style.hpp); unknown with fewer than three slots written.
  std::vector<cv::Rect> slot_ink;
  for (const Slot& s : slots)
    if (s.region.components > 0) slot_ink.push_back(s.region.bounds);
  const bool handwritten_ink = classifier && ink_style(slot_ink).style == InkStyle::kHandwritten;
  std::size_t agreed_by_two = 0;  // slots where Tesseract and the digit classifier read the same
  std::size_t by_classifier = 0;  // slots only the classifier was sure of (handwriting)

  out.confidence = 1.0;
  bool complete = true, readable = true;
  std::vector<std::string> parts(slots.size());
  std::vector<cv::Rect> written_rects;
  std::vector<InkRegion> written_regions;
  std::vector<std::size_t> written_index;
  std::vector<SlotReading> slot_others;  // what the losing reader saw in a disputed slot
  for (std::size_t i = 0; i < slots.size(); ++i) {
    if (slots[i].region.components == 0) {
      complete = false;
      out.confidence = 0;
      continue;
    }
    KF_ASSIGN_OR_RETURN(SlotNumber n, read_slot_number(gray(slots[i].rect), slots[i].region, *engine));
    ClassifiedNumber hand =
        classifier ? classify_number(*classifier, gray(slots[i].rect), slots[i].region, kMaxSlotDigits) : ClassifiedNumber{};
    if (hand.split_in_doubt && i < spec.parts.slots.size() &&
        !two_digits_possible(spec.parts.slots[i], spec.parts.era)) {
      hand.split_in_doubt = false;
      hand.accepted = hand.accepted_as_one;
      hand.confidence = hand.confidence_as_one;
    }
    const std::string tesseract_read = n.digits;  // settle_slot keeps one of the two
    switch (settle_slot(n, hand, handwritten_ink)) {
      case SlotVerdict::kBothAgree: ++agreed_by_two; break;
      case SlotVerdict::kClassifier: out.handwritten = true, ++by_classifier; break;
      case SlotVerdict::kTesseract: break;
    }
    if (n.disagreement) {
      out.add_flag(flag::kDisagreement);
      // What the other reader saw in this slot, for the reviewer (below).
      for (const std::string& other : {tesseract_read, hand.digits})
        if (fits(other) && other != n.digits) slot_others.emplace_back(i, other);
    }
    if (fits(n.digits)) {
      parts[i] = n.digits;
      out.confidence = std::min(out.confidence, n.confidence);  // the weakest slot decides
    } else {
      parts[i] = "?";
      readable = false;
      out.confidence = 0;
    }
    written_rects.push_back(slots[i].rect);
    written_regions.push_back(slots[i].region);
    written_index.push_back(i);
  }
  // Every slot read alike by two independent recognisers, or handwriting the classifier is sure
  // of (Tesseract's line read of handwriting says nothing): the line read adds nothing. The
  // classifier's confidence stands, under the calibration of "date/handwritten".
  if (readable && agreed_by_two + by_classifier == written_rects.size()) {
    if (by_classifier == 0) out.confidence = std::min(1.0, out.confidence + 0.1);
  } else if (readable) {
    KF_ASSIGN_OR_RETURN(std::vector<std::string> words, read_as_line(gray, written_rects, written_regions, *engine));
    bool agree = !words.empty();
    for (std::size_t k = 0; agree && k < words.size(); ++k) agree = words[k] == parts[written_index[k]];
    if (agree) {
      out.confidence = std::min(1.0, out.confidence + 0.1);  // two readings agreeing
    } else if (!words.empty()) {
      out.add_flag(flag::kDisagreement);
      out.confidence = std::min(out.confidence, 0.5);
      if (words.size() == written_index.size())
        for (std::size_t k = 0; k < words.size(); ++k)
          if (fits(words[k]) && words[k] != parts[written_index[k]]) slot_others.emplace_back(written_index[k], words[k]);
    } else {
      out.confidence = std::min(out.confidence, 0.7);  // no second opinion: below the usual threshold
    }
  }
  // raw keeps what was read, "?" for an unreadable slot and "" for an empty one, so a reviewer
  // sees 令和7年?月5日 rather than a guess.
  out.raw = spell_slot_date(spec.parts.era, parts);
  // A flagged disagreement offers the reviewer the date as the other reader saw it (its 8
  // against the classifier's 3 in the day): one key press instead of typing the date.
  out.alternatives = slot_date_alternatives(spec.parts.era, parts, slot_others);
  if (!complete) out.add_flag(flag::kIncomplete);
  if (!readable) out.add_flag(flag::kUnreadable);
  // Month 13, day 32, 平成35年: flagged here even if a template's normalisers forget date_iso.
  if (complete && readable && !text::date_to_iso(out.raw).ok()) {
    out.add_flag(flag::kInvalid);
    out.confidence = std::min(out.confidence, 0.3);
  }
  return out;
}

}  // namespace kamiflow::ocr
