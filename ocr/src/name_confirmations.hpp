// Internal to ocr/: a name field confirmed by the dictionary alone (ipadic knowing it whole as a
// surname and a given name), after the kana checks of record_checks.cpp, for names with or without
// a フリガナ. Each lifts the doubt of one kind of read and leaves every other flag as it is:
//   - confirm_agreed_known_name: both models read it alike, in doubt only for its length;
//   - confirm_known_name_over_unknown_reads: kept over reads the dictionary does not know;
//   - confirm_name_read_alike_but_for_marks: the reads differ only by marks no name holds.
// The reasons and dev-seed figures are at each definition. Not thread-safe through NameReadings.
#pragma once

#include "kamiflow/ocr/form_template.hpp"
#include "kamiflow/ocr/record.hpp"
#include "name_reading.hpp"

namespace kamiflow::ocr {

// Both models read the name alike and only its length left it in doubt (kAgreedDespiteLength,
// its one flag low_confidence, no other read): the state the agreed-name confirmations start from.
bool agreed_but_for_length(const FieldResult& name);

void confirm_agreed_known_name(FieldResult& name, NameReadings& readings);
void confirm_known_name_over_unknown_reads(FieldResult& name, const FieldSpec& spec, NameReadings& readings);
void confirm_name_read_alike_but_for_marks(FieldResult& name, const FieldSpec& spec, NameReadings& readings);

}  // namespace kamiflow::ocr
