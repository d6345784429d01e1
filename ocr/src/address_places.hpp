// Internal to ocr/: place-name evidence for addresses the two models read differently.
//
// An address starts prefecture → city (香川県高松市…). One model misreading a place's kanji (査川県,
// 前槍市, 十代田区) yields a name no dictionary lists, while the other model's read of the same
// place is one mecab-ipadic knows as 固有名詞,地域. When exactly one of the field's reads has a
// known prefecture and a known city, and every other read differs from it only there (the rest
// of the address is the same), that read is kept and the model disagreement is settled. Any
// difference after the city (番地, building) stays in review: place names say nothing about it.
// Not thread-safe through the NameReadings it is given.
#pragma once

#include "kamiflow/ocr/form_template.hpp"
#include "kamiflow/ocr/record.hpp"
#include "name_reading.hpp"

namespace kamiflow::ocr {

// A text field settled this way is this confident (under the two models' agreement, above the
// default review threshold).
inline constexpr double kKnownPlacesConfidence = 0.85;

// Applies the check to every `text` field of `rec` flagged model_disagreement.
void check_address_places(const FormTemplate& tmpl, NameReadings& readings, Record& rec);

}  // namespace kamiflow::ocr
