// Internal to ocr/: readings of personal names that mecab-ipadic lacks. ipadic's person-name
// entries date from the 1990s: the given names most children now have (悠真 ユウマ, 陽翔 ハルト,
// 美桜 ミオ, 琴音 コトネ) are not in it, and 児童手当 forms are full of them. SKK's name dictionary
// (Debian package skkdic-extra: /usr/share/skk/SKK-JISYO.jinmei, EUC-JP, ~20,000 readings of
// ~37,000 names, maintained by the SKK project) lists them with 姓/名 where known.
//
// Contract: load() reads the file once (~20 ms); shared() loads the default path once per process
// and is then immutable and safe to share across threads. NameReadings (name_reading.hpp) adds
// these entries to ipadic's, so a missing file only narrows what the reading check can judge;
// `kamiflow doctor` says whether it is there.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kamiflow/status.hpp"

namespace kamiflow::ocr {

// skkdic-extra's name dictionary and its variant-kanji dictionary on Debian.
std::string default_name_supplement_path();
std::string default_variant_kanji_path();

struct SupplementName {
  std::string reading;  // katakana
  bool surname = false;  // annotated 姓
  bool given = false;    // annotated 名; a name annotated only 人名 is neither
};

class NameSupplement {
 public:
  // Names spelled with an old kanji form (遙, 惠, 櫻: those SKK-JISYO.itaiji marks <人名用漢字>) are
  // left out: OCR misreads the everyday form as the old one, and the reading would confirm it.
  [[nodiscard]] static Result<std::shared_ptr<const NameSupplement>> load(
      const std::string& jisyo_path, const std::string& itaiji_path = default_variant_kanji_path());
  // The supplement at default_name_supplement_path(), loaded once per process; a failure is cached
  // too (the file does not appear mid-batch), and returned each time.
  [[nodiscard]] static Result<std::shared_ptr<const NameSupplement>> shared();

  // Every listed reading of `surface` (a name as written, no spaces); empty when it is not listed.
  const std::vector<SupplementName>& find(std::string_view surface) const;
  std::size_t size() const { return entries_; }

 private:
  std::unordered_map<std::string, std::vector<SupplementName>> by_surface_;
  std::size_t entries_ = 0;
};

}  // namespace kamiflow::ocr
