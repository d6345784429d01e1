#include "engine/batch/quarantine.hpp"

#include "kamiflow/escape.hpp"

#include <fstream>
#include <sstream>
#include <system_error>

#include "engine/os/atomic_file.hpp"

namespace kamiflow::engine {
namespace fs = std::filesystem;
namespace {

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The sha256 a reason file was written for ("" when absent), so a name can be told apart from
// another file's without hashing the copy again.
std::string owner_sha(const fs::path& reason_file) {
  std::istringstream in(read_text(reason_file));
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("sha256: ", 0) == 0) return line.substr(8);
  return "";
}

std::string page_line(const PageRef& ref, const std::string& reason) {
  // One line per page whatever the reason holds (a file name with a newline, raw bytes).
  return (ref.page == 0 ? std::string("whole file") : "page " + std::to_string(ref.page)) + ": " +
         kamiflow::one_line(reason);
}

// Streams the file through AtomicFile: inputs may be large multi-page TIFFs or PDFs.
Status copy_atomically(const fs::path& from, const fs::path& to) {
  std::ifstream in(from, std::ios::binary);
  if (!in) return Status::IOError("cannot read " + from.string());
  KF_ASSIGN_OR_RETURN(AtomicFile out, AtomicFile::create(to));
  std::string buf(1 << 16, '\0');
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    std::streamsize n = in.gcount();
    if (n > 0) KF_RETURN_IF_ERROR(out.write(std::string_view(buf.data(), static_cast<size_t>(n))));
  }
  if (in.bad()) return Status::IOError("error reading " + from.string());
  return out.commit();
}

}  // namespace

Tray::Tray(fs::path dir, std::string title) : dir_(std::move(dir)), title_(std::move(title)) {}

fs::path Tray::reason_path(const fs::path& copy) { return fs::path(copy.string() + ".reason.txt"); }

Result<fs::path> Tray::put(const PageRef& ref, const std::string& reason) {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec) return Status::IOError("cannot create " + dir_.string() + ": " + ec.message());

  // Pick the copy's name: the input's own name unless it already belongs to a different file
  // (or to something we did not put there), in which case the sha256 prefix disambiguates.
  fs::path name = fs::path(ref.source_file).filename();
  if (name.empty()) name = "input";
  fs::path copy = dir_ / name;
  auto taken_by_other = [&](const fs::path& candidate) {
    fs::path rp = reason_path(candidate);
    if (fs::exists(rp)) return owner_sha(rp) != ref.file_sha256;
    return fs::exists(candidate);  // a stray file we did not write: never overwrite it
  };
  if (taken_by_other(copy)) {
    std::string tag = ref.file_sha256.empty() ? std::string("unread") : ref.file_sha256.substr(0, 12);
    copy = dir_ / (name.stem().string() + "-" + tag + name.extension().string());
  }

  // Reason first: once it exists with our sha256, the name is ours (see taken_by_other), so a
  // crash between the two writes still leaves a consistent tray for the rerun.
  fs::path rp = reason_path(copy);
  std::string text = fs::exists(rp) ? read_text(rp) : "";
  if (text.empty())
    text = title_ + "\nfile: " + ref.source_file + "\nsha256: " + ref.file_sha256 + "\n";
  std::string line = page_line(ref, reason);
  bool have_line = ("\n" + text).find("\n" + line + "\n") != std::string::npos;
  if (!have_line) {
    text += line + "\n";
    KF_RETURN_IF_ERROR(write_file_atomically(rp, text));
  }
  if (!fs::exists(copy)) {
    Status copied = copy_atomically(ref.source_file, copy);
    if (!copied.ok()) {
      text += "  (the copy failed: " + copied.message() + ")\n";
      (void)write_file_atomically(rp, text);  // best effort: the returned error says it all
      return copied;
    }
  }
  return copy;
}

}  // namespace kamiflow::engine
