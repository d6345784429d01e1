// `kamiflow bench`: the pure parts — stage aggregation, ratios, /proc parsing, the CLI argv of a
// Tesseract call. No clock and no I/O except read_status_mb, so they are tested on hand-made input.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include "engine/bench/bench.hpp"

namespace kamiflow::engine::bench {

nlohmann::json StageBreakdown::to_json() const {
  auto r = [](double v) { return std::round(v * 100) / 100; };
  return nlohmann::json{{"decode_ms", r(decode)},         {"preprocess_ms", r(preprocess)},
                        {"classify_ms", r(classify)},     {"register_ms", r(register_)},
                        {"recognise_ms", r(recognise)},   {"normalise_validate_ms", r(normalise)},
                        {"sinks_ms", r(sinks)},           {"other_ms", r(other)},
                        {"total_ms", r(total())}};
}

void StageAccumulator::add_extract(const ocr::StageTimes& t, double extract_wall_ms) {
  ++pages_;
  sum_.preprocess_ms += t.preprocess_ms;
  sum_.classify_ms += t.classify_ms;
  sum_.register_ms += t.register_ms;
  sum_.recognise_ms += t.recognise_ms;
  sum_.normalise_ms += t.normalise_ms;
  extract_ms_ += extract_wall_ms;
}

StageBreakdown StageAccumulator::per_page() const {
  StageBreakdown b;
  if (pages_ == 0) return b;
  const double n = static_cast<double>(pages_);
  b.decode = decode_ms_ / n;
  b.sinks = sink_ms_ / n;
  b.preprocess = sum_.preprocess_ms / n;
  b.classify = sum_.classify_ms / n;
  b.register_ = sum_.register_ms / n;
  b.recognise = sum_.recognise_ms / n;
  b.normalise = sum_.normalise_ms / n;
  const double staged = sum_.preprocess_ms + sum_.classify_ms + sum_.register_ms + sum_.recognise_ms + sum_.normalise_ms;
  // Clock reads inside and outside extract() differ by microseconds; never report a negative rest.
  b.other = std::max(0.0, (extract_ms_ - staged) / n);
  return b;
}

double ratio(double num, double den) { return den > 0 ? num / den : 0; }

double growth_percent(double small, double large) { return small > 0 ? 100.0 * (large - small) / small : 0; }

std::optional<double> parse_status_mb(std::string_view text, std::string_view key) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    if (line.size() <= key.size() || line.substr(0, key.size()) != key || line[key.size()] != ':') continue;
    std::string_view rest = line.substr(key.size() + 1);
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
    long long kb = 0;
    auto [p, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), kb);
    if (ec != std::errc() || p == rest.data()) return std::nullopt;
    return static_cast<double>(kb) / 1024.0;
  }
  return std::nullopt;
}

Result<double> read_status_mb(std::string_view key, const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::NotFound("cannot read " + path + " (memory figures need Linux /proc)");
  std::stringstream ss;
  ss << in.rdbuf();
  auto mb = parse_status_mb(ss.str(), key);
  if (!mb) return Status::NotFound(std::string(key) + " not found in " + path);
  return *mb;
}

std::optional<double> parse_loadavg(std::string_view text) {
  std::string s(text.substr(0, text.find(' ')));
  if (s.empty()) return std::nullopt;
  try {
    size_t used = 0;
    double v = std::stod(s, &used);
    if (used != s.size()) return std::nullopt;
    return v;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::vector<std::string> tesseract_cli_argv(const std::string& program, const std::string& image_path,
                                            const ocr::OcrCall& call) {
  // The same language, segmentation mode, resolution and whitelist as kamiflow's call, and the same
  // invert_threshold=0 kamiflow sets: the baseline does the same recognition work, so what it
  // costs beyond the floor is the per-process start-up (exec, Init, image file) alone.
  std::vector<std::string> argv{program, image_path, "stdout", "-l", call.lang, "--psm",
                                std::to_string(call.page_seg_mode), "--dpi", std::to_string(call.dpi),
                                "-c", "invert_threshold=0"};
  if (!call.tessdata_dir.empty()) {
    argv.push_back("--tessdata-dir");
    argv.push_back(call.tessdata_dir);
  }
  if (!call.whitelist.empty()) {
    argv.push_back("-c");
    argv.push_back("tessedit_char_whitelist=" + call.whitelist);
  }
  return argv;
}

bool is_ocr_field(ocr::FieldType type) {
  switch (type) {
    case ocr::FieldType::kText:
    case ocr::FieldType::kKana:
    case ocr::FieldType::kDigits:
    case ocr::FieldType::kDate:
    case ocr::FieldType::kDigitBoxes:
      return true;
    default:
      return false;
  }
}

}  // namespace kamiflow::engine::bench
