// Internal to ocr/: checks that need more than one field, run once every field of a record is
// read and post-processed. Today: a フリガナ field declared `reading_of = "<name field>"` is
// checked against that name with the dictionary (name_reading.hpp).
//
// Evidence, not a verdict on its own: agreement raises both fields' confidence (and may lift a
// borderline field over its review threshold) and settles a model disagreement about the kana
// (and one about the name only when the kana is sure on its own and no other read of the name
// spells it too: 斎藤 and 斉藤 are both サイトウ); disagreement flags both
// "reading_mismatch" with a reason in Japanese, because one of the two is misread and a clerk must
// look — unless exactly one of the other model's reads (of the kana or of the name) makes them
// agree, which then becomes the value, or the kana is one slip (a replaced character, or one too
// many inside it) from a reading of a name that is sure on its own and known to the dictionary whole (then the mended kana passes), or
// the name is one kanji from the one spelling of a kana that is sure on its own (then the mended
// name passes; also when the dictionary could not judge the read but knows the mend whole). A
// name the models disagree about, of which exactly one read is a full name the dictionary knows
// (surname + given name), keeps that read; a name kept over the other model's read, still under
// its bar, passes when it is a known full name and no other read is. A name the dictionary does
// not know changes nothing. Not thread-safe through the NameReadings it is given.
#pragma once

#include "kamiflow/ocr/form_template.hpp"
#include "kamiflow/ocr/record.hpp"
#include "name_reading.hpp"

namespace kamiflow::ocr {

// How much a reading agreeing with its name raises each field's confidence.
inline constexpr double kReadingAgreementBonus = 0.15;
// A kana value confirmed as a reading of its name is at least this confident, and an OCR
// disagreement about it is settled (unless a disagreeing read is a reading too).
inline constexpr double kReadingConfirmed = 0.9;
// A name model disagreement settled because only one read is a full name the dictionary knows.
inline constexpr double kKnownNameConfidence = 0.85;
// A name both models read alike, in doubt only for its length, that the dictionary knows whole.
inline constexpr double kAgreedKnownNameConfidence = 0.9;

// A text field that holds a person's name: named …name, or labelled 氏名/名前.
bool looks_like_a_name(const FieldSpec& spec);

// Applies every reading_of check of `tmpl` to `rec` (whose fields are in template order), then
// confirms names (text fields named …name or labelled 氏名/名前) that the dictionary knows as
// surname + given name when the only doubt left is their length (both models read them alike) or
// another read the dictionary does not know. A name a kana check mended is not confirmed there.
void check_readings(const FormTemplate& tmpl, NameReadings& readings, Record& rec);

}  // namespace kamiflow::ocr
