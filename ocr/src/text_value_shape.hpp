// Internal to ocr/: does a text value (a name, an address) have a shape such values have? Two
// models that agree can still both be wrong in the same way — a thin hyphen both lost
// (3-3-2 read 33-2, 2-24-9 read 2249), 丁目 read 丁日, a stray mark at a line's end (山本芽依-) — and on
// development seeds 7, 8, 11 those were most of the wrong text values that passed unflagged at
// confidence 1.0. A value with a doubtful shape goes to review whatever the models said.
//
// What counts as doubtful (deliberately narrow; only shapes no correct read of these forms has):
//  - an ASCII mark (- _ . , | ' " ` : ; ~) or 、 at either end, or ー at the start;
//  - a digit followed by 丁 that is not 丁目;
//  - in an address (a prefecture, …都/道/府/県, within the first four characters), a bracket or
//    quotation mark (5」日 for 5丁目), or a block number
//    written with hyphens that does not have exactly three parts (丁目-番-号), or a bare run of three
//    or more digits not followed by 丁目/番/号. This also sends real two-part addresses (番地-号,
//    12-3) to review: a lost hyphen looks exactly like them, and review is the safe side.
// Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kamiflow::ocr {

bool text_value_shape_doubtful(std::string_view value);

// The value without the marks a speck or the printed frame at the line's end reads as (市川俊介、,
// 小川裕太), 桜井徹\, 中島澪-, 岩崎正子_): ASCII marks, 、, and a closing bracket that opens
// nowhere. 。 is kept (a remark may end with one). nullopt when there is nothing to take off or
// nothing would be left.
std::optional<std::string> without_trailing_specks(std::string_view value);

}  // namespace kamiflow::ocr
