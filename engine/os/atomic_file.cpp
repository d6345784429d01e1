#include "engine/os/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

namespace kamiflow {
namespace {

std::string errno_text(const std::string& what, const std::filesystem::path& p, int err) {
  return what + " " + p.string() + ": " + std::strerror(err);
}

// Buffers appends in 64 KiB chunks so a CSV written row by row does not cost a syscall per row.
class PosixWritableFile final : public WritableFile {
 public:
  PosixWritableFile(int fd, std::filesystem::path path) : fd_(fd), path_(std::move(path)) {}
  ~PosixWritableFile() override {
    if (fd_ >= 0) ::close(fd_);
  }

  Status append(std::string_view data) override {
    if (fd_ < 0) return Status::Internal("append after close: " + path_.string());
    if (buffer_.size() + data.size() > kBufferSize) KF_RETURN_IF_ERROR(flush());
    if (data.size() >= kBufferSize) return write_all(data);
    buffer_.append(data);
    return Status::Ok();
  }

  Status sync() override {
    KF_RETURN_IF_ERROR(flush());
    if (::fsync(fd_) != 0) return Status::IOError(errno_text("fsync", path_, errno));
    return Status::Ok();
  }

  Status close() override {
    if (fd_ < 0) return Status::Ok();
    Status st = flush();
    if (::close(fd_) != 0 && st.ok()) st = Status::IOError(errno_text("close", path_, errno));
    fd_ = -1;
    return st;
  }

 private:
  static constexpr std::size_t kBufferSize = 64 * 1024;

  Status flush() {
    Status st = write_all(buffer_);
    buffer_.clear();
    return st;
  }

  Status write_all(std::string_view data) {
    while (!data.empty()) {
      const ssize_t n = ::write(fd_, data.data(), data.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        return Status::IOError(errno_text("write", path_, errno));
      }
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return Status::Ok();
  }

  int fd_;
  std::filesystem::path path_;
  std::string buffer_;
};

class PosixFileEnv final : public FileEnv {
 public:
  Result<std::unique_ptr<WritableFile>> create_temp_beside(const std::filesystem::path& target,
                                                           std::filesystem::path* temp_path) override {
    // O_EXCL with a random suffix rather than mkstemp: mkstemp forces mode 0600, while 0666 here
    // lets the umask decide, as for any file the user creates.
    struct stat st{};
    const bool target_exists = ::stat(target.c_str(), &st) == 0;
    thread_local std::mt19937_64 rng{std::random_device{}()};
    for (int attempt = 0; attempt < 100; ++attempt) {
      std::filesystem::path temp = target;
      // Appending piecewise sidesteps a GCC 12 -Wrestrict false positive on operator+ chains.
      std::string name = ".";
      name += target.filename().string();
      name += ".tmp-";
      name += std::to_string(rng() % 1000000000);
      temp.replace_filename(name);
      const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
      if (fd < 0) {
        if (errno == EEXIST) continue;
        return Status::IOError(errno_text("cannot create temp file for", target, errno));
      }
      if (target_exists) (void)::fchmod(fd, st.st_mode & 07777);
      *temp_path = temp;
      return std::unique_ptr<WritableFile>(std::make_unique<PosixWritableFile>(fd, temp));
    }
    return Status::IOError("cannot find a free temp file name beside " + target.string());
  }

  Status rename(const std::filesystem::path& from, const std::filesystem::path& to) override {
    if (::rename(from.c_str(), to.c_str()) != 0) return Status::IOError(errno_text("rename to " + to.string() + " from", from, errno));
    return Status::Ok();
  }

  Status sync_dir(const std::filesystem::path& dir) override {
    const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return Status::IOError(errno_text("open directory", dir, errno));
    const int rc = ::fsync(fd);
    const int err = errno;
    ::close(fd);
    if (rc != 0) return Status::IOError(errno_text("fsync directory", dir, err));
    return Status::Ok();
  }

  Status remove(const std::filesystem::path& path) override {
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) return Status::IOError(errno_text("remove", path, errno));
    return Status::Ok();
  }
};

}  // namespace

FileEnv& FileEnv::posix() {
  static PosixFileEnv env;
  return env;
}

Result<AtomicFile> AtomicFile::create(std::filesystem::path target, FileEnv& env) {
  if (target.filename().empty()) return Status::InvalidInput("not a file path: " + target.string());
  std::filesystem::path temp;
  KF_ASSIGN_OR_RETURN(auto file, env.create_temp_beside(target, &temp));
  return AtomicFile(std::move(target), std::move(temp), std::move(file), &env);
}

AtomicFile::AtomicFile(std::filesystem::path target, std::filesystem::path temp, std::unique_ptr<WritableFile> file,
                       FileEnv* env)
    : target_(std::move(target)), temp_(std::move(temp)), file_(std::move(file)), env_(env) {}

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : target_(std::move(other.target_)),
      temp_(std::move(other.temp_)),
      file_(std::move(other.file_)),
      env_(other.env_),
      error_(std::move(other.error_)) {}

AtomicFile& AtomicFile::operator=(AtomicFile&& other) noexcept {
  if (this != &other) {
    abandon();
    target_ = std::move(other.target_);
    temp_ = std::move(other.temp_);
    file_ = std::move(other.file_);
    env_ = other.env_;
    error_ = std::move(other.error_);
  }
  return *this;
}

AtomicFile::~AtomicFile() { abandon(); }

void AtomicFile::abandon() {
  if (!file_) return;
  (void)file_->close();
  file_.reset();
  (void)env_->remove(temp_);  // best effort: a destructor has nobody to report to
}

Status AtomicFile::write(std::string_view data) {
  if (!error_.ok()) return error_;
  if (!file_) return Status::Internal("write to a finished AtomicFile for " + target_.string());
  error_ = file_->append(data);
  return error_;
}

Status AtomicFile::commit() {
  if (!file_) return error_.ok() ? Status::Internal("commit twice: " + target_.string()) : error_;
  if (error_.ok()) error_ = file_->sync();
  if (error_.ok()) error_ = file_->close();
  if (error_.ok()) error_ = env_->rename(temp_, target_);
  if (!error_.ok()) {
    abandon();
    return error_;
  }
  file_.reset();
  // The data is in place; a failed directory fsync only means the rename might not survive a
  // power cut, which the caller should still hear about.
  return env_->sync_dir(target_.parent_path());
}

Status write_file_atomically(const std::filesystem::path& target, std::string_view data, FileEnv& env) {
  KF_ASSIGN_OR_RETURN(AtomicFile file, AtomicFile::create(target, env));
  KF_RETURN_IF_ERROR(file.write(data));
  return file.commit();
}

}  // namespace kamiflow
