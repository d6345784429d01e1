#include "engine/base/logging.hpp"

#include <spdlog/sinks/base_sink.h>
#include "kamiflow/escape.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>

#include "engine/base/status_line.hpp"

namespace kamiflow {
namespace {
spdlog::level::level_enum console_level(int verbosity) {
  if (verbosity < 0) return spdlog::level::warn;
  if (verbosity == 0) return spdlog::level::info;
  if (verbosity == 1) return spdlog::level::debug;
  return spdlog::level::trace;
}

// The console sink, writing around the progress bar (status_line.hpp) so that a warning lands
// on its own line above the bar.
class AboveStatusLineSink final : public spdlog::sinks::sink {
 public:
  explicit AboveStatusLineSink(spdlog::sink_ptr inner) : inner_(std::move(inner)) {}
  void log(const spdlog::details::log_msg& msg) override {
    if (!should_log(msg.level)) return;
    status_line::around([&] {
      inner_->log(msg);
      inner_->flush();
    });
  }
  void flush() override { inner_->flush(); }
  void set_pattern(const std::string& pattern) override { inner_->set_pattern(pattern); }
  void set_formatter(std::unique_ptr<spdlog::formatter> f) override { inner_->set_formatter(std::move(f)); }

 private:
  spdlog::sink_ptr inner_;
};

// %* in a pattern: the message with control characters and invalid bytes escaped (escape.hpp).
// Done here, in the formatter every sink uses, so no caller can forget it: a file name or a
// script's log text holding "\nERROR ..." stays on its own line and cannot forge one.
class OneLineMessage final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
    const std::string safe = one_line(std::string_view(msg.payload.data(), msg.payload.size()));
    dest.append(safe.data(), safe.data() + safe.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<OneLineMessage>(); }
};

std::unique_ptr<spdlog::formatter> one_line_formatter(const std::string& pattern) {
  auto f = std::make_unique<spdlog::pattern_formatter>();
  f->add_flag<OneLineMessage>('*').set_pattern(pattern);
  return f;
}

std::size_t utf8_length(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}
}  // namespace

Logger make_logger(const LogOptions& options) {
  std::vector<spdlog::sink_ptr> sinks;
  auto console = std::make_shared<AboveStatusLineSink>(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
  console->set_level(console_level(options.verbosity));
  console->set_formatter(one_line_formatter("%^%l%$: %*"));
  sinks.push_back(console);
  if (!options.file.empty()) {
    try {
      auto file = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(options.file, options.file_max_bytes,
                                                                          options.file_count);
      // The file keeps debug detail for support, whatever the console shows.
      file->set_level(spdlog::level::debug);
      file->set_formatter(one_line_formatter("%Y-%m-%d %H:%M:%S.%e [%l] [%t] %*"));
      sinks.push_back(file);
    } catch (const spdlog::spdlog_ex& e) {
      console->log(spdlog::details::log_msg("kamiflow", spdlog::level::warn,
                                            std::string("cannot open log file: ") + e.what()));
    }
  }
  auto logger = std::make_shared<spdlog::logger>("kamiflow", sinks.begin(), sinks.end());
  logger->set_level(spdlog::level::trace);  // sinks filter
  logger->flush_on(spdlog::level::warn);
  logger->set_error_handler([](const std::string&) {});  // logging never throws into the caller
  return logger;
}

Logger null_logger() {
  return std::make_shared<spdlog::logger>("null", std::make_shared<spdlog::sinks::null_sink_mt>());
}

std::string redact(const std::string& value, const LogOptions& options) {
  if (options.log_personal_data) return value;
  // Built by appends: GCC 12 warns falsely (-Wrestrict) on "<" + std::to_string(n) + "...".
  std::string out = "<";
  out += std::to_string(utf8_length(value));
  out += " chars>";
  return out;
}

}  // namespace kamiflow
