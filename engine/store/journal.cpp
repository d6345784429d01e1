#include "engine/store/journal.hpp"

namespace kamiflow::engine {

std::string_view page_state_name(PageState s) {
  switch (s) {
    case PageState::kDone: return "done";
    case PageState::kQuarantined: return "quarantined";
    case PageState::kUnclassified: return "unclassified";
    case PageState::kDropped: return "dropped";
  }
  return "done";
}

std::optional<PageState> parse_page_state(std::string_view name) {
  for (PageState s : {PageState::kDone, PageState::kQuarantined, PageState::kUnclassified, PageState::kDropped})
    if (page_state_name(s) == name) return s;
  return std::nullopt;
}

}  // namespace kamiflow::engine
