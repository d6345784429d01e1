#include "postal_address.hpp"

#include <algorithm>
#include <optional>

#include "address_block.hpp"
#include "address_grammar.hpp"
#include "field_postprocess.hpp"
#include "kamiflow/ocr/text.hpp"
#include "text_shape.hpp"
#include "text_value_shape.hpp"

namespace kamiflow::ocr {
namespace {

bool is_postal_field(const FieldSpec& f) {
  if (!f.postal_code_of.empty()) return true;
  if (f.type == FieldType::kCheckboxGroup || f.type == FieldType::kCircledChoice) return false;
  auto has = [](const std::vector<std::string>& v) { return std::find(v.begin(), v.end(), "postal_code") != v.end(); };
  return has(f.validators) || has(f.normalisers);
}

bool looks_like_address(const FieldSpec& f) {
  return f.type == FieldType::kText && (f.name.ends_with("address") || f.label.find("住所") != std::string::npos);
}

// The 7 digits of a value ("100-0001", "1000001"); nullopt unless it has exactly 7.
std::optional<std::string> code_digits(const std::string& value) {
  std::string d;
  for (char c : value)
    if (c >= '0' && c <= '9') d += c;
    else if (c != '-') return std::nullopt;
  if (d.size() != 7) return std::nullopt;
  return d;
}

// Flags a doubtful read carries, which the directory's agreement answers. Any other flag (invalid,
// unreadable, incomplete, ...) has its own reason to stay.
bool only_doubt(const FieldResult& f) {
  return std::all_of(f.flags.begin(), f.flags.end(), [](const std::string& x) {
    return x == flag::kLowConfidence || x == flag::kDisagreement || x == flag::kModelDisagreement;
  });
}

// Drops the doubt flags of a read the directory confirmed.
void confirm(FieldResult& f, double confidence = kPostalConfirmedConfidence) {
  f.drop_flag(flag::kLowConfidence);
  f.drop_flag(flag::kDisagreement);
  f.drop_flag(flag::kModelDisagreement);
  f.confidence = std::max(f.confidence, confidence);
}

// The codes of the towns the address's reads (the value, then every other model's read) start
// with; municipality-only places are no evidence and give none.
std::vector<std::string> town_codes(const PostalDirectory& dir, const FieldResult& address) {
  std::vector<std::string> reads{address.value};
  reads.insert(reads.end(), address.alternatives.begin(), address.alternatives.end());
  std::vector<std::string> codes;
  for (const std::string& r : reads) {
    const PlaceMatch m = dir.match(r);
    if (m.municipality_only) continue;
    for (const std::string& c : m.codes)
      if (std::find(codes.begin(), codes.end(), c) == codes.end()) codes.push_back(c);
  }
  return codes;
}

bool contains(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

// The address with its start replaced by the one place of `code` that it misses by substituted
// characters (one; two in a place of 8 or more), with or without the prefecture; nullopt when
// none or several do.
std::optional<std::string> mended_by_place(const PostalDirectory& dir, const std::string& code, const std::string& value) {
  if (code.ends_with("0000")) return std::nullopt;  // a municipality has no town to compare
  const std::vector<char32_t> addr = decode_utf8(PostalDirectory::normalised(value));
  std::optional<std::string> out;
  for (const std::string& place : dir.places_of(code)) {
    const std::vector<char32_t> whole = decode_utf8(place);
    // The same place without its prefecture, for addresses that leave it out.
    std::vector<std::vector<char32_t>> forms{whole};
    for (std::size_t p = 2; p < whole.size() && p <= 4; ++p)
      if (whole[p] == U'都' || whole[p] == U'道' || whole[p] == U'府' || whole[p] == U'県')
        forms.emplace_back(whole.begin() + static_cast<long>(p) + 1, whole.end());
    for (const auto& form : forms) {
      // Short places (柏市柏) are too easily a character from another reading; long ones may
      // lose two (宮城県仙合市青桃区一番町).
      if (form.size() < 5 || addr.size() <= form.size()) continue;
      const std::size_t allowed = form.size() >= 8 ? 2 : 1;
      std::size_t diff = 0;
      for (std::size_t i = 0; i < form.size() && diff <= allowed; ++i) diff += addr[i] != form[i];
      if (diff == 0 || diff > allowed) continue;
      std::vector<char32_t> mended = form;
      mended.insert(mended.end(), addr.begin() + static_cast<long>(form.size()), addr.end());
      const std::string s = encode_utf8(mended);
      if (out && *out != s) return std::nullopt;
      out = s;
    }
  }
  return out;
}

std::string label_of(const FieldSpec* spec, const char* fallback) {
  return spec && !spec->label.empty() ? spec->label : fallback;
}

// What follows the confirmed town is a block number (and building) as people write them, and
// every other model's read ends the same way: the town is settled by the directory, the rest by
// the models' agreement and its grammar.
bool rest_agreed(const FieldResult& address, std::size_t town_length) {
  const std::vector<char32_t> v = decode_utf8(PostalDirectory::normalised(address.value));
  const std::string rest = encode_utf8(std::vector<char32_t>(v.begin() + static_cast<long>(town_length), v.end()));
  if (!address_block_well_formed(rest)) return false;
  // An alternative may be the value's own read before the grammar mended it (5」目, a speck at
  // the end), or another model's with a speck read as a dot (2-.8-7): compared as mended and
  // without dots and commas (which a well-formed rest never has), it agrees.
  return std::all_of(address.alternatives.begin(), address.alternatives.end(), [&](const std::string& alt) {
    std::string mended = repair_address_text(alt).value_or(alt);
    mended = without_trailing_specks(mended).value_or(mended);
    std::vector<char32_t> plain = decode_utf8(PostalDirectory::normalised(mended));
    std::erase_if(plain, [](char32_t c) { return c == U'.' || c == U',' || c == U'、'; });
    return encode_utf8(plain).ends_with(rest);
  });
}

// How many digits two 7-digit codes differ in.
int digits_apart(const std::string& a, const std::string& b) {
  int n = 0;
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) n += a[i] != b[i];
  return n;
}

// Step 1: the code, against the towns the address's reads start with. Whether the code is sure
// afterwards: confirmed, or passed and listed (even when it names another town than the address).
bool check_code(const PostalDirectory& dir, FieldResult& code, const std::string& digits,
                const std::vector<std::string>& towns, const PlaceMatch& value_place, const std::string& where) {
  if (contains(towns, digits)) {
    if (only_doubt(code)) confirm(code);
    return code.flags.empty();
  }
  if (!code.flags.empty()) {
    if (!only_doubt(code) || towns.empty()) return false;
    std::optional<std::string> agreeing;
    for (const std::string& alt : code.alternatives) {
      const std::optional<std::string> d = code_digits(alt);
      if (!d || !contains(towns, *d)) continue;
      if (agreeing && *agreeing != alt) return false;  // two readings fit the address: a person decides
      agreeing = alt;
    }
    if (agreeing) {
      code.show_instead(*agreeing);
      confirm(code);
      return true;
    }
    // No reader saw the town's code, but it is a digit or two away (a handwritten 0 read 6): the
    // reviewer is shown it; the flags stay, since no reader's evidence backs it.
    std::optional<std::string> near;
    for (const std::string& t : towns) {
      if (digits_apart(t, digits) > 2) continue;
      if (near) return false;
      near = t;
    }
    if (near) {
      // Written as the value is (the field's normalisers decided on NNN-NNNN or NNNNNNN).
      code.show_instead(code.value.find('-') != std::string::npos ? near->substr(0, 3) + "-" + near->substr(3) : *near);
      code.reasons.push_back(where + ": 住所の町の郵便番号を表示しています（読み取りは候補にあります）");
    }
    return false;
  }
  // A code that passed: the directory is the check of last resort on it.
  if (!dir.has_code(digits)) {
    code.add_flag(flag::kPlaceMismatch);
    code.reasons.push_back(where + ": 郵便番号 " + code.value + " は郵便番号簿にありません");
    return false;
  }
  if (!value_place.codes.empty() && !value_place.municipality_only) {
    code.add_flag(flag::kPlaceMismatch);
    code.reasons.push_back(where + ": 郵便番号 " + code.value + " は住所の町の郵便番号ではありません");
  }
  return true;
}

// Step 2: an address whose start misses the sure code's town by a character or two is mended
// from the directory and shown, flagged place_mismatch.
void check_address(const PostalDirectory& dir, FieldResult& address, const FieldSpec* spec, const std::string& digits,
                   const PlaceMatch& value_place, const std::string& where) {
  if (contains(value_place.codes, digits)) {
    if (!address.flags.empty() && only_doubt(address) && rest_agreed(address, value_place.length)) {
      confirm(address, kAddressConfirmedConfidence);
    }
    return;
  }
  std::optional<std::string> mended = mended_by_place(dir, digits, address.value);
  if (mended && spec) mended = normalised_as_field(*spec, *mended);
  if (!mended || *mended == address.value) return;
  const bool in_doubt_only = only_doubt(address);
  address.show_instead(*mended);
  // The mended town is the code's and the rest is agreed and well formed: the same evidence as a
  // town read right (dev seeds 41, 31, 32: such addresses were all right).
  const PlaceMatch mended_place = dir.match(address.value);
  if (in_doubt_only && contains(mended_place.codes, digits) && rest_agreed(address, mended_place.length)) {
    confirm(address, kAddressConfirmedConfidence);
    return;
  }
  address.add_flag(flag::kPlaceMismatch);
  address.reasons.push_back(label_of(spec, "住所") + ": 地名が" + where +
                            "の町名と違います（郵便番号簿の地名を表示しています）");
}

void check_pair(const FormTemplate& tmpl, const PostalDirectory& dir, const PostalAddressPair& pair, Record& rec) {
  FieldResult* code = rec.find(pair.postal);
  FieldResult* address = rec.find(pair.address);
  if (!code || !address || code->value.empty() || address->value.empty()) return;
  const std::optional<std::string> digits = code_digits(code->value);
  if (!digits) return;  // its validator has flagged it already
  const std::string where = label_of(tmpl.find_field(pair.postal), "郵便番号");
  const PlaceMatch value_place = dir.match(address->value);
  // A doubtful code is no evidence for the address.
  if (!check_code(dir, *code, *digits, town_codes(dir, *address), value_place, where)) return;
  check_address(dir, *address, tmpl.find_field(pair.address), *code_digits(code->value), value_place, where);
}

}  // namespace

std::vector<PostalAddressPair> postal_address_pairs(const FormTemplate& tmpl) {
  std::vector<const FieldSpec*> codes, addresses;
  for (const FieldSpec& f : tmpl.fields) {
    if (is_postal_field(f)) codes.push_back(&f);
    else if (looks_like_address(f)) addresses.push_back(&f);
  }
  std::vector<PostalAddressPair> out;
  for (const FieldSpec* c : codes) {
    std::string address = c->postal_code_of;
    if (address.empty()) {
      std::string by_name = c->name;
      if (const auto p = by_name.find("postal_code"); p != std::string::npos) {
        by_name.replace(p, std::string("postal_code").size(), "address");
        const FieldSpec* f = tmpl.find_field(by_name);
        if (f && f->type == FieldType::kText) address = by_name;
      }
    }
    if (address.empty() && codes.size() == 1 && addresses.size() == 1) address = addresses.front()->name;
    if (!address.empty()) out.push_back({c->name, address});
  }
  return out;
}

void check_postal_codes(const FormTemplate& tmpl, const PostalDirectory& directory, Record& rec) {
  for (const PostalAddressPair& pair : postal_address_pairs(tmpl)) check_pair(tmpl, directory, pair, rec);
}

}  // namespace kamiflow::ocr
