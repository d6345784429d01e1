#include "euc_jp.hpp"

#include <iconv.h>

#include <fstream>
#include <sstream>

namespace kamiflow::ocr {

Result<std::string> euc_jp_to_utf8(const std::string& in, const std::string& path) {
  iconv_t cd = iconv_open("UTF-8", "EUC-JP");
  if (cd == reinterpret_cast<iconv_t>(-1)) return Status::Internal("iconv has no EUC-JP converter");
  std::string out(in.size() * 2 + 16, '\0');
  char* src = const_cast<char*>(in.data());
  std::size_t src_left = in.size();
  char* dst = out.data();
  std::size_t dst_left = out.size();
  const std::size_t r = iconv(cd, &src, &src_left, &dst, &dst_left);
  iconv_close(cd);
  if (r == static_cast<std::size_t>(-1))
    return Status::InvalidInput(path + ": not EUC-JP text at byte " + std::to_string(in.size() - src_left));
  out.resize(out.size() - dst_left);
  return out;
}

Result<std::string> read_euc_jp_file(const std::string& path, const std::string& what, const std::string& package) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return Status::NotFound(what + " " + path + " not found (install the Debian package " + package + ")");
  std::stringstream raw;
  raw << f.rdbuf();
  return euc_jp_to_utf8(raw.str(), path);
}

}  // namespace kamiflow::ocr
