// write_html_report(): puts report.html and report_files/*.png on disk without ever leaving a page
// that references a missing image (order: images, then the page, then clean-up; see html_report.hpp).
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <set>
#include <string>
#include <system_error>
#include <vector>

#include "engine/report/html_report.hpp"

namespace kamiflow {
namespace {

namespace fs = std::filesystem;

constexpr const char* kImageDir = "report_files";
constexpr const char* kTempMarker = ".tmp-";

std::string errno_text() { return std::strerror(errno); }

// Writes all of `data` to fd, retrying on EINTR and short writes.
bool write_all(int fd, const void* data, std::size_t size) {
  const auto* p = static_cast<const char*>(data);
  while (size > 0) {
    ssize_t n = ::write(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

// temp + fsync + rename (DESIGN.md §5.2). The temp name starts with '.' and carries kTempMarker so
// a crash leaves nothing that looks like a report and the next run can remove it. O_EXCL with mode
// 0666 lets the umask decide permissions exactly as for any other file the user creates.
Status write_file_atomic(const fs::path& target, const void* data, std::size_t size) {
  static std::atomic<unsigned> counter{0};
  fs::path temp;
  int fd = -1;
  for (int attempt = 0; attempt < 100 && fd < 0; ++attempt) {
    std::string name(".");  // appended piecewise: GCC 12 warns falsely (-Wrestrict) on "." + string
    name += target.filename().string();
    name += kTempMarker;
    name += std::to_string(::getpid()) + "-" + std::to_string(counter++);
    temp = target.parent_path() / name;
    fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 && errno != EEXIST) break;
  }
  if (fd < 0) return Status::IOError("cannot create " + temp.string() + ": " + errno_text());
  bool ok = write_all(fd, data, size);
  std::string what = ok ? "" : "write";
  if (ok && ::fsync(fd) != 0) ok = false, what = "fsync";
  if (::close(fd) != 0 && ok) ok = false, what = "close";
  if (ok && std::rename(temp.c_str(), target.c_str()) != 0) ok = false, what = "rename";
  if (!ok) {
    std::string err = errno_text();
    ::unlink(temp.c_str());
    return Status::IOError("cannot write " + target.string() + " (" + what + "): " + err);
  }
  return Status::Ok();
}

// Makes a rename durable: the directory entry itself must reach the disk.
Status fsync_dir(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Status::IOError("cannot open directory " + dir.string() + ": " + errno_text());
  int rc = ::fsync(fd);
  std::string err = rc != 0 ? errno_text() : "";
  ::close(fd);
  if (rc != 0) return Status::IOError("cannot fsync directory " + dir.string() + ": " + err);
  return Status::Ok();
}

// 64-bit FNV-1a over the bytes, plus the size in the name: images are named by content so that a
// page being replaced never sees its images change under it, and identical crops are stored once.
std::string content_name(const std::vector<std::uint8_t>& bytes, const char* ext) {
  std::uint64_t h = 1469598103934665603ULL;
  for (std::uint8_t b : bytes) {
    h ^= b;
    h *= 1099511628211ULL;
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%016llx-%zu.%s", static_cast<unsigned long long>(h), bytes.size(), ext);
  return buf;
}

bool same_content(const fs::path& p, const std::vector<std::uint8_t>& bytes) {
  std::error_code ec;
  if (fs::file_size(p, ec) != bytes.size() || ec) return false;
  std::FILE* f = std::fopen(p.c_str(), "rb");
  if (!f) return false;
  std::vector<std::uint8_t> have(bytes.size());
  bool same = std::fread(have.data(), 1, have.size(), f) == have.size() && have == bytes;
  std::fclose(f);
  return same;
}

// Writes one image (unless an identical file is already there) and returns its page-relative src.
Result<std::string> store_image(const fs::path& image_dir, const std::vector<std::uint8_t>& png,
                                std::set<std::string>& written, const char* ext = "png") {
  if (png.empty()) return std::string();
  std::string name = content_name(png, ext);
  if (written.insert(name).second && !same_content(image_dir / name, png)) {
    KF_RETURN_IF_ERROR(write_file_atomic(image_dir / name, png.data(), png.size()));
  }
  return std::string(kImageDir) + "/" + name;
}

// Removes the entries of `dir` whose file name `stale` accepts. Best effort and non-throwing (the
// report is already in place when this runs; a leftover file costs only disk space).
template <typename Pred>
void remove_entries(const fs::path& dir, Pred stale) {
  std::error_code ec;
  std::vector<fs::path> doomed;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (stale(it->path().filename().string())) doomed.push_back(it->path());
  for (const auto& p : doomed) fs::remove(p, ec);
}

// Images no page references any more, and temp files left by a crashed run. Only names this writer
// makes are touched, so anything else a user put in the directory stays.
void remove_stale_files(const fs::path& image_dir, const std::set<std::string>& keep) {
  remove_entries(image_dir, [&](const std::string& name) {
    const bool ours = ((name.ends_with(".png") || name.ends_with(".jpg")) && name.find('-') == 16) ||
                      (name.starts_with(".") && name.find(kTempMarker) != std::string::npos);
    return ours && !keep.contains(name);
  });
}

}  // namespace

Status write_html_report(const ReportInput& input, const std::string& out_dir) {
  const fs::path dir(out_dir);
  const fs::path image_dir = dir / kImageDir;
  std::error_code ec;
  fs::create_directories(image_dir, ec);
  if (ec || !fs::is_directory(image_dir))
    return Status::IOError("cannot create report directory " + image_dir.string() + ": " +
                           (ec ? ec.message() : "not a directory"));

  ReportImageNames names;
  std::set<std::string> written;
  for (const auto& page : input.pages) {
    KF_ASSIGN_OR_RETURN(std::string view, store_image(image_dir, page.view_jpeg, written, "jpg"));
    names.views.push_back(std::move(view));
    // With a view image the thumbnail and the crops that have a view box are drawn from it.
    KF_ASSIGN_OR_RETURN(std::string thumb, store_image(image_dir, page.view_jpeg.empty() ? page.thumbnail_png
                                                                                          : std::vector<std::uint8_t>(),
                                                       written));
    names.thumbnails.push_back(std::move(thumb));
    auto& crops = names.crops.emplace_back();
    for (const auto& field : page.fields) {
      const bool drawn = !page.view_jpeg.empty() && field.view_box.has_value();
      KF_ASSIGN_OR_RETURN(std::string crop,
                          store_image(image_dir, drawn ? std::vector<std::uint8_t>() : field.crop_png, written));
      crops.push_back(std::move(crop));
    }
  }
  // The images' directory entries must be durable before a page that references them is.
  KF_RETURN_IF_ERROR(fsync_dir(image_dir));

  const std::size_t per = static_cast<std::size_t>(input.pages_per_file > 0 ? input.pages_per_file : 100);
  const int files = input.pages.empty() ? 1 : static_cast<int>((input.pages.size() + per - 1) / per);
  std::set<std::string> pages_written;
  for (int i = 0; i < files; ++i) {
    ReportFilePart part{i * per, per, i, files};
    const std::string html = render_html_report(input, names, part);
    const std::string name = report_file_name(i);
    KF_RETURN_IF_ERROR(write_file_atomic(dir / name, html.data(), html.size()));
    pages_written.insert(name);
  }
  KF_RETURN_IF_ERROR(fsync_dir(dir));

  // Temps left in out_dir by a crashed run, and the later files of an earlier, longer report.
  remove_entries(dir, [&](const std::string& name) {
    const bool temp = name.starts_with(".report") && name.find(kTempMarker) != std::string::npos;
    const bool part = name.starts_with("report-") && name.ends_with(".html") &&
                      name.find_first_not_of("0123456789", 7) == name.size() - 5;
    return temp || (part && !pages_written.contains(name));
  });
  remove_stale_files(image_dir, written);
  return Status::Ok();
}

}  // namespace kamiflow
