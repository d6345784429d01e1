#include "engine/os/fs.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <fnmatch.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace kamiflow {
namespace fs = std::filesystem;
namespace {

// True when `p` is `root` or below it, compared component by component (so /data/inbox is not
// inside /data/in).
bool is_within(const fs::path& p, const fs::path& root) {
  auto pi = p.begin();
  for (auto ri = root.begin(); ri != root.end(); ++ri, ++pi) {
    if (ri->empty()) continue;  // trailing separator in a root
    if (pi == p.end() || *pi != *ri) return false;
  }
  return true;
}

Status io_error(const std::string& what, const fs::path& p, const std::error_code& ec) {
  return Status::IOError(what + " " + p.string() + ": " + ec.message());
}

}  // namespace

Result<FsRoots> FsRoots::create(const std::vector<fs::path>& roots, FileEnv& env) {
  if (roots.empty()) return Status::InvalidInput("file-system capability needs at least one root");
  std::vector<fs::path> canonical;
  for (const auto& root : roots) {
    std::error_code ec;
    fs::path c = fs::canonical(root, ec);
    if (ec) return Status::NotFound("file-system root " + root.string() + ": " + ec.message());
    if (!fs::is_directory(c, ec)) return Status::InvalidInput("file-system root is not a directory: " + root.string());
    canonical.push_back(c);
  }
  return FsRoots(std::move(canonical), &env);
}

std::string FsRoots::roots_text() const {
  std::string out;
  for (const auto& r : roots_) out += (out.empty() ? "" : ", ") + r.string();
  return out;
}

Result<fs::path> FsRoots::resolve(const fs::path& path) const {
  if (path.empty()) return Status::InvalidInput("empty path");
  const fs::path absolute = path.is_absolute() ? path : roots_.front() / path;
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(absolute, ec);
  if (ec) return io_error("cannot resolve", path, ec);
  if (!canonical.has_filename() && canonical.has_parent_path() && canonical != canonical.root_path()) {
    canonical = canonical.parent_path();  // "dir/" → "dir"
  }
  for (const auto& root : roots_) {
    if (is_within(canonical, root)) return canonical;
  }
  return Status::PermissionDenied("path " + path.string() + " (" + canonical.string() +
                                  ") is outside the declared roots: " + roots_text());
}

Result<std::vector<fs::path>> FsRoots::list(const fs::path& dir, std::string_view pattern) const {
  KF_ASSIGN_OR_RETURN(fs::path d, resolve(dir));
  const std::string pat(pattern.empty() ? "*" : pattern);
  std::vector<fs::path> out;
  std::error_code ec;
  for (fs::directory_iterator it(d, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (::fnmatch(pat.c_str(), name.c_str(), FNM_PERIOD) == 0) out.push_back(it->path());
  }
  if (ec) return ec == std::errc::no_such_file_or_directory ? Status::NotFound("no directory " + dir.string())
                                                             : io_error("cannot list", dir, ec);
  std::sort(out.begin(), out.end());
  return out;
}

// Opens a resolved path for reading. A hard link is a second name for a file that may live
// outside every root, and nothing tells which name is the "real" one, so a regular file with more
// than one link is refused. O_NOFOLLOW: a symlink swapped in after resolve() is refused too.
namespace {
Result<int> open_for_reading(const fs::path& resolved, const fs::path& shown) {
  const int fd = ::open(resolved.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    const int err = errno;
    if (err == ENOENT) return Status::NotFound("no file " + shown.string());
    if (err == ELOOP) return Status::PermissionDenied(shown.string() + " became a symbolic link");
    return Status::IOError("cannot open " + shown.string() + ": " + std::strerror(err));
  }
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_nlink > 1) {
    ::close(fd);
    return Status::PermissionDenied(shown.string() + " has " + std::to_string(st.st_nlink) +
                                    " hard links; a hard-linked file may lead outside the declared roots");
  }
  return fd;
}
}  // namespace

Result<std::string> FsRoots::read_text(const fs::path& path, std::size_t max_bytes) const {
  KF_ASSIGN_OR_RETURN(fs::path p, resolve(path));
  KF_ASSIGN_OR_RETURN(const int fd, open_for_reading(p, path));
  std::string out;
  char buf[65536];
  Status st;
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      st = Status::IOError("cannot read " + path.string() + ": " + std::strerror(errno));
      break;
    }
    if (n == 0) break;
    if (out.size() + static_cast<std::size_t>(n) > max_bytes) {
      st = Status::ResourceLimit(path.string() + " is larger than " + std::to_string(max_bytes) + " bytes");
      break;
    }
    out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  if (!st.ok()) return st;
  return out;
}

Status FsRoots::write_text(const fs::path& path, std::string_view content) const {
  KF_ASSIGN_OR_RETURN(fs::path p, resolve(path));
  return write_file_atomically(p, content, *env_);
}

// Streams `from` into an AtomicFile at `to`: the destination appears whole or not at all, and is
// fsynced before a move removes the source.
Status FsRoots::copy_resolved(const fs::path& from, const fs::path& to) const {
  KF_ASSIGN_OR_RETURN(const int fd, open_for_reading(from, from));
  auto file = AtomicFile::create(to, *env_);
  Status st = file.status();
  char buf[65536];
  while (st.ok()) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) st = Status::IOError("cannot read " + from.string() + ": " + std::strerror(errno));
    if (n <= 0) break;
    st = file->write({buf, static_cast<std::size_t>(n)});
  }
  ::close(fd);
  if (st.ok()) st = file->commit();
  return st;
}

Status FsRoots::copy(const fs::path& from, const fs::path& to, bool overwrite) const {
  KF_ASSIGN_OR_RETURN(fs::path src, resolve(from));
  KF_ASSIGN_OR_RETURN(fs::path dst, resolve(to));
  std::error_code ec;
  if (fs::is_directory(src, ec)) return Status::InvalidInput("copy: " + from.string() + " is a directory");
  if (!overwrite && fs::exists(dst, ec)) return Status::InvalidInput("copy: destination exists: " + to.string());
  return copy_resolved(src, dst);
}

Status FsRoots::move(const fs::path& from, const fs::path& to, bool overwrite) const {
  KF_ASSIGN_OR_RETURN(fs::path src, resolve(from));
  KF_ASSIGN_OR_RETURN(fs::path dst, resolve(to));
  std::error_code ec;
  if (!fs::exists(src, ec)) return Status::NotFound("move: no file " + from.string());
  if (!overwrite && fs::exists(dst, ec)) return Status::InvalidInput("move: destination exists: " + to.string());
  if (::rename(src.c_str(), dst.c_str()) == 0) return env_->sync_dir(dst.parent_path());
  if (errno != EXDEV) return Status::IOError("move " + from.string() + " to " + to.string() + ": " + std::strerror(errno));
  // Another file system: the copy is complete and durable before the source goes away.
  if (fs::is_directory(src, ec)) return Status::Unsupported("move of a directory across file systems: " + from.string());
  KF_RETURN_IF_ERROR(copy_resolved(src, dst));
  KF_RETURN_IF_ERROR(env_->remove(src));
  return env_->sync_dir(src.parent_path());
}

Result<bool> FsRoots::exists(const fs::path& path) const {
  KF_ASSIGN_OR_RETURN(fs::path p, resolve(path));
  std::error_code ec;
  const bool present = fs::exists(p, ec);
  if (ec) return io_error("cannot check", path, ec);
  return present;
}

Status FsRoots::mkdir(const fs::path& path) const {
  KF_ASSIGN_OR_RETURN(fs::path p, resolve(path));
  std::error_code ec;
  fs::create_directories(p, ec);
  if (ec) return io_error("cannot create directory", path, ec);
  return Status::Ok();
}

}  // namespace kamiflow
