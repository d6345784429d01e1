#include "engine/batch/progress.hpp"

#include "engine/base/messages.hpp"
#include "engine/base/status_line.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace kamiflow::engine {
namespace {

std::string fixed1(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

double rate(const ProgressSnapshot& s) {
  return s.elapsed_seconds > 0 ? static_cast<double>(s.pages_done) / s.elapsed_seconds : 0;
}

std::string eta(const ProgressSnapshot& s) {
  double r = rate(s);
  long long left = std::max(0LL, s.pages_total - s.pages_done);
  return format_duration(r > 0 ? static_cast<double>(left) / r : -1);
}

}  // namespace

std::string format_duration(double seconds) {
  if (seconds < 0 || !std::isfinite(seconds)) return "--";
  long long t = std::llround(seconds);
  char buf[32];
  if (t >= 3600)
    std::snprintf(buf, sizeof buf, "%lldh%02lldm", t / 3600, (t % 3600) / 60);
  else if (t >= 60)
    std::snprintf(buf, sizeof buf, "%lldm%02llds", t / 60, t % 60);
  else
    std::snprintf(buf, sizeof buf, "%llds", t);
  return buf;
}

std::string render_progress_bar(const ProgressSnapshot& s, int width) {
  // Built with append: GCC 12 warns falsely (-Wrestrict) on a long chain of literal + string.
  std::string tail;
  tail.append("  ").append(std::to_string(s.pages_done)).append(s.total_is_estimate ? "/~" : "/").append(std::to_string(s.pages_total));
  tail.append(" pages  ").append(fixed1(rate(s))).append(" p/s  ETA ").append(eta(s));
  if (s.rejected > 0) tail += "  " + std::to_string(s.rejected) + " rejected";
  if (s.skipped > 0) tail += "  " + std::to_string(s.skipped) + " skipped";
  // The bar takes what the text leaves, but never less than 10 cells; on a very narrow terminal
  // the line is cut rather than wrapped (a wrapped line breaks the in-place redraw).
  int cells = std::max(10, width - static_cast<int>(tail.size()) - 2);
  double frac = s.pages_total > 0 ? std::clamp(static_cast<double>(s.pages_done) / s.pages_total, 0.0, 1.0) : 0;
  int filled = static_cast<int>(frac * cells);
  std::string line = "[";
  line.append(filled, '#').append(cells - filled, '.').append("]").append(tail);
  if (width > 0 && static_cast<int>(line.size()) > width) line.resize(width);
  return line;
}

std::string render_progress_plain(const ProgressSnapshot& s) {
  std::string line = "progress: " + std::to_string(s.pages_done) + (s.total_is_estimate ? "/~" : "/") + std::to_string(s.pages_total) +
                     " pages, " + fixed1(rate(s)) + " pages/s, ETA " + eta(s);
  if (s.rejected > 0) line += ", " + std::to_string(s.rejected) + " rejected";
  if (s.skipped > 0) line += ", " + std::to_string(s.skipped) + " skipped";
  return line;
}

// Terminal columns of UTF-8 text: CJK and full-width characters take two.
std::size_t display_width(const std::string& text) {
  std::size_t w = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    const std::size_t n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : 4;
    w += n >= 3 ? 2 : 1;  // every 3- and 4-byte character used here is wide (kana, kanji, 　)
    i += n;
  }
  return w;
}

std::string render_summary_table(const BatchSummary& s) {
  struct Row {
    std::string label;
    std::string value;
  };
  const Row rows[] = {
      {ui("ファイル", "files"), std::to_string(s.files)},
      {ui("ページ", "pages"), std::to_string(s.pages)},
      {ui("記録", "records"), std::to_string(s.records)},
      {ui("  確認不要", "  accepted"), std::to_string(s.accepted)},
      {ui("  要確認", "  needs review"), std::to_string(s.needs_review)},
      {ui("取り込めない（隔離）", "rejected (quarantined)"), std::to_string(s.rejected)},
      {ui("様式不明", "unclassified"), std::to_string(s.unclassified)},
      {ui("ワークフローで除外", "dropped by workflow"), std::to_string(s.dropped)},
      {ui("処理済みのため省略", "skipped (already done)"), std::to_string(s.skipped)},
      {ui("秒", "seconds"), fixed1(s.seconds)},
      {ui("ページ/秒", "pages/s"), fixed1(s.pages_per_second)},
  };
  std::string out = s.interrupted ? ui("処理を中断しました（もう一度実行すると続きから処理します）\n", "batch interrupted (rerun to resume)\n")
                                  : ui("処理が終わりました\n", "batch finished\n");
  for (const auto& r : rows) {
    const std::size_t w = display_width(r.label);
    out += "  " + r.label + std::string(26 - std::min<size_t>(w, 25), ' ') + r.value + "\n";
  }
  // What to do next, for the clerk who reads this table.
  if (s.needs_review > 0)
    out += ui("要確認の記録があります: kamiflow review serve --db で、ブラウザで画像と見比べて確定してください\n",
              "some records need review: check them beside their images in the browser with kamiflow review serve --db\n");
  if (s.rejected + s.unclassified > 0)
    out += ui("取り込めなかったページがあります: 理由は上の警告と、隔離フォルダの .reason.txt にあります\n",
              "some pages were not read: the reasons are in the warnings above and in the trays' .reason.txt files\n");
  return out;
}

ProgressReporter::ProgressReporter(std::FILE* out, bool tty, double plain_interval_seconds)
    : out_(out), tty_(tty), plain_interval_(plain_interval_seconds) {}

ProgressReporter ProgressReporter::for_stderr() { return ProgressReporter(stderr, isatty(fileno(stderr)) == 1); }

void ProgressReporter::update(const ProgressSnapshot& s) {
  auto now = std::chrono::steady_clock::now();
  double since = std::chrono::duration<double>(now - last_draw_).count();
  if (drawn_ && since < (tty_ ? 0.1 : plain_interval_)) return;
  last_draw_ = now;
  drawn_ = true;
  if (tty_) {
    status_line::show(out_, render_progress_bar(s, 79));  // log lines print above it
    return;
  } else {
    std::fprintf(out_, "%s\n", render_progress_plain(s).c_str());
  }
  std::fflush(out_);
}

void ProgressReporter::finish(const BatchSummary& summary, bool table) {
  if (tty_ && drawn_) status_line::clear();
  if (table) std::fputs(render_summary_table(summary).c_str(), out_);
  std::fflush(out_);
}

}  // namespace kamiflow::engine
