// Internal to ocr/: from what a recogniser read to the FieldResult a record carries: the
// template's normaliser chain and validators (kamiflow/ocr/text.hpp, by name), and the review
// flags that follow from blanks, failures and low confidence. Pure; thread-safe.
#pragma once

#include "field_readers.hpp"
#include "kamiflow/ocr/record.hpp"

namespace kamiflow::ocr {

// Fills name, type, raw, value, confidence and flags of `out` (box and crop are the caller's).
//  - blank: value "", no validators; required → "blank_required" (choices say "no_mark" instead);
//  - a normaliser that fails or a validator that rejects → "invalid", and the confidence is capped
//    at 0.5 (a value that breaks its own rules is more likely misread than written so);
//  - confidence under spec.review_threshold → "low_confidence".
void postprocess_field(const FieldSpec& spec, const FieldRead& read, FieldResult& out);

}  // namespace kamiflow::ocr
