// `kamiflow enqueue`: registers scans on a shared folder as pages for `kamiflow worker`s on any
// machine (docs/scale-out.md). Each file is hashed and opened once here, so the queue holds one
// row per page (a multi-page TIFF/PDF gives one row per page, spread over the workers); a file
// that cannot be opened gets one page-0 row that a worker quarantines with the reason, as
// `kamiflow batch` would. Enqueueing the same file again adds nothing (unique sha256 + page).
#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>

#include "engine/batch/runner.hpp"
#include "engine/cli/commands.hpp"
#include "engine/cli/conventions.hpp"
#include "engine/base/messages.hpp"
#include "engine/store/record_store.hpp"
#include "engine/store/work_queue.hpp"
#include "kamiflow/ocr/page_source.hpp"

namespace kamiflow::cli {
namespace {

struct EnqueueArgs {
  std::string db;
  std::vector<std::string> inputs;
  bool recursive = false;
  bool json = false;
};

ExitCode fail(const Status& st) {
  std::cerr << "error: " << st.ToString() << "\n";
  return ExitCode::kFailure;
}

ExitCode run_enqueue(const EnqueueArgs& a) {
  if (!engine::is_database_url(a.db)) {
    std::cerr << "error: " << ui("enqueue には PostgreSQL のデータベース (--db postgresql://...) が必要です",
                                 "enqueue needs a PostgreSQL database (--db postgresql://...)") << "\n";
    return ExitCode::kUsage;
  }
  auto files = engine::expand_inputs(a.inputs, a.recursive);
  if (!files.ok()) return fail(files.status());
  auto store = engine::RecordStore::open(a.db);  // the records' tables first (batches)
  if (!store.ok()) return fail(store.status());
  auto queue = engine::WorkQueue::open(a.db);
  if (!queue.ok()) return fail(queue.status());
  // Workers on other machines read the files by this path: make it absolute here.
  std::vector<std::string> absolute;
  for (const auto& f : *files) absolute.push_back(std::filesystem::absolute(f).lexically_normal().string());
  auto batch = (*store)->begin_batch(absolute);
  if (!batch.ok()) return fail(batch.status());
  long long added = 0, already = 0, unreadable = 0;
  for (const auto& path : absolute) {
    auto sha = ocr::sha256_file(path);
    if (!sha.ok()) {  // nothing to key it by: say so, the file stays for the next enqueue
      std::cerr << path << ": " << sha.status().ToString() << "\n";
      ++unreadable;
      continue;
    }
    auto source = ocr::PageSource::open(path, ocr::PageSourceLimits{});
    const int pages = source.ok() ? (*source)->page_count() : 0;
    auto n = (*queue)->enqueue(*batch, path, *sha, pages, source.ok() ? "" : source.status().ToString());
    if (!n.ok()) return fail(n.status().WithContext(path));
    added += *n;
    already += std::max(pages, 1) - *n;
  }
  (void)(*store)->finish_batch(*batch, nlohmann::json{{"enqueued_pages", added}, {"already_enqueued", already}});
  if (a.json) {
    std::cout << nlohmann::json{{"batch_id", *batch}, {"files", absolute.size()}, {"enqueued_pages", added},
                                {"already_enqueued", already}, {"unreadable_files", unreadable}}
                     .dump()
              << "\n";
  } else {
    std::cerr << ui("バッチ " + std::to_string(*batch) + ": " + std::to_string(added) + " ページを登録しました（登録済み " +
                        std::to_string(already) + "、読めないファイル " + std::to_string(unreadable) + "）。" +
                        "kamiflow worker で処理し、kamiflow status で進み具合を確認してください",
                    "batch " + std::to_string(*batch) + ": enqueued " + std::to_string(added) + " pages (already " +
                        std::to_string(already) + ", unreadable files " + std::to_string(unreadable) +
                        "); run kamiflow worker, follow with kamiflow status")
              << "\n";
  }
  return unreadable > 0 ? ExitCode::kRejects : ExitCode::kOk;
}

}  // namespace

Command add_enqueue_command(CLI::App& parent) {
  auto a = std::make_shared<EnqueueArgs>();
  CLI::App* app = parent.add_subcommand(
      "enqueue", "Register scans on a shared folder as pages for kamiflow worker (PostgreSQL; docs/scale-out.md)");
  app->add_option("--db", a->db, "PostgreSQL database: postgresql://user@host/db")->required();
  app->add_flag("--recursive,-r", a->recursive, "Descend into subdirectories");
  app->add_flag("--json", a->json, "Print what was enqueued as one JSON object on stdout");
  app->add_option("inputs", a->inputs, "Files, directories or glob patterns on the shared folder")->required();
  return {app, [a](CliContext&) { return run_enqueue(*a); }};
}

}  // namespace kamiflow::cli
