// kamiflow's loggers. Contract: make_logger() builds one spdlog logger with a console sink on
// stderr (level from -v/-q) and, optionally, a rotating file sink; it is passed explicitly to
// whatever logs (no global registry look-ups). Logging never throws into the caller.
// Personal data rule (DESIGN.md §5.6): field values are logged only at debug level, and only when
// `log_personal_data` is set (--debug-personal-data); use redact() for anything else.
#pragma once

#include <memory>
#include <string>

#include <spdlog/logger.h>

namespace kamiflow {

struct LogOptions {
  int verbosity = 0;         // -1 = quiet (warnings+), 0 = info, 1 = debug, 2 = trace
  std::string file;          // rotating log file; empty = none
  std::size_t file_max_bytes = 10 * 1024 * 1024;
  std::size_t file_count = 5;
  bool log_personal_data = false;
};

using Logger = std::shared_ptr<spdlog::logger>;

[[nodiscard]] Logger make_logger(const LogOptions& options);
// A logger that drops everything (for tests and library defaults).
[[nodiscard]] Logger null_logger();

// "山田太郎" → "<4 chars>" unless personal data logging is on.
[[nodiscard]] std::string redact(const std::string& value, const LogOptions& options);

}  // namespace kamiflow
