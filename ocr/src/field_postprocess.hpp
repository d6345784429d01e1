// Internal to ocr/: from what a recogniser read to the FieldResult a record carries: the
// template's normaliser chain and validators (kamiflow/ocr/text.hpp, by name), and the review
// flags that follow from blanks, failures and low confidence. Pure; thread-safe.
#pragma once

#include <optional>

#include <string>

#include "field_readers.hpp"
#include "kamiflow/ocr/calibration.hpp"
#include "kamiflow/ocr/record.hpp"

namespace kamiflow::ocr {

// Fills name, type, raw, value, confidence and flags of `out` (box and crop are the caller's).
//  - blank: value "", no validators; required → "blank_required" (choices say "no_mark" instead);
//  - a normaliser that fails or a validator that rejects → "invalid", and the confidence is capped
//    at 0.5 (a value that breaks its own rules is more likely misread than written so);
//  - confidence under `review_threshold` → "low_confidence".
void postprocess_field(const FieldSpec& spec, const FieldRead& read, FieldResult& out, double review_threshold);

// The template's normaliser chain, then its validators, on a non-blank value. Returns whether the
// value passed; `value` is left as far as normalisation got, `why` says what failed.
// Whether one of the field's validators checks a check digit (text::validator_checks_digits).
[[nodiscard]] bool has_check_digit(const FieldSpec& spec);
[[nodiscard]] bool normalise_and_validate(const FieldSpec& spec, std::string& value, std::string& why);

// `raw` through the template's normaliser chain alone; nullopt when a normaliser refuses it. What
// a record-level check applies to a value it proposes, so it compares like with the field's value.
[[nodiscard]] std::optional<std::string> normalised_as_field(const FieldSpec& spec, std::string raw);

// An alternative read through the field's own normalisers and validators, as postprocess_field
// would have made it the value; nullopt when it breaks them (or is empty).
[[nodiscard]] std::optional<std::string> as_value(const FieldSpec& spec, const std::string& raw);

// The review threshold of one read: the template's own when it sets one, else the calibrated one
// for the read's kind (calibration_kind), else FieldSpec's default.
[[nodiscard]] double review_threshold_for(const FieldSpec& spec, const FieldRead& read, const Calibration* calibration);
// "text", "digit_boxes", ..., or "<type>/handwritten" when the digit classifier read it.
[[nodiscard]] std::string calibration_kind(const FieldSpec& spec, const FieldRead& read);

}  // namespace kamiflow::ocr
