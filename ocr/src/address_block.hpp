// Internal to ocr/: is what follows an address's town a block number (and building) as people
// write them? Strict on purpose: it decides whether an address whose town the postal code has
// confirmed may pass without a person (postal_address.hpp), so anything unusual goes to review.
//
// Accepted, after NFKC and without spaces (N: 1–4 ASCII digits, or kanji numerals for 丁目):
//   N丁目N番N号 · N丁目N番 · N丁目N番地N · N丁目N-N · N番地N · N番地 · N番N号 · N-N-N
// then optionally a building: a name (kanji, kana, ー, digits inside it: 第2コーポ) that does not
// start with a digit, and a room number N, N号 or N号室 at its end. Everything else is doubtful:
// 1月25番 (丁目 read 月), 16-15 (a hyphen lost), 20番20三 (号 read 三), brackets, ASCII marks.
// Pure; thread-safe.
#pragma once

#include <string_view>

namespace kamiflow::ocr {

bool address_block_well_formed(std::string_view after_town);

}  // namespace kamiflow::ocr
