// FsRoots: the file-system capability a workflow is granted — a set of declared root directories
// and the few operations a script needs inside them. The Lua binding wraps this; no Lua here.
//
// Contract: every path is resolved before use: relative paths against the first root, then
// canonicalised with symlinks resolved (weakly_canonical: the existing prefix is resolved, the
// rest normalised lexically). A result outside every root — via "..", an absolute path elsewhere
// or a symlink pointing out — is PermissionDenied naming the path and the roots. Roots must exist
// and are canonicalised at creation. Writes are atomic (AtomicFile); move() renames, or copies,
// fsyncs and removes the source when the destination is on another file system.
//
// Limits: resolution and use are two steps, so a process that swaps a directory for a symlink in
// between could escape (TOCTOU); the roots are meant to be directories only kamiflow and the
// operator write to. Thread-safety: const methods may be called concurrently.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "engine/os/atomic_file.hpp"
#include "kamiflow/status.hpp"

namespace kamiflow {

class FsRoots {
 public:
  [[nodiscard]] static Result<FsRoots> create(const std::vector<std::filesystem::path>& roots,
                                              FileEnv& env = FileEnv::posix());

  // Canonical absolute path inside a root, or PermissionDenied.
  [[nodiscard]] Result<std::filesystem::path> resolve(const std::filesystem::path& path) const;

  // Entries of `dir` whose file name matches the fnmatch(3) `pattern` ("*" for all), sorted, as
  // paths joined to the resolved dir. Not recursive.
  [[nodiscard]] Result<std::vector<std::filesystem::path>> list(const std::filesystem::path& dir,
                                                                std::string_view pattern = "*") const;
  [[nodiscard]] Result<std::string> read_text(const std::filesystem::path& path,
                                              std::size_t max_bytes = 64u * 1024 * 1024) const;
  [[nodiscard]] Status write_text(const std::filesystem::path& path, std::string_view content) const;
  // Refuses to replace an existing destination unless `overwrite`.
  [[nodiscard]] Status copy(const std::filesystem::path& from, const std::filesystem::path& to,
                            bool overwrite = false) const;
  [[nodiscard]] Status move(const std::filesystem::path& from, const std::filesystem::path& to,
                            bool overwrite = false) const;
  [[nodiscard]] Result<bool> exists(const std::filesystem::path& path) const;
  // Creates the directory and missing parents; ok if it already exists.
  [[nodiscard]] Status mkdir(const std::filesystem::path& path) const;

  const std::vector<std::filesystem::path>& roots() const { return roots_; }

 private:
  FsRoots(std::vector<std::filesystem::path> roots, FileEnv* env) : roots_(std::move(roots)), env_(env) {}
  Status copy_resolved(const std::filesystem::path& from, const std::filesystem::path& to) const;
  std::string roots_text() const;

  std::vector<std::filesystem::path> roots_;
  FileEnv* env_;
};

}  // namespace kamiflow
