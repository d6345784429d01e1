// kamiflow::engine::Tray: a folder that receives copies of input files a batch could not use —
// the quarantine (corrupt, truncated, encrypted, unusable pages) and the unclassified tray (no
// template matched) — each copy beside a `<name>.reason.txt` that names the file, page and reason,
// so a clerk can see at a glance what to rescan or which template is missing.
//
// Contract: inputs are only ever read (a COPY goes to the tray; the input stays where it is,
// byte for byte). Copy and reason file are written atomically (temp + fsync + rename), and put()
// is idempotent: calling it again for the same page — e.g. on a rerun after kill -9 — neither
// duplicates the copy nor repeats the reason line. Two different files with the same base name
// do not overwrite each other: the second gets `<stem>-<sha256 prefix><ext>`.
// Thread-safety: not thread-safe (the batch runner calls it from its committing thread).
#pragma once

#include <filesystem>
#include <string>

#include "engine/store/journal.hpp"
#include "kamiflow/status.hpp"

namespace kamiflow::engine {

class Tray {
 public:
  // `title` heads each reason file ("quarantined by kamiflow", ...). The folder is created on
  // first use, not here, so an empty tray leaves no folder behind.
  Tray(std::filesystem::path dir, std::string title);

  // Copies ref.source_file into the tray (once) and records "page N: reason" in its reason file.
  // Returns the path of the copy. When the source cannot be read the reason file is still
  // written (saying so) and the error is returned.
  [[nodiscard]] Result<std::filesystem::path> put(const PageRef& ref, const std::string& reason);

  const std::filesystem::path& dir() const { return dir_; }

  // "<copy>.reason.txt" for a copy in the tray.
  static std::filesystem::path reason_path(const std::filesystem::path& copy);

 private:
  std::filesystem::path dir_;
  std::string title_;
};

}  // namespace kamiflow::engine
