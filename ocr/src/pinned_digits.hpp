// Internal to ocr/: two reads of a typed number that differ only in a digit the field's own rules
// pin down.
//
// The two preprocessings read 027-768-2290 and 927-768-2290 (or 27-768-2290): every other digit
// agrees, and at the one place they differ no digit but the value's makes a valid field value (a
// Japanese phone number starts with 0; a My Number's check digit admits one digit in any place).
// Then the disagreement is no doubt about the number: the rules settle it as a third voice (dev
// seeds 44, 41, 31, 32, 43: 16 phone numbers passed, all right). Used by postprocess_field; pure,
// thread-safe.
#pragma once

#include <string>
#include <vector>

#include "kamiflow/ocr/form_template.hpp"

namespace kamiflow::ocr {

// The confidence of a typed number whose reads agreed but for a pinned digit: as two of three
// reads agreeing (kMajorityCap).
inline constexpr double kPinnedDigitConfidence = 0.9;

// Whether every read in `others` has the digits of `value` (a valid, normalised field value),
// or them with one digit replaced or dropped at a place where only value's digit is valid for `spec`.
// False when there are no others, when a read differs otherwise, or when the field's normalisers
// cannot rebuild a value from bare digits (then validity cannot be tested digit by digit).
[[nodiscard]] bool reads_differ_only_in_pinned_digits(const FieldSpec& spec, const std::string& value,
                                                     const std::vector<std::string>& others);

}  // namespace kamiflow::ocr
