// AtomicFile: write a whole file so that readers see either the old content or the new, never a
// half-written file (DESIGN.md §5.2).
//
// Contract: create() opens a temp file beside the target (same directory, so rename is atomic);
// write() appends; commit() flushes, fsyncs the file, renames it over the target and fsyncs the
// directory so the rename itself survives a crash. Destroying an AtomicFile that was not committed
// removes the temp file. After any failed write the object is poisoned: commit() returns the first
// error and the target is untouched. Not thread-safe; one writer per object. Movable, not copyable.
//
// The OS calls go through FileEnv (LevelDB's Env idea) so tests can inject a failing write or
// fsync; FileEnv::posix() is the real one and is safe to share between threads.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "kamiflow/status.hpp"

namespace kamiflow {

// An open, writable file. append() may buffer; sync() flushes and fsyncs; close() flushes and
// closes (idempotent). The destructor closes without reporting errors.
class WritableFile {
 public:
  virtual ~WritableFile() = default;
  [[nodiscard]] virtual Status append(std::string_view data) = 0;
  [[nodiscard]] virtual Status sync() = 0;
  [[nodiscard]] virtual Status close() = 0;
};

class FileEnv {
 public:
  virtual ~FileEnv() = default;
  // Creates a new, empty file at a fresh name beside `target` and stores that name in *temp_path.
  // When `target` exists its permission bits are copied, so replacing a file keeps its mode.
  [[nodiscard]] virtual Result<std::unique_ptr<WritableFile>> create_temp_beside(
      const std::filesystem::path& target, std::filesystem::path* temp_path) = 0;
  [[nodiscard]] virtual Status rename(const std::filesystem::path& from, const std::filesystem::path& to) = 0;
  [[nodiscard]] virtual Status sync_dir(const std::filesystem::path& dir) = 0;
  [[nodiscard]] virtual Status remove(const std::filesystem::path& path) = 0;

  static FileEnv& posix();
};

class AtomicFile {
 public:
  [[nodiscard]] static Result<AtomicFile> create(std::filesystem::path target, FileEnv& env = FileEnv::posix());

  AtomicFile(AtomicFile&& other) noexcept;
  AtomicFile& operator=(AtomicFile&& other) noexcept;
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile();  // removes the temp file unless committed

  [[nodiscard]] Status write(std::string_view data);
  [[nodiscard]] Status commit();

  const std::filesystem::path& target() const { return target_; }
  const std::filesystem::path& temp_path() const { return temp_; }

 private:
  AtomicFile(std::filesystem::path target, std::filesystem::path temp, std::unique_ptr<WritableFile> file,
             FileEnv* env);
  void abandon();

  std::filesystem::path target_;
  std::filesystem::path temp_;
  std::unique_ptr<WritableFile> file_;  // null once committed or abandoned
  FileEnv* env_ = nullptr;
  Status error_;  // first failure; once set, commit() refuses
};

// Writes `data` to `target` atomically (create + write + commit).
[[nodiscard]] Status write_file_atomically(const std::filesystem::path& target, std::string_view data,
                                           FileEnv& env = FileEnv::posix());

}  // namespace kamiflow
