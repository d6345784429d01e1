// `kamiflow bench`: the report as one JSON object and as a human-readable table, with the issue's
// targets beside the figures so a reader sees at once what holds.
#include <cmath>
#include <cstdio>
#include <sstream>

#include "engine/bench/bench.hpp"

namespace kamiflow::engine::bench {
namespace {

double r2(double v) { return std::round(v * 100) / 100; }

std::string fmt(const char* spec, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, spec, v);
  return buf;
}

// Targets from the issue (20-field A4 form, 2 cores). Comparisons only; no figure is changed.
constexpr double kTargetBaselineRatio = 25, kTargetFloorRatio = 1.25, kTargetScaling = 1.8;
constexpr double kTargetRssGrowthPercent = 10, kTargetPagesPerSecond = 6;

const char* mark(bool ok) { return ok ? "ok" : "MISSED"; }

}  // namespace

nlohmann::json BenchReport::to_json() const {
  nlohmann::json j{
      {"form", form},
      {"fields", fields},
      {"ocr_fields", ocr_fields},
      {"pages", pages},
      {"distinct_pages", distinct_pages},
      {"cycled", cycled},
      {"pages_1_worker", pages_1_worker},
      {"workers", workers},
      {"cores", cores},
      {"pages_per_second", r2(pages_per_second)},
      {"pages_per_second_1_worker", r2(pages_per_second_1_worker)},
      {"scaling", r2(scaling)},
      {"pages_per_second_previous", r2(pages_per_second_previous)},
      {"previous_ratio", r2(previous_ratio)},
      {"recognise_ms_previous", r2(recognise_ms_previous)},
      {"stages", stages.to_json()},
      {"stages_1_worker", stages_1_worker.to_json()},
      {"rejected", rejected},
      {"rss_checkpoint_small", rss_checkpoint_small},
      {"rss_checkpoint_large", rss_checkpoint_large},
      {"rss_mb_small", r2(rss_mb_small)},
      {"rss_mb_large", r2(rss_mb_large)},
      {"rss_growth_percent", r2(rss_growth_percent)},
      {"rss_peak_mb", r2(rss_peak_mb)},
      {"ocr_calls", ocr_calls},
      {"ocr_calls_per_page", r2(ocr_calls_per_page)},
      {"recognise_ms_per_page", r2(recognise_ms_per_page)},
      {"floor_ms_per_page", r2(floor_ms_per_page)},
      {"floor_by_model", [&] {
         nlohmann::json m = nlohmann::json::object();
         for (const auto& [label, cost] : floor_by_model)
           m[label] = {{"calls_per_page", r2(cost.calls_per_page)}, {"ms_per_page", r2(cost.ms_per_page)},
                       {"ms_per_call", r2(cost.ms_per_call)}};
         return m;
       }()},
      {"floor_ratio", r2(floor_ratio)},
      {"ocr_share", r2(ocr_share)},
      {"omp_thread_limit", omp_thread_limit},
      {"baseline_calls", baseline_calls},
      {"baseline_failures", baseline_failures},
      {"baseline_ms_per_call", r2(baseline_ms_per_call)},
      {"baseline_calls_no_limit", baseline_calls_no_limit},
      {"baseline_ms_per_call_no_limit", r2(baseline_ms_per_call_no_limit)},
      {"baseline_seconds_per_page", r2(baseline_seconds_per_page)},
      {"baseline_ratio", r2(baseline_ratio)},
      {"baseline_ratio_1_worker", r2(baseline_ratio_1_worker)},
      {"baseline_ratio_no_limit", r2(baseline_ratio_no_limit)},
      {"load_average_start", load_average_start},
      {"load_average_end", load_average_end},
  };
  return j;
}

std::string BenchReport::to_table() const {
  std::ostringstream o;
  o << "kamiflow bench — form " << form << " (" << fields << " fields, " << ocr_fields << " read by Tesseract)\n";
  o << "  " << pages << " pages";
  if (cycled) o << " (cycling over " << distinct_pages << " generated scans under distinct names)";
  o << "; 1-worker run: " << pages_1_worker << " pages; " << cores << " cores; load average "
    << fmt("%.1f", load_average_start) << " → " << fmt("%.1f", load_average_end) << "\n\n";

  o << "Throughput\n";
  o << "  1 worker            " << fmt("%7.2f", pages_per_second_1_worker) << " pages/s\n";
  o << "  " << workers << " workers" << std::string(workers < 10 ? 12 : 11, ' ') << fmt("%7.2f", pages_per_second)
    << " pages/s   target ≥ " << kTargetPagesPerSecond << " on 2 cores: "
    << mark(pages_per_second >= kTargetPagesPerSecond) << "\n";
  o << "  scaling             " << fmt("%7.2f", scaling) << "×         target ≥ " << kTargetScaling << ": "
    << mark(scaling >= kTargetScaling) << "\n";
  if (pages_per_second_previous > 0) {
    o << "  previous reading    " << fmt("%7.2f", pages_per_second_previous)
      << " pages/s   (fast jpn alone, digit boxes by Tesseract; same pages and workers)\n";
    o << "  now ÷ previous      " << fmt("%7.2f", previous_ratio) << "×         target ≥ 0.8: "
      << mark(previous_ratio >= 0.8) << "; recognise " << fmt("%.0f", recognise_ms_previous) << " → "
      << fmt("%.0f", stages.recognise) << " ms a page\n";
  }
  o << "\n";

  o << "Stages (ms per page, summed over workers)   1 worker   " << workers << " workers\n";
  auto row = [&](const char* name, double a, double b) {
    o << "  " << name << std::string(42 - std::string(name).size(), ' ') << fmt("%8.1f", a) << "  " << fmt("%8.1f", b)
      << "\n";
  };
  row("decode", stages_1_worker.decode, stages.decode);
  row("preprocess", stages_1_worker.preprocess, stages.preprocess);
  row("classify", stages_1_worker.classify, stages.classify);
  row("register", stages_1_worker.register_, stages.register_);
  row("recognise (crop, clean, Tesseract)", stages_1_worker.recognise, stages.recognise);
  row("normalise/validate", stages_1_worker.normalise, stages.normalise);
  row("sinks (SQLite commit, calling thread)", stages_1_worker.sinks, stages.sinks);
  row("other", stages_1_worker.other, stages.other);
  row("total", stages_1_worker.total(), stages.total());
  o << "\n";

  o << "Floor (same Tesseract calls replayed, engines initialised, crops in memory)\n";
  o << "  Tesseract calls     " << fmt("%7.1f", ocr_calls_per_page) << " per page (" << ocr_calls << " replayed)\n";
  o << "  recognise stage     " << fmt("%7.1f", recognise_ms_per_page) << " ms/page (1 worker, first page left out)\n";
  o << "  floor               " << fmt("%7.1f", floor_ms_per_page) << " ms/page\n";
  for (const auto& [label, cost] : floor_by_model)
    o << "    " << label << std::string(label.size() < 22 ? 22 - label.size() : 1, ' ') << fmt("%5.1f", cost.calls_per_page)
      << " calls  " << fmt("%6.1f", cost.ms_per_page) << " ms/page  " << fmt("%5.1f", cost.ms_per_call) << " ms/call\n";
  o << "  floor_ratio         " << fmt("%7.2f", floor_ratio) << "          target ≤ " << kTargetFloorRatio << ": "
    << mark(floor_ratio > 0 && floor_ratio <= kTargetFloorRatio) << "\n";
  o << "  OCR-bound share     " << fmt("%6.0f", 100 * ocr_share) << " %  of the 1-worker page time\n\n";

  o << "Baseline (`tesseract` CLI once per OCR field, as pytesseract does)\n";
  if (baseline_calls == 0) {
    o << "  not measured\n\n";
  } else {
    o << "  per call            " << fmt("%7.0f", baseline_ms_per_call) << " ms (OMP_THREAD_LIMIT="
      << (omp_thread_limit.empty() ? "unset" : omp_thread_limit) << ", " << baseline_calls << " calls, "
      << baseline_failures << " failed)\n";
    if (baseline_calls_no_limit > 0)
      o << "  per call, no limit  " << fmt("%7.0f", baseline_ms_per_call_no_limit) << " ms (OMP_THREAD_LIMIT unset, "
        << baseline_calls_no_limit << " calls)\n";
    o << "  per page            " << fmt("%7.2f", baseline_seconds_per_page) << " s (" << ocr_fields << " calls)\n";
    o << "  baseline_ratio      " << fmt("%7.1f", baseline_ratio) << "×         target ≥ " << kTargetBaselineRatio
      << ": " << mark(baseline_ratio >= kTargetBaselineRatio) << "   (vs 1 worker: "
      << fmt("%.1f", baseline_ratio_1_worker) << "×; without OMP limit: " << fmt("%.1f", baseline_ratio_no_limit)
      << "×)\n\n";
  }

  o << "Memory (VmRSS)\n";
  o << "  after " << rss_checkpoint_small << " pages" << std::string(rss_checkpoint_small < 1000 ? 7 : 6, ' ')
    << fmt("%7.1f", rss_mb_small) << " MiB\n";
  o << "  after " << rss_checkpoint_large << " pages" << std::string(rss_checkpoint_large < 1000 ? 7 : 6, ' ')
    << fmt("%7.1f", rss_mb_large) << " MiB   growth " << fmt("%+.1f", rss_growth_percent) << " %, target ≤ "
    << kTargetRssGrowthPercent << " %: " << mark(rss_growth_percent <= kTargetRssGrowthPercent) << "\n";
  o << "  peak (VmHWM)        " << fmt("%7.1f", rss_peak_mb) << " MiB\n";
  if (rejected > 0) o << "\nwarning: " << rejected << " pages produced no record\n";
  o << "\nTimings on a loaded machine are noisy: compare runs taken under the same load average.\n";
  return o.str();
}

}  // namespace kamiflow::engine::bench
