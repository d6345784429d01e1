#include "engine/batch/hot_folder.hpp"

#include <chrono>
#include <filesystem>
#include <map>
#include <thread>

namespace kamiflow::engine {
namespace fs = std::filesystem;
namespace {

struct Seen {
  std::uintmax_t size = 0;
  fs::file_time_type mtime;
  bool operator==(const Seen&) const = default;
};

void add_up(BatchSummary& total, const BatchSummary& s) {
  total.batch_id = s.batch_id;
  total.files += s.files;
  total.pages += s.pages;
  total.records += s.records;
  total.accepted += s.accepted;
  total.needs_review += s.needs_review;
  total.rejected += s.rejected;
  total.unclassified += s.unclassified;
  total.dropped += s.dropped;
  total.skipped += s.skipped;
  total.moved_to_done += s.moved_to_done;
  total.seconds += s.seconds;
  total.interrupted = total.interrupted || s.interrupted;
}

}  // namespace

Result<BatchSummary> watch_folder(RecordStore& store, const WatchOptions& watch, BatchOptions batch,
                                  const BatchCallbacks& callbacks) {
  if (!fs::is_directory(watch.dir)) return Status::NotFound("hot folder is not a directory: " + watch.dir);
  batch.cancel = watch.cancel;
  BatchSummary total;
  std::map<std::string, Seen> last_poll;  // what each file looked like one poll ago
  std::map<std::string, Seen> taken;      // handed to a batch in this state: not again unless it changes
  int idle = 0;
  long long files_taken = 0;
  auto cancelled = [&] { return watch.cancel && watch.cancel->load(); };

  for (bool first = true; !cancelled(); first = false) {
    if (!first) std::this_thread::sleep_for(std::chrono::milliseconds(watch.poll_interval_ms));
    KF_ASSIGN_OR_RETURN(std::vector<std::string> files, expand_inputs({watch.dir}, watch.recursive));
    std::map<std::string, Seen> now;
    std::vector<std::string> stable;
    for (const auto& f : files) {
      std::error_code ec;
      Seen s{fs::file_size(f, ec), fs::last_write_time(f, ec)};
      if (ec) continue;  // vanished between listing and stat
      now[f] = s;
      auto t = taken.find(f);
      if (t != taken.end() && t->second == s) continue;
      auto prev = last_poll.find(f);
      if (prev != last_poll.end() && prev->second == s) stable.push_back(f);
    }
    last_poll = std::move(now);
    if (watch.max_files > 0 && files_taken + static_cast<long long>(stable.size()) > watch.max_files)
      stable.resize(static_cast<size_t>(watch.max_files - files_taken));

    if (stable.empty()) {
      if (watch.max_idle_polls > 0 && ++idle >= watch.max_idle_polls) break;
      continue;
    }
    idle = 0;
    batch.inputs = stable;
    KF_ASSIGN_OR_RETURN(BatchSummary s, BatchRunner(store, batch, callbacks).run());
    add_up(total, s);
    for (const auto& f : stable) taken[f] = last_poll[f];
    files_taken += static_cast<long long>(stable.size());
    if (watch.max_files > 0 && files_taken >= watch.max_files) break;
  }
  total.pages_per_second = total.seconds > 0 ? double(total.pages) / total.seconds : 0;
  return total;
}

}  // namespace kamiflow::engine
