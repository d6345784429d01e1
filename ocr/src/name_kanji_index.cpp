#include "name_kanji_index.hpp"

#include <iconv.h>

#include <algorithm>
#include <fstream>
#include <mutex>
#include <sstream>

namespace kamiflow::ocr {
namespace {

// The file is EUC-JP (as the ipadic source ships); iconv from glibc converts it.
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

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> cols;
  std::string col;
  std::stringstream ss(line);
  while (std::getline(ss, col, ',')) cols.push_back(col);
  return cols;
}

}  // namespace

std::string default_name_csv_path() { return "/usr/share/mecab/dic/ipadic/Noun.name.csv"; }

const std::vector<std::string>& NameKanjiIndex::find(const Map& m, std::string_view kana) {
  static const std::vector<std::string> kNone;
  auto it = m.find(std::string(kana));
  return it == m.end() ? kNone : it->second;
}

Result<std::shared_ptr<const NameKanjiIndex>> NameKanjiIndex::load(const std::string& csv_path) {
  std::ifstream f(csv_path, std::ios::binary);
  if (!f)
    return Status::NotFound("name dictionary source " + csv_path + " not found (install the Debian package mecab-ipadic)");
  std::stringstream raw;
  raw << f.rdbuf();
  KF_ASSIGN_OR_RETURN(std::string text, euc_jp_to_utf8(raw.str(), csv_path));
  auto index = std::shared_ptr<NameKanjiIndex>(new NameKanjiIndex());
  std::stringstream lines(text);
  std::string line;
  // surface,left,right,cost,名詞,固有名詞,人名,姓|名,*,*,base,reading,pronunciation
  while (std::getline(lines, line)) {
    const std::vector<std::string> c = split_csv_line(line);
    if (c.size() < 12 || c[6] != "人名" || (c[7] != "姓" && c[7] != "名")) continue;
    std::vector<std::string>& spellings = (c[7] == "姓" ? index->surnames_ : index->given_)[c[11]];
    if (std::find(spellings.begin(), spellings.end(), c[0]) == spellings.end()) spellings.push_back(c[0]);
    ++index->entries_;
  }
  if (index->entries_ == 0) return Status::InvalidInput(csv_path + ": no person-name entries (姓/名) in it");
  return std::shared_ptr<const NameKanjiIndex>(std::move(index));
}

Result<std::shared_ptr<const NameKanjiIndex>> NameKanjiIndex::shared() {
  static std::mutex mu;
  static std::shared_ptr<const NameKanjiIndex> cached;
  std::lock_guard<std::mutex> lock(mu);
  if (!cached) {
    KF_ASSIGN_OR_RETURN(cached, load(default_name_csv_path()));
  }
  return cached;
}

}  // namespace kamiflow::ocr
