// Internal to ocr/: which kanji write a name read a given way (スガワラ → 菅原, 須川原, …), from the
// person-name entries of mecab-ipadic's source (Debian mecab-ipadic: Noun.name.csv, EUC-JP, with
// 姓/名 and the katakana reading of ~32,000 names). MeCab answers "how is this read"; this answers
// the reverse, which the compiled dictionary cannot.
//
// Contract: shared() loads the file once per process (~30 ms) and is then immutable and safe to
// share across threads; a missing file is an error that names it (the caller may go without).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kamiflow/status.hpp"

namespace kamiflow::ocr {

class NameKanjiIndex {
 public:
  [[nodiscard]] static Result<std::shared_ptr<const NameKanjiIndex>> load(const std::string& csv_path);
  // The index of default_name_csv_path(), loaded once per process; a failure is not cached.
  [[nodiscard]] static Result<std::shared_ptr<const NameKanjiIndex>> shared();

  // Spellings of surnames (姓) / given names (名) read `kana` (katakana, no spaces); empty if none.
  const std::vector<std::string>& surnames(std::string_view kana) const { return find(surnames_, kana); }
  const std::vector<std::string>& given_names(std::string_view kana) const { return find(given_, kana); }
  std::size_t size() const { return entries_; }

 private:
  using Map = std::unordered_map<std::string, std::vector<std::string>>;
  static const std::vector<std::string>& find(const Map& m, std::string_view kana);
  Map surnames_, given_;
  std::size_t entries_ = 0;
};

// mecab-ipadic's person-name source file on Debian.
std::string default_name_csv_path();

}  // namespace kamiflow::ocr
