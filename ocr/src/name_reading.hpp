// Internal to ocr/: is a katakana value (フリガナ) a reading of a kanji name? Answered with MeCab
// and mecab-ipadic (Debian packages libmecab-dev, mecab-ipadic-utf8), whose person-name entries
// (名詞,固有名詞,人名,姓/名) carry their readings, plus SKK's name dictionary for the given names
// ipadic is too old to know (name_supplement.hpp).
//
// Contract: create() loads the dictionary once (mmap, ~10 ms) and fails with a Status naming the
// directory when it is missing. check() is pure for the caller but not thread-safe: a MeCab
// tagger and lattice are per instance, so one NameReadings per worker thread (the Extractor owns
// one). A name has many readings (山崎 ヤマザキ/ヤマサキ): every dictionary entry of every part counts,
// not only MeCab's best parse. A name the dictionary does not know is no evidence either way.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kamiflow/status.hpp"
#include "name_supplement.hpp"

namespace kamiflow::ocr {

enum class ReadingVerdict {
  kMatch,       // the kana spells a dictionary reading of the name (part by part)
  kMismatch,    // the dictionary knows the name's parts and none of their readings gives the kana
  kNoEvidence,  // a part of the name is unknown (or only known as a common word): cannot judge
};
std::string_view reading_verdict_name(ReadingVerdict v);

class NameReadings {
 public:
  // dic_dir empty: mecab-ipadic-utf8's Debian location. supplement_path: SKK's name dictionary
  // (name_supplement.hpp), whose entries are added to ipadic's; empty for ipadic alone. A missing
  // supplement is not an error: the check then judges only the names ipadic knows.
  [[nodiscard]] static Result<std::unique_ptr<NameReadings>> create(
      const std::string& dic_dir = "", const std::string& supplement_path = default_name_supplement_path());
  ~NameReadings();
  NameReadings(const NameReadings&) = delete;
  NameReadings& operator=(const NameReadings&) = delete;

  // name: kanji (or kana) as written, parts separated by spaces when the writer left one;
  // kana: katakana, spaces anywhere. Hiragana and full/half width must already be normalised.
  ReadingVerdict check(std::string_view name, std::string_view kana);

  // Whether the name splits into a surname the dictionary lists as 人名,姓 followed by a given
  // name it lists as 人名,名 (新井 + 沙織). Evidence that a kanji read is a real name, not a verdict:
  // many real given names are missing (心春), and a misread can be a real name too.
  bool known_full_name(std::string_view name);

  // Whether `kana` is a surname reading the dictionary lists for the name's first part (人名,姓)
  // followed by the rest spelled character by character from its kanji's own readings (小島 コジマ +
  // 結 ユイ + 菜 ナ for コジマユイナ): how a given name neither dictionary knows is read. Weaker than
  // kMatch, which needs the given name listed; check() gives such a pair kNoEvidence.
  bool spelled_after_surname(std::string_view name, std::string_view kana);

  // Whether mecab-ipadic lists `place` (香川, 高松, 千代田) as a place name (固有名詞,地域).
  bool known_place(std::string_view place);
  // Whether mecab-ipadic lists `word` as a word of any kind (コーポ, ベッド, ハイツ).
  bool known_word(std::string_view word);

  // MeCab's best split of `text` into words, and that split's cost: the sum of the words' costs
  // and of each word following the one before, from ipadic's model of real Japanese text. A read
  // of the same writing that costs less reads more like Japanese (布団 one word, 市団 two). Offsets
  // count code points of `text`; spaces are skipped, as MeCab skips them.
  struct Word {
    int begin = 0, end = 0;  // [begin, end) in code points of `text`
    bool known = false;      // a dictionary entry (digits, marks and new words are not)
  };
  struct Segmentation {
    long cost = 0;
    std::vector<Word> words;
  };
  Segmentation segment(std::string_view text);

  const std::string& dictionary_dir() const { return dic_dir_; }

 private:
  struct Handles;
  NameReadings(std::string dic_dir, std::unique_ptr<Handles> h);
  std::string dic_dir_;
  std::unique_ptr<Handles> h_;
};

// Where check() looks by default, and whether it is installed (for `kamiflow doctor`).
std::string default_mecab_dic_dir();

}  // namespace kamiflow::ocr
