// Text-like fields (text, kana, digits, date): clean the crop, skip blanks, read with Tesseract,
// and turn several independent signals into one confidence (DESIGN.md §4).
#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>
#include <utility>

#include "date_text_repair.hpp"
#include "field_readers.hpp"
#include "kana_spelling.hpp"
#include "ocr_models.hpp"
#include "read_agreement.hpp"
#include "record_checks.hpp"
#include "kamiflow/ocr/record.hpp"
#include "kamiflow/ocr/text.hpp"
#include "text_shape.hpp"
#include "text_value_shape.hpp"
#include "typed_digit_check.hpp"

namespace kamiflow::ocr {
namespace {

// Below this much writing (mm² of ink) a field is blank: a stray dot is not a value.
constexpr double kBlankInkMm2 = 0.6;
// A text value whose shape is doubtful (text_value_shape.hpp) is at most this sure: under any
// review threshold a calibration would choose.
constexpr double kDoubtfulShape = 0.4;

std::string default_whitelist(const FieldSpec& spec) {
  if (!spec.read.whitelist.empty()) return spec.read.whitelist;
  // Kana fields get no whitelist by default: on the development seeds (7, 8) a katakana whitelist
  // (text::katakana_whitelist(), which a template may set) left exact reads unchanged and doubled
  // the fields sent to review, because the narrowed beam lowers per-character confidences. The
  // validator and the reading check catch what a whitelist would exclude.
  if (spec.type == FieldType::kDigits && spec.read.latin()) return "0123456789-()";
  return "";
}

// Maps Tesseract's scores and the shape checks to [0,1]. The weakest character dominates: a
// single misread character makes the value wrong however sure Tesseract is of the others.
// length_doubt: set when the length does not fit the ink (read_agreement.cpp weighs it again
// when two models agree on the value).
double score(const OcrRead& r, const FieldSpec& spec, const std::string& text, double expected_chars,
             bool& length_doubt) {
  length_doubt = false;
  if (text.empty() || r.symbols.empty()) return 0;
  const double mean = r.mean_confidence / 100.0;
  const double weakest = r.min_symbol_confidence() / 100.0;
  double c = 0.4 * mean + 0.6 * weakest;
  if (!has_expected_shape(spec.type, text)) c *= 0.5;
  if (r.whitelist_retried) c *= 0.7;  // the whitelist found nothing it allows: suspicious
  // Dropped or invented characters (松尾 for 松尾洋平) show as a length that does not fit the ink.
  if (expected_chars >= 1.5) {
    const double ratio = count_chars(text) / expected_chars;
    if (ratio < 0.6 || ratio > 1.7) c *= kLengthDoubtFactor, length_doubt = true;
  }
  return std::clamp(c, 0.0, 1.0);
}

// The two reads of a doubtful field differ in rendering (grey / binary) and in how Tesseract finds
// the line. A date's first read is a raw line read (PSM 13) of a closely cut image: no layout
// analysis, ~30% less Tesseract time, and on the development seeds dates went from 85-92% to
// 94-95% right. Other fields keep the layout-analysed read: raw line reads of names and phone
// numbers insert characters at the line's ends ("(090-...", a trailing ユ) and read smudged
// writing with high confidence, the silent kind of error; a date's validator catches those.
// The second read, on a binary image with wide margins, always lets Tesseract find the line
// itself, so the two reads' mistakes are largely different.
enum class Read { kFirst, kSecond };

// The image a read hands to Tesseract: the same image can then be read by a second model.
cv::Mat prepare(const Writing& w, Read which, const FieldSpec& spec) {
  const bool raw = which == Read::kFirst && spec.read.single_line && spec.type == FieldType::kDate;
  constexpr double kCharPx = 40;
  // Raw line: the whole image is scaled to the network's height, so white above and below the
  // line shrinks the characters; 0.3 character heights was best on the development seeds.
  return raw ? render_for_ocr(w.gray, w.region, false, kCharPx, static_cast<int>(kCharPx * 0.5),
                              static_cast<int>(kCharPx * 0.3))
             : render_for_ocr(w.gray, w.region, which == Read::kSecond, kCharPx);
}

Result<Attempt> read_prepared(const cv::Mat& img, Read which, const FieldSpec& spec, TesseractEngine& engine,
                              double expected_chars) {
  const bool raw = which == Read::kFirst && spec.read.single_line && spec.type == FieldType::kDate;
  OcrRequest req;
  req.mode = raw ? LineMode::kRawLine : spec.read.single_line ? LineMode::kSingleLine : LineMode::kBlock;
  req.whitelist = default_whitelist(spec);
  KF_ASSIGN_OR_RETURN(OcrRead r, engine.read(img, req));
  Attempt a;
  a.text = spec.read.latin() ? r.text : remove_cjk_spaces(r.text);
  if (spec.type == FieldType::kText && !spec.read.latin())
    a.text = kanji_for_lone_katakana(numeral_after_dai(a.text));
  // A space inside a phone number or date is an artefact of character spacing, never data. The
  // 4.0.0 jpn model reads some plain digits as circled ones (令和⑤年): NFKC makes them digits.
  if (spec.type == FieldType::kDigits || spec.type == FieldType::kDate) a.text = without_spaces(text::nfkc(a.text));
  if (!spec.read.single_line) {
    // Block reads keep line breaks as spaces; the jpn space removal already joined CJK lines.
    std::replace(a.text.begin(), a.text.end(), '\n', ' ');
  }
  a.confidence = score(r, spec, a.text, expected_chars, a.length_doubt);
  a.chars = scored_chars(r.symbols, a.text);
  return a;
}

}  // namespace

void FieldRead::add_flag(const char* f) {
  if (std::find(flags.begin(), flags.end(), f) == flags.end()) flags.emplace_back(f);
}

void FieldRead::show_instead(const std::string& proposed) {
  alternatives.erase(std::remove(alternatives.begin(), alternatives.end(), proposed), alternatives.end());
  if (std::find(alternatives.begin(), alternatives.end(), raw) == alternatives.end())
    alternatives.insert(alternatives.begin(), raw);
  raw = proposed;
}

namespace {

// A date read that does not parse, but whose misread characters the date grammar fixes (an 日 read
// as H or as "11", 令科 for 令和; date_text_repair.hpp): the date it must have been is shown to the
// reviewer, the read kept as an alternative: a proposal, flagged, under any review bar, unless it
// kept every digit of the read (below). The other reads are tried too when the chosen one is
// beyond repair. Dev seeds 41, 31, 32: 21, 13 and 11 more typed dates shown right, none lost.
void propose_date_repair(FieldRead& out) {
  if (text::date_to_iso(out.raw).ok()) return;
  std::optional<std::string> fixed = repair_date_text(out.raw);
  const bool from_chosen = fixed.has_value();
  for (std::size_t k = 0; !fixed && k < out.alternatives.size(); ++k) fixed = repair_date_text(out.alternatives[k]);
  if (!fixed) return;
  // A repair of the chosen read that kept its digits (日 read H, 令科) is judged by the read's own
  // confidence and the digit classifier's check below, as a date read right would be: dev seeds
  // 41, 31, 32, 21: 28 dates passed, all right. So is one whose 日 was read as digits when the ink
  // says which digits are the day's (repair_chose_no_digits: 3111 is 31日, 9I1 is 9日; 311 could
  // be 3日 and stays a proposal): dev seeds 41, 43, 44, 31, 32: 3, 3, 8, 3, 2 more dates passed,
  // all right (14 of them 日 read "11" after the day, 5 read "I1" or "|1"). Any other repair stays
  // a proposal.
  const bool keeps_digits =
      from_chosen && (repair_keeps_digits(out.raw, *fixed) || repair_chose_no_digits(out.raw));
  out.show_instead(*fixed);
  if (keeps_digits) return;
  out.add_flag(flag::kLowConfidence);
  out.confidence = std::min(out.confidence, kModelDisagreementCap);
}

// Everything after the first read: the other model (when `other` is given), the second
// preprocessing when needed, and the flags and confidence of the combined value.
Result<FieldRead> finish_text_read(const Writing& w, const cv::Mat& first_img, const Attempt& first,
                                   TesseractEngine& engine, TesseractEngine* other, const FieldSpec& spec,
                                   double expected) {
  FieldRead out;
  std::optional<Attempt> other_read;
  if (other) {
    KF_ASSIGN_OR_RETURN(Attempt alt, read_prepared(first_img, Read::kFirst, spec, *other, expected));
    other_read = alt;
  }
  // The second rendering, made once for whichever models read it.
  std::optional<cv::Mat> second_img;
  auto second_image = [&]() -> const cv::Mat& {
    if (!second_img) second_img = prepare(w, Read::kSecond, spec);
    return *second_img;
  };
  auto read_second = [&]() -> Result<Attempt> {
    return read_prepared(second_image(), Read::kSecond, spec, engine, expected);
  };
  // A value merged from the two models' characters must still look like this field's values.
  auto plausible = [&](const std::string& v) {
    return has_expected_shape(spec.type, v) && (spec.type != FieldType::kKana || kana_spelling_plausible(v)) &&
           (spec.type != FieldType::kText || !text_value_shape_doubtful(v));
  };
  // Digit strings (phone numbers) have no second model and no dictionary: one misread digit is a
  // wrong number that still validates. On dev seed 41, 3 of 375 typed phone numbers passed wrong
  // at 0.97-0.985 (a blurred 5 read 9, 3 read 5); the second preprocessing costs one `eng` call.
  const bool confirm = spec.type == FieldType::kDigits;
  std::function<Result<Attempt>()> read_other_second;
  if (other)
    read_other_second = [&]() -> Result<Attempt> {
      return read_prepared(second_image(), Read::kSecond, spec, *other, expected);
    };
  KF_ASSIGN_OR_RETURN(CombinedRead combined,
                      combine_reads(first, other_read, read_second, plausible, confirm, read_other_second));
  if (combined.agreed_despite_length && spec.type == FieldType::kText && !looks_like_a_name(spec)) {
    // Both models read the same words of a note or an address, doubted only because their length
    // did not fit the ink (wide boxes, a gap between words fool the estimate): the primary model on
    // the second rendering is a third read. Agreeing, it settles the length doubt; disagreeing, it
    // changes nothing, not even the alternatives. Names stay out: both models confuse a name's
    // kanji alike on both renderings (上野細 for 上野紬 read so three times), and only the
    // dictionary clears them (record_checks.hpp). Dev seeds 41, 31, 32: 26 notes and item lists
    // passed, all right (+4 records).
    KF_ASSIGN_OR_RETURN(Attempt third, read_second());
    if (same_value(combined.chosen, third)) combined.chosen.confidence = kMajorityCap;
  }
  for (const char* f : combined.flags) out.add_flag(f);
  out.alternatives = combined.alternatives;
  const Attempt& chosen = combined.chosen;
  out.raw = chosen.text;
  out.confidence = chosen.confidence;
  // Both models can lose the same hyphen; a shape no such value has is doubt they cannot outvote.
  if (spec.type == FieldType::kText && text_value_shape_doubtful(out.raw))
    out.confidence = std::min(out.confidence, kDoubtfulShape);
  if (out.raw.empty()) {
    out.add_flag(flag::kUnreadable);
    out.confidence = 0;
  }
  if (spec.type == FieldType::kDate && !out.raw.empty()) propose_date_repair(out);
  if ((spec.type == FieldType::kDigits || spec.type == FieldType::kDate) && !out.raw.empty()) {
    // The digit classifier reads the same ink a different way (typed_digit_check.hpp); a digit it
    // is sure Tesseract got wrong is a disagreement for a person, never outvoted. Dates need it as
    // much: both Japanese models misread a date's digits alike (0 as 6, 7 as 3) at 0.95-0.97.
    KF_ASSIGN_OR_RETURN(auto classifier, DigitClassifier::shared_default());
    const DigitStringCheck check = check_digit_string(w.gray, w.region, out.raw, *classifier);
    // A date that cannot exist (19月, 36日) whose only fault is a 0 read as 6, 8 or 9 where the
    // classifier is sure of the 0, and agrees on every other digit, making a date that exists:
    // Tesseract is known wrong by the calendar and the classifier says where, so its date stands
    // as read, with no other doubt. Dev seeds 41, 31, 32, 21: 18 dates passed, all right (the
    // same fix between two dates that both exist stays a disagreement: nothing proves Tesseract
    // wrong there).
    const bool zero_fix = spec.type == FieldType::kDate && out.flags.empty() && !text::date_to_iso(out.raw).ok() &&
                          text::date_to_iso(check.classifier_reading).ok() &&
                          only_zeros_closed_up(out.raw, check.classifier_reading);
    if (zero_fix) {
      out.alternatives.push_back(out.raw);
      out.raw = check.classifier_reading;
    } else if (check.contradictions > 0) {
      out.add_flag(flag::kDisagreement);
      out.confidence = std::min(out.confidence, 0.5);
      // A date that does not exist whose classifier reading does (1月36日 against 1月30日: both
      // Japanese models read a Mincho 0 as 6) is shown as the classifier read it. Dev seeds 41, 31,
      // 32: 6, 2, 7 more dates shown right; showing the classifier's reading of valid dates too
      // lost 4 right ones.
      std::string other = check.classifier_reading;
      if (spec.type == FieldType::kDate && prefer_classifier_date(out.raw, other)) std::swap(out.raw, other);
      if (std::find(out.alternatives.begin(), out.alternatives.end(), other) == out.alternatives.end())
        out.alternatives.push_back(other);
    }
  }
  return out;
}

}  // namespace

Result<FieldRead> read_text_field(const FieldCrop& crop, const FieldSpec& spec, EnginePool& engines,
                                  const ReadHints& hints) {
  const Writing w = find_field_writing(crop, crop.to_pixels(spec.box));
  const double pxmm = crop.px_per_mm();
  if (w.region.components == 0 || w.region.ink_pixels < kBlankInkMm2 * pxmm * pxmm) {
    FieldRead out;
    out.blank = true;
    out.confidence = 1.0;
    return out;
  }
  KF_ASSIGN_OR_RETURN(TesseractEngine * engine, engines.get(spec.read.lang));
  KF_ASSIGN_OR_RETURN(TesseractEngine * other, engines.second_opinion(spec.read.lang));
  // Which of the two models reads first depends on the field type, by measurement (ocr_models.hpp).
  if (other && fast_model_reads_first(spec.type)) std::swap(engine, other);
  const double expected =
      spec.read.single_line
          ? estimate_char_count(w.region.mask(w.region.bounds), w.region.char_height, spec.read.latin())
          : 0;

  // Grey first: it keeps the anti-aliasing the LSTM was trained on. Binary is the independent
  // second preprocessing (on noisy or coloured backgrounds it is often the better one); how the
  // reads combine is read_agreement.hpp.
  const cv::Mat first_img = prepare(w, Read::kFirst, spec);
  KF_ASSIGN_OR_RETURN(Attempt first, read_prepared(first_img, Read::kFirst, spec, *engine, expected));
  // The second model on the very same image: its mistakes come from different training, not from
  // a different crop, so agreement is evidence about the reading itself. Names, addresses and
  // kana always get it: a confident first read is exactly where a silent error hides (on seed 8,
  // reading kana a second time only when doubtful let 3.8 % of kana pass wrong, against 1.2 %).
  // Dates, whose validator already catches most misreads, get it only when the first read is
  // in doubt: the 4.0.0 model as their second opinion would add ~60 ms a page for no error caught.
  const bool always_second = spec.type == FieldType::kText || spec.type == FieldType::kKana;
  const bool wants_other = other && (always_second || first.confidence < kDoubtfulRead);
  if (!wants_other) return finish_text_read(w, first_img, first, *engine, nullptr, spec, expected);
  // A confident kana whose name the dictionary can check: the dictionary is the independent
  // evidence, the second model is kept for when it does not confirm (kana_confirmation.hpp).
  if (hints.may_defer_second_model && first.confidence >= kDoubtfulRead) {
    KF_ASSIGN_OR_RETURN(FieldRead out, finish_text_read(w, first_img, first, *engine, nullptr, spec, expected));
    TesseractEngine* primary = engine;
    out.with_second_model = [w, first_img, first, primary, other, spec, expected]() {
      return finish_text_read(w, first_img, first, *primary, other, spec, expected);
    };
    return out;
  }
  return finish_text_read(w, first_img, first, *engine, other, spec, expected);
}

}  // namespace kamiflow::ocr
