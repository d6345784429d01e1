// kamiflow::engine journal vocabulary: which pages of which input files are finished.
//
// Contract: plain values. A page is identified by (file_sha256, page), not by path, so a file that
// is renamed, copied or dropped into the hot folder twice is still recognised as done. page 0
// stands for "the whole file" (used when the file could not even be opened). The journal itself
// lives in the RecordStore's SQLite database (table `pages`), so that a page's record and its
// journal row are committed in one transaction: a page is either fully recorded or not at all.
// Thread-safety: values; share freely.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kamiflow::engine {

// Terminal states only: a page absent from the journal has simply not been done yet.
enum class PageState {
  kDone,          // a record was committed for it
  kQuarantined,   // unreadable or unusable; a copy of the file sits in the quarantine folder
  kUnclassified,  // no template matched; a copy sits in the unclassified tray
  kDropped,       // the workflow's on_record dropped it on purpose (reason kept)
};

[[nodiscard]] std::string_view page_state_name(PageState s);  // "done", "quarantined", ...
[[nodiscard]] std::optional<PageState> parse_page_state(std::string_view name);

// One page of one input file, as the runner and its callbacks see it.
struct PageRef {
  std::string source_file;  // path as given (or found under a given directory)
  int page = 0;             // 1-based; 0 = the whole file
  std::string file_sha256;  // hex; empty when the file could not even be read
};

struct JournalEntry {
  PageRef ref;
  PageState state = PageState::kDone;
  std::string reason;  // why quarantined/unclassified/dropped; empty when done
  long long batch_id = 0;
};

}  // namespace kamiflow::engine
