// expand_inputs(): the deterministic list of files a batch reads.
#include <glob.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <set>

#include "engine/batch/runner.hpp"

namespace kamiflow::engine {
namespace fs = std::filesystem;
namespace {

// Files still being written by a scanner or copy tool, and dotfiles (editor swap, .DS_Store).
bool looks_in_progress(const fs::path& p) {
  std::string name = p.filename().string();
  if (name.empty() || name[0] == '.') return true;
  for (const char* suffix : {".tmp", ".part", ".crdownload"})
    if (name.size() > std::strlen(suffix) && name.compare(name.size() - std::strlen(suffix), std::string::npos, suffix) == 0)
      return true;
  return false;
}

// JSON beside scans is metadata, never a scan (`kamiflow samples` writes its ground truth there):
// a folder walk leaves it out; a JSON file named on the command line is still tried.
bool is_metadata(const fs::path& p) { return p.extension() == ".json"; }

Status add_directory(const fs::path& dir, bool recursive, std::set<std::string>& out) {
  std::error_code ec;
  auto add = [&](const fs::directory_entry& e) {
    if (e.is_regular_file(ec) && !looks_in_progress(e.path()) && !is_metadata(e.path()))
      out.insert(e.path().lexically_normal().string());
  };
  if (recursive) {
    for (auto it = fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_directory(ec) && looks_in_progress(it->path())) {
        it.disable_recursion_pending();
        continue;
      }
      add(*it);
    }
  } else {
    for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) add(*it);
  }
  if (ec) return Status::IOError("cannot list " + dir.string() + ": " + ec.message());
  return Status::Ok();
}

}  // namespace

Result<std::vector<std::string>> expand_inputs(const std::vector<std::string>& inputs, bool recursive) {
  std::set<std::string> files;  // std::set: sorted (byte order) and de-duplicated
  for (const std::string& in : inputs) {
    std::error_code ec;
    fs::path p(in);
    if (fs::is_directory(p, ec)) {
      KF_RETURN_IF_ERROR(add_directory(p, recursive, files));
    } else if (fs::exists(p, ec)) {
      files.insert(p.lexically_normal().string());  // named explicitly: taken even if it looks temporary
    } else if (in.find_first_of("*?[") != std::string::npos) {
      glob_t g{};
      int rc = ::glob(in.c_str(), 0, nullptr, &g);
      if (rc == 0)
        for (size_t i = 0; i < g.gl_pathc; ++i) {
          fs::path m(g.gl_pathv[i]);
          if (fs::is_directory(m, ec)) {
            Status st = add_directory(m, recursive, files);
            if (!st.ok()) {
              globfree(&g);
              return st;
            }
          } else if (fs::is_regular_file(m, ec)) {
            files.insert(m.lexically_normal().string());
          }
        }
      globfree(&g);
      if (rc != 0 && rc != GLOB_NOMATCH) return Status::IOError("glob failed for " + in);
    } else {
      return Status::NotFound("input not found: " + in);
    }
  }
  return std::vector<std::string>(files.begin(), files.end());
}

}  // namespace kamiflow::engine
