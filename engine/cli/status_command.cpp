// `kamiflow status`: the scale-out queue at a glance — pages pending/claimed/done/quarantined per
// batch, workers alive (heartbeat within their lease), pages per second over the last minute.
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "engine/base/messages.hpp"
#include "engine/cli/commands.hpp"
#include "engine/store/record_store.hpp"
#include "engine/store/work_queue.hpp"

namespace kamiflow::cli {
namespace {

struct StatusArgs {
  std::string db;
  bool json = false;
};

nlohmann::json to_json(const engine::QueueStatus& s) {
  nlohmann::json j{{"batches", nlohmann::json::array()}, {"workers", nlohmann::json::array()},
                   {"pages_per_second_last_minute", s.pages_per_second_last_minute}};
  for (const auto& b : s.batches)
    j["batches"].push_back({{"batch_id", b.batch_id}, {"pending", b.pending}, {"claimed", b.claimed},
                            {"done", b.done}, {"quarantined", b.quarantined}, {"unclassified", b.unclassified},
                            {"dropped", b.dropped}});
  long long alive = 0;
  for (const auto& w : s.workers) {
    alive += w.alive ? 1 : 0;
    j["workers"].push_back({{"name", w.name}, {"heartbeat_at", w.heartbeat_at}, {"pages", w.pages}, {"alive", w.alive}});
  }
  j["workers_alive"] = alive;
  return j;
}

ExitCode run_status(const StatusArgs& a) {
  if (!engine::is_database_url(a.db)) {
    std::cerr << "error: " << ui("status には PostgreSQL のデータベース (--db postgresql://...) が必要です",
                                 "status needs a PostgreSQL database (--db postgresql://...)") << "\n";
    return ExitCode::kUsage;
  }
  auto queue = engine::WorkQueue::open(a.db);
  if (!queue.ok()) {
    std::cerr << "error: " << queue.status().ToString() << "\n";
    return ExitCode::kFailure;
  }
  auto s = (*queue)->status();
  if (!s.ok()) {
    std::cerr << "error: " << s.status().ToString() << "\n";
    return ExitCode::kFailure;
  }
  if (a.json) {
    std::cout << to_json(*s).dump() << "\n";
    return ExitCode::kOk;
  }
  std::cout << ui("バッチ  未処理  処理中  完了  隔離  未分類  除外", "batch  pending  claimed  done  quarantined  unclassified  dropped")
            << "\n";
  for (const auto& b : s->batches) {
    char line[160];
    std::snprintf(line, sizeof line, "%5lld  %6lld  %6lld  %4lld  %4lld  %6lld  %4lld", b.batch_id, b.pending,
                  b.claimed, b.done, b.quarantined, b.unclassified, b.dropped);
    std::cout << line << "\n";
  }
  long long alive = 0;
  for (const auto& w : s->workers) alive += w.alive ? 1 : 0;
  char rate[64];
  std::snprintf(rate, sizeof rate, "%.2f", s->pages_per_second_last_minute);
  std::cout << ui("稼働中のワーカー: " + std::to_string(alive) + " / " + std::to_string(s->workers.size()) +
                      "、直近1分の処理速度: " + rate + " ページ/秒",
                  "workers alive: " + std::to_string(alive) + " / " + std::to_string(s->workers.size()) +
                      ", last minute: " + rate + " pages/s")
            << "\n";
  for (const auto& w : s->workers)
    std::cout << "  " << w.name << "  " << (w.alive ? ui("稼働中", "alive") : ui("停止", "gone")) << "  "
              << w.heartbeat_at << "  " << w.pages << ui(" ページ", " pages") << "\n";
  return ExitCode::kOk;
}

}  // namespace

Command add_status_command(CLI::App& parent) {
  auto a = std::make_shared<StatusArgs>();
  CLI::App* app = parent.add_subcommand("status", "Scale-out queue: pages per batch and state, workers alive, pages/s");
  app->add_option("--db", a->db, "PostgreSQL database: postgresql://user@host/db")->required();
  app->add_flag("--json", a->json, "One JSON object on stdout");
  return {app, [a](CliContext&) { return run_status(*a); }};
}

}  // namespace kamiflow::cli
