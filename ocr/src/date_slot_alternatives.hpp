// Internal to ocr/: what a reviewer is offered for a date written in printed-parts slots
// (read_date_parts.cpp) when its readers disagreed: the date as the other reader saw it, one
// slot at a time. Pure; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace kamiflow::ocr {

// One slot's number as a losing reader read it: (slot index, digits).
using SlotReading = std::pair<std::size_t, std::string>;

// `era` + `parts` joined with 年/月/日 (令和 + {7, 3, 16} → 令和7年3月16日).
[[nodiscard]] std::string spell_slot_date(const std::string& era, const std::vector<std::string>& parts);

// For each of `others`, the date `parts` with that slot replaced, in the order given; only dates
// that exist (a month 25 is no choice for a person to make), none twice and none equal to the
// date read.
[[nodiscard]] std::vector<std::string> slot_date_alternatives(const std::string& era,
                                                              const std::vector<std::string>& parts,
                                                              const std::vector<SlotReading>& others);

}  // namespace kamiflow::ocr
