#include "field_postprocess.hpp"

#include <algorithm>

#include "kamiflow/ocr/text.hpp"
#include "pinned_digits.hpp"

namespace kamiflow::ocr {
namespace {

void add_flag(FieldResult& out, const char* f) {
  if (!out.has_flag(f)) out.flags.emplace_back(f);
}

bool is_choice(FieldType t) { return t == FieldType::kCheckboxGroup || t == FieldType::kCircledChoice; }

}  // namespace

bool has_check_digit(const FieldSpec& spec) {
  return std::any_of(spec.validators.begin(), spec.validators.end(),
                     [](const std::string& v) { return text::validator_checks_digits(v); });
}

std::string calibration_kind(const FieldSpec& spec, const FieldRead& read) {
  std::string kind(field_type_name(spec.type));
  if (read.handwritten) kind += "/handwritten";
  return kind;
}

double review_threshold_for(const FieldSpec& spec, const FieldRead& read, const Calibration* calibration) {
  if (spec.review_threshold_set || !calibration) return spec.review_threshold;
  return calibration->threshold(calibration_kind(spec, read), spec.review_threshold);
}

std::optional<std::string> normalised_as_field(const FieldSpec& spec, std::string raw) {
  for (const auto& name : spec.normalisers) {
    Result<std::string> r = text::apply_normaliser(name, raw);
    if (!r.ok()) return std::nullopt;
    raw = std::move(r).value();
  }
  return raw;
}

std::optional<std::string> as_value(const FieldSpec& spec, const std::string& raw) {
  std::optional<std::string> v = normalised_as_field(spec, raw);
  if (!v || v->empty()) return std::nullopt;
  for (const auto& n : spec.validators)
    if (!text::validate(n, *v).ok()) return std::nullopt;
  return v;
}

bool normalise_and_validate(const FieldSpec& spec, std::string& value, std::string& why) {
  for (const auto& name : spec.normalisers) {
    Result<std::string> r = text::apply_normaliser(name, value);
    if (!r.ok()) {
      why = "normaliser " + name + ": " + r.status().message();
      return false;  // keep the value as far as it got, for the reviewer
    }
    value = std::move(r).value();
  }
  for (const auto& name : spec.validators) {
    const Status st = text::validate(name, value);
    if (!st.ok()) {
      why = st.message();
      return false;
    }
  }
  return true;
}

void postprocess_field(const FieldSpec& spec, const FieldRead& read, FieldResult& out, double review_threshold) {
  out.name = spec.name;
  out.type = spec.type;
  out.raw = read.raw;
  out.value.clear();
  out.confidence = std::clamp(read.confidence, 0.0, 1.0);
  out.flags = read.flags;
  out.reasons.clear();
  out.alternatives.clear();
  // Alternatives normalised as the value is, so record-level checks compare like with like.
  for (const auto& alt : read.alternatives) {
    std::string v = alt;
    for (const auto& name : spec.normalisers) {
      Result<std::string> r = text::apply_normaliser(name, v);
      if (!r.ok()) break;
      v = std::move(r).value();
    }
    out.alternatives.push_back(std::move(v));
  }

  if (read.blank) {
    if (spec.required && !is_choice(spec.type)) add_flag(out, flag::kBlankRequired);
  } else if (!read.raw.empty()) {
    std::string value = read.raw;
    std::string why;
    const bool valid = normalise_and_validate(spec, value, why);
    // A validator's words (e.g. "フリガナ: 小書き文字「ョ」が語頭にあります") are what the clerk reads.
    if (!valid && !why.empty() && !why.starts_with("normaliser ")) out.reasons.push_back(why);
    out.value = std::move(value);
    if (!valid) {
      add_flag(out, flag::kInvalid);
      out.confidence = std::min(out.confidence, 0.5);
    } else if (read.handwritten && read.flags.empty() && has_check_digit(spec)) {
      // Every cell sure and the check digit right. One misread digit breaks a My Number check
      // digit unless it moves the weighted sum's remainder between 0 and 1 (both give check
      // digit 0; about 1 in 50), two misread digits cancel about 1 in 11 times: the doubt left
      // is taken as a tenth of the classifier's own (its 0.98 cap becomes 0.998), and the
      // calibration of digit_boxes/handwritten measures whether that holds.
      out.confidence = 1.0 - (1.0 - out.confidence) / 10;
    } else if (!read.handwritten && (spec.type == FieldType::kDigits || spec.type == FieldType::kDigitBoxes) &&
               out.flags.size() == 1 && out.has_flag(flag::kDisagreement) &&
               reads_differ_only_in_pinned_digits(spec, out.value, out.alternatives)) {
      // The two preprocessings differ only where the field's rules admit one digit (027- against
      // 927- for a phone number): the rules are the deciding voice (pinned_digits.hpp).
      out.drop_flag(flag::kDisagreement);
      out.confidence = std::max(out.confidence, kPinnedDigitConfidence);
    }
  }
  if (out.confidence < review_threshold) add_flag(out, flag::kLowConfidence);
}

}  // namespace kamiflow::ocr
