#include "engine/batch/commit.hpp"

#include <cctype>
#include <filesystem>

#include "engine/base/messages.hpp"
#include "engine/batch/reasons.hpp"
#include "engine/os/atomic_file.hpp"

namespace kamiflow::engine::detail {
namespace fs = std::filesystem;

void Tracker::expect(const std::string& path, int pages) {
  movable_.emplace(path, true);
  if (pages == 0) {
    move_to_done(path);
    return;
  }
  remaining_[path] += pages;
}

void Tracker::completed(const std::string& path, bool journaled) {
  if (!journaled) movable_[path] = false;
  auto it = remaining_.find(path);
  if (it == remaining_.end() || --it->second > 0) return;
  remaining_.erase(it);
  if (movable_[path]) move_to_done(path);
}

void Tracker::move_to_done(const std::string& path) {
  if (options_.done_dir.empty()) return;
  std::error_code ec;
  fs::path dir(options_.done_dir);
  fs::create_directories(dir, ec);
  fs::path name = fs::path(path).filename();
  fs::path target = dir / name;
  for (int n = 2; fs::exists(target, ec); ++n)  // never overwrite an earlier file of the same name
    target = dir / (name.stem().string() + "-" + std::to_string(n) + name.extension().string());
  fs::rename(path, target, ec);
  if (ec.value() == EXDEV) {  // another file system: copy (fsynced) then remove
    ec.clear();
    fs::copy_file(path, target, ec);
    if (!ec) fs::remove(path, ec);
  }
  if (ec) {
    options_.logger->warn("could not move {} to {}: {}", path, dir.string(), ec.message());
    return;
  }
  ++summary_.moved_to_done;
}

Committer::Committer(RecordStore& store, const BatchOptions& options, const BatchCallbacks& callbacks,
                     Tracker& tracker, long long batch_id)
    : store_(store), options_(options), callbacks_(callbacks), tracker_(tracker), batch_id_(batch_id) {
  if (!options.quarantine_dir.empty()) quarantine_.emplace(options.quarantine_dir, "quarantined by kamiflow");
  if (!options.unclassified_dir.empty())
    unclassified_.emplace(options.unclassified_dir, "unclassified by kamiflow (no template matched)");
}

Status Committer::deliver(const PageRef& ref, Result<ocr::Record> outcome) {
  if (outcome.ok()) return deliver_record(ref, std::move(outcome).value());
  return deliver_reject(ref, outcome.status());
}

std::vector<std::string> Committer::save_crops(ocr::Record& record) {
  std::vector<std::string> paths(record.fields.size());
  for (size_t i = 0; i < record.fields.size(); ++i) {
    ocr::FieldResult& f = record.fields[i];
    if (!options_.crops_dir.empty() && (f.needs_review() || options_.crop_all_fields) && !f.crop_png.empty()) {
      // Named by content, not by input path: stable across reruns and renamed inputs, and
      // rewriting the same name after a crash is harmless.
      std::string safe = f.name;
      for (char& c : safe)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') c = '_';
      fs::path p = fs::absolute(fs::path(options_.crops_dir)) /
                   (record.file_sha256.substr(0, 12) + "_p" + std::to_string(record.page) + "_" + safe + ".png");
      std::error_code ec;
      fs::create_directories(p.parent_path(), ec);
      Status st = write_file_atomically(
          p, std::string_view(reinterpret_cast<const char*>(f.crop_png.data()), f.crop_png.size()));
      if (st.ok()) paths[i] = p.string();
      else options_.logger->warn("could not save crop for {} page {}: {}", record.source_file, record.page, st.ToString());
    }
    f.crop_png.clear();  // the bytes are on disk (or not needed); do not keep them in memory
    f.crop_png.shrink_to_fit();
  }
  return paths;
}

Status Committer::deliver_record(const PageRef& ref, ocr::Record record) {
  BatchSummary& s = tracker_.summary();
  // The runner's view of where the page came from is authoritative.
  record.source_file = ref.source_file;
  record.page = ref.page;
  record.file_sha256 = ref.file_sha256;
  RecordDecision decision;
  if (callbacks_.on_record) {
    KF_ASSIGN_OR_RETURN(decision, callbacks_.on_record(record));
  }
  if (decision.verdict == Verdict::kDrop) {
    KF_ASSIGN_OR_RETURN(bool wrote, store_.commit_page(batch_id_, ref, PageState::kDropped, decision.reason));
    ++(wrote ? s.dropped : s.skipped);
    if (wrote) ++s.pages;
    tracker_.completed(ref.source_file, true);
    return Status::Ok();
  }
  RecordState state = RecordState::kAccepted;
  if (decision.verdict == Verdict::kNeedsReview || (decision.verdict == Verdict::kAuto && record.needs_review()))
    state = RecordState::kNeedsReview;
  // The workflow's own words for the clerk (on_record returning "review", "電話番号の確認が必要").
  if (state == RecordState::kNeedsReview && !decision.reason.empty()) decision.extra["review_reason"] = decision.reason;
  std::vector<std::string> crops = save_crops(record);
  KF_ASSIGN_OR_RETURN(std::optional<long long> id,
                      store_.commit_record(batch_id_, record, state, crops, decision.extra));
  if (id) {
    ++s.pages;
    ++s.records;
    ++(state == RecordState::kAccepted ? s.accepted : s.needs_review);
    options_.logger->debug("{} page {}: record {} ({}, {})", ref.source_file, ref.page, *id, record.form_id,
                           record_state_name(state));
  } else {
    ++s.skipped;  // another process committed it meanwhile
  }
  tracker_.completed(ref.source_file, true);
  return Status::Ok();
}

Status Committer::deliver_reject(const PageRef& ref, const Status& why) {
  BatchSummary& s = tracker_.summary();
  const bool unclassified = why.code() == StatusCode::kUnclassified;
  const PageState state = unclassified ? PageState::kUnclassified : PageState::kQuarantined;
  const std::string where = ref.source_file + (ref.page ? " page " + std::to_string(ref.page) : "");
  // One line per rejected page, in words a clerk can act on; the technical detail goes to the
  // debug log and, beside the copy, to the tray's reason file.
  const std::string for_clerk = clerk_reason(why);
  options_.logger->warn("{}: {}", where, for_clerk);
  options_.logger->debug("{} {}: {}", where, unclassified ? "unclassified" : "quarantined", why.ToString());
  if (callbacks_.on_reject) KF_RETURN_IF_ERROR(callbacks_.on_reject(ref, state, why));

  std::optional<Tray>& tray = unclassified ? unclassified_ : quarantine_;
  if (tray) {
    auto put = tray->put(ref, for_clerk + " [" + ui("詳細", "detail") + ": " + why.ToString() + "]");
    // A file we cannot even read cannot be copied; anything else is the tray's disk failing, and
    // journaling the page without its copy would hide it from the clerk: stop the batch.
    if (!put.ok() && !ref.file_sha256.empty()) return put.status().WithContext("quarantine of " + where);
  }
  if (ref.file_sha256.empty()) {  // no journal key: counted now, retried next run
    ++s.pages;
    ++s.rejected;
    tracker_.completed(ref.source_file, false);
    return Status::Ok();
  }
  KF_ASSIGN_OR_RETURN(bool wrote, store_.commit_page(batch_id_, ref, state, for_clerk));
  if (wrote) {
    ++s.pages;
    ++(unclassified ? s.unclassified : s.rejected);
  } else {
    ++s.skipped;
  }
  tracker_.completed(ref.source_file, true);
  return Status::Ok();
}

}  // namespace kamiflow::engine::detail
