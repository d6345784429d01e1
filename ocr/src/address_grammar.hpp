// Internal to ocr/: a Japanese address read with characters its grammar fixes.
//
// An address runs prefecture → city → town → 丁目 → 番 → 号. Tesseract misreads some of the
// grammar's own characters in ways no address contains: 目 of 丁目 as 日 (花畑町5丁日), 丁 as 」
// (道玄坂1」日), 号 after 番's number as a look-alike (12番10肌, 25番12旨), and one kanji of a
// prefecture (神住川県, 一葉県, 東京部), a dash for the 一 between kanji (北-条西) or a dot for a
// hyphen between digits (3.24-5). A prefecture is one of 47: one character away from exactly
// one of them, and followed by a city, town or ward, it is that one. The caller treats a repaired
// value as a proposal (flagged for review, the read kept as an alternative): the grammar says what
// the character must be, not that the rest of the read is right.
//
// Contract: pure; thread-safe. Values without a digit are left alone (names are not addresses).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "kamiflow/ocr/form_template.hpp"
#include "kamiflow/ocr/record.hpp"

namespace kamiflow::ocr {

// The address `text` must have been; nullopt when nothing the grammar fixes is wrong in it.
[[nodiscard]] std::optional<std::string> repair_address_text(std::string_view text);

// Applies the repair, and without_trailing_specks (text_value_shape.hpp), to the value of every
// Japanese `text` field of `rec`, once the record-level checks (address_places.hpp) have chosen
// it: a repaired value is flagged low_confidence (at most 0.5), the value as read kept first among
// the alternatives.
void propose_text_repairs(const FormTemplate& tmpl, Record& rec);

}  // namespace kamiflow::ocr
