#include "date_slot_alternatives.hpp"

#include <algorithm>
#include <iterator>

#include "kamiflow/ocr/text.hpp"

namespace kamiflow::ocr {

std::string spell_slot_date(const std::string& era, const std::vector<std::string>& parts) {
  static const char* const kUnits[] = {"年", "月", "日"};
  std::string date = era;
  for (std::size_t i = 0; i < parts.size(); ++i) date += parts[i] + (i < std::size(kUnits) ? kUnits[i] : "");
  return date;
}

std::vector<std::string> slot_date_alternatives(const std::string& era, const std::vector<std::string>& parts,
                                                const std::vector<SlotReading>& others) {
  const std::string read = spell_slot_date(era, parts);
  std::vector<std::string> out;
  for (const auto& [slot, number] : others) {
    if (slot >= parts.size()) continue;
    std::vector<std::string> other = parts;
    other[slot] = number;
    std::string alt = spell_slot_date(era, other);
    if (alt == read || !text::date_to_iso(alt).ok() || std::find(out.begin(), out.end(), alt) != out.end()) continue;
    out.push_back(std::move(alt));
  }
  return out;
}

}  // namespace kamiflow::ocr
