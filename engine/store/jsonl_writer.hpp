// JsonlWriter: one JSON object per line (JSON Lines), UTF-8, written atomically.
//
// Contract: write() appends one object as a single line (no pretty-printing; non-ASCII written as
// UTF-8, not \u escapes, so Japanese stays readable); commit() makes the file appear in one rename
// (AtomicFile), and without it nothing appears. Non-objects and strings holding invalid UTF-8 are
// InvalidInput and nothing of that record is written. Not thread-safe.
#pragma once

#include <filesystem>
#include <memory>

#include <nlohmann/json.hpp>

#include "engine/os/atomic_file.hpp"
#include "kamiflow/status.hpp"

namespace kamiflow {

// One line without its '\n'; InvalidInput for non-objects or invalid UTF-8.
[[nodiscard]] Result<std::string> jsonl_line(const nlohmann::json& object);

class JsonlWriter {
 public:
  [[nodiscard]] static Result<JsonlWriter> open(const std::filesystem::path& path, FileEnv& env = FileEnv::posix());

  [[nodiscard]] Status write(const nlohmann::json& object);
  [[nodiscard]] Status commit();
  std::size_t records_written() const { return records_; }

 private:
  explicit JsonlWriter(AtomicFile file) : file_(std::move(file)) {}
  AtomicFile file_;
  std::size_t records_ = 0;
};

}  // namespace kamiflow
