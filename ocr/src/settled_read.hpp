// Internal to ocr/: a text field whose models disagreed, settled by evidence from outside the
// reads themselves (place names: address_places.hpp; words: text_words.hpp; a name the dictionary
// knows whole: record_checks.cpp). Pure; thread-safe.
#pragma once

#include <cstddef>

#include "kamiflow/ocr/form_template.hpp"
#include "kamiflow/ocr/record.hpp"

namespace kamiflow::ocr {

// Keeps read `winner` of `f` (0: its value, i: its alternative i-1) as the value, the value it
// replaces becoming an alternative and no alternative left that reads as the new value; lifts the
// model disagreement (and the second rendering's disagreement) and raises the confidence to
// `confidence`, clearing low_confidence when that reaches the field's review threshold. Every
// other flag stays. False, with `f` unchanged, when the winning read does not normalise as the
// field's value.
bool keep_settled_read(FieldResult& f, const FieldSpec& spec, std::size_t winner, double confidence);

}  // namespace kamiflow::ocr
