#include "name_kanji_index.hpp"

#include <algorithm>
#include <mutex>
#include <sstream>

#include "euc_jp.hpp"

namespace kamiflow::ocr {
namespace {

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
  KF_ASSIGN_OR_RETURN(const std::string text, read_euc_jp_file(csv_path, "name dictionary source", "mecab-ipadic"));
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
