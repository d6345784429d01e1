#include "name_reading.hpp"

#include <mecab.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <vector>

#include "name_supplement.hpp"

namespace kamiflow::ocr {
namespace {

struct ModelDeleter {
  void operator()(mecab_model_t* m) const { mecab_model_destroy(m); }
};
struct TaggerDeleter {
  void operator()(mecab_t* t) const { mecab_destroy(t); }
};
struct LatticeDeleter {
  void operator()(mecab_lattice_t* l) const { mecab_lattice_destroy(l); }
};

// One dictionary entry whose surface is exactly the looked-up text.
struct Entry {
  std::string reading;  // katakana
  bool person_name = false;
  bool surname = false, given = false;  // 人名,姓 / 人名,名
  bool place = false;                   // 固有名詞,地域 (都道府県, 市区町村, 町名)
  // From the SKK supplement alone. Its readings are evidence for check() (a kana read from other
  // ink must spell one), but its mere listing is not evidence that a kanji read is a real name:
  // it lists obscure names (委 つぶさ) that a misread kanji becomes (伊藤委 for 伊藤律, dev seed 41).
  bool supplement_only = false;
};

std::vector<std::string> split_features(const char* feature) {
  std::vector<std::string> out(1);
  for (const char* p = feature; p && *p; ++p) {
    if (*p == ',') out.emplace_back();
    else out.back() += *p;
  }
  return out;
}

// Splits UTF-8 into code points' byte offsets (the candidate surname/given-name boundaries).
std::vector<std::size_t> char_boundaries(std::string_view s) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) out.push_back(i);
  out.push_back(s.size());
  return out;
}

std::string without_spaces(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] == ' ' || s[i] == '\t') { ++i; continue; }
    if (s.substr(i, 3) == "\xe3\x80\x80") { i += 3; continue; }  // U+3000
    out += s[i++];
  }
  return out;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

}  // namespace

struct NameReadings::Handles {
  std::unique_ptr<mecab_model_t, ModelDeleter> model;
  std::unique_ptr<mecab_t, TaggerDeleter> tagger;
  std::unique_ptr<mecab_lattice_t, LatticeDeleter> lattice;
  std::shared_ptr<const NameSupplement> supplement;  // may be null: ipadic alone
  std::map<std::string, std::vector<Entry>> cache;  // surface → entries; names repeat across pages

  // Every dictionary entry spelled exactly `surface` (all of them, not MeCab's best parse: a
  // name's several readings are several entries). Unknown words are not entries.
  const std::vector<Entry>& entries(const std::string& surface) {
    auto it = cache.find(surface);
    if (it != cache.end()) return it->second;
    std::vector<Entry> found;
    mecab_lattice_clear(lattice.get());
    mecab_lattice_set_request_type(lattice.get(), MECAB_ALL_MORPHS);
    mecab_lattice_set_sentence2(lattice.get(), surface.data(), surface.size());
    if (mecab_parse_lattice(tagger.get(), lattice.get())) {
      for (mecab_node_t* n = mecab_lattice_get_begin_nodes(lattice.get(), 0); n; n = n->bnext) {
        if (n->stat != MECAB_NOR_NODE || n->length != surface.size()) continue;
        const auto f = split_features(n->feature);
        // ipadic: 品詞,細分類1,細分類2,細分類3,活用型,活用形,原形,読み,発音
        if (f.size() < 8 || f[7].empty() || f[7] == "*") continue;
        const bool person = f.size() > 2 && f[2] == "人名";
        found.push_back({f[7], person, person && f[3] == "姓", person && f[3] == "名", f.size() > 2 && f[2] == "地域"});
      }
    }
    // The supplement's names add the readings ipadic lacks (name_supplement.hpp); a reading
    // ipadic already lists as a name stays ipadic's entry, as ipadic has it.
    if (supplement)
      for (const SupplementName& n : supplement->find(surface)) {
        auto same = [&](const Entry& e) { return e.person_name && e.reading == n.reading; };
        if (std::none_of(found.begin(), found.end(), same))
          found.push_back({n.reading, true, n.surname, n.given, false, true});
      }
    if (cache.size() > 4096) cache.clear();  // bounded: a long batch must not grow without limit
    return cache.emplace(surface, std::move(found)).first->second;
  }

  // Whether `kana` can be spelled character by character from each kanji's own entries (一輝 as
  // カズ+キ where the name entry only lists イッキ): given names are read freely from their kanji,
  // so such a spelling must not count against the kana. Bounded search; false when unsure.
  bool spelled_by_characters(std::string_view part, std::string_view kana) {
    int budget = 2000;
    return spelled(part, kana, budget);
  }
  bool spelled(std::string_view part, std::string_view kana, int& budget) {
    if (part.empty()) return kana.empty();
    if (--budget < 0 || kana.empty()) return false;
    std::size_t len = 1;
    while (len < part.size() && (static_cast<unsigned char>(part[len]) & 0xC0) == 0x80) ++len;
    const std::vector<Entry> es = entries(std::string(part.substr(0, len)));  // copy: recursion may evict
    for (const Entry& e : es)
      if (starts_with(kana, e.reading) &&
          spelled(part.substr(len), kana.substr(e.reading.size()), budget))
        return true;
    return false;
  }
};

std::string_view reading_verdict_name(ReadingVerdict v) {
  switch (v) {
    case ReadingVerdict::kMatch: return "match";
    case ReadingVerdict::kMismatch: return "mismatch";
    case ReadingVerdict::kNoEvidence: return "no_evidence";
  }
  return "?";
}

std::string default_mecab_dic_dir() { return "/var/lib/mecab/dic/ipadic-utf8"; }

NameReadings::NameReadings(std::string dic_dir, std::unique_ptr<Handles> h)
    : dic_dir_(std::move(dic_dir)), h_(std::move(h)) {}
NameReadings::~NameReadings() = default;

Result<std::unique_ptr<NameReadings>> NameReadings::create(const std::string& dic_dir,
                                                          const std::string& supplement_path) {
  const std::string dir = dic_dir.empty() ? default_mecab_dic_dir() : dic_dir;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(std::filesystem::path(dir) / "sys.dic", ec))
    return Status::NotFound("MeCab dictionary not found: no " + dir + "/sys.dic (apt-get install mecab-ipadic-utf8)");
  // -r /dev/null: the dictionary alone decides; a user's mecabrc must not change what we check.
  const std::string arg = "-r /dev/null -d " + dir;
  auto h = std::make_unique<Handles>();
  h->model.reset(mecab_model_new2(arg.c_str()));
  if (!h->model) return Status::Internal("MeCab could not load the dictionary in " + dir);
  h->tagger.reset(mecab_model_new_tagger(h->model.get()));
  h->lattice.reset(mecab_model_new_lattice(h->model.get()));
  if (!h->tagger || !h->lattice) return Status::Internal("MeCab could not create a tagger for " + dir);
  if (!supplement_path.empty()) {
    // Optional: without it the check judges only the names ipadic knows (doctor reports it).
    Result<std::shared_ptr<const NameSupplement>> s = supplement_path == default_name_supplement_path()
                                                          ? NameSupplement::shared()
                                                          : NameSupplement::load(supplement_path);
    if (s.ok()) h->supplement = std::move(s).value();
  }
  return std::unique_ptr<NameReadings>(new NameReadings(dir, std::move(h)));
}

ReadingVerdict NameReadings::check(std::string_view name_in, std::string_view kana_in) {
  const std::string kana = without_spaces(kana_in);
  if (kana.empty() || name_in.empty()) return ReadingVerdict::kNoEvidence;
  // A space the writer left between surname and given name is the only split worth trying.
  const std::string spaced(name_in);
  const std::size_t space = spaced.find_first_of(" \t");
  const std::string name = without_spaces(name_in);
  std::vector<std::size_t> cuts;
  if (space != std::string::npos && space > 0 && without_spaces(spaced.substr(0, space)).size() < name.size())
    cuts.push_back(without_spaces(spaced.substr(0, space)).size());
  else
    for (std::size_t b : char_boundaries(name)) cuts.push_back(b);  // 0 and size(): the name as one entry

  const bool writer_split = cuts.size() == 1;
  auto person = [](const std::vector<Entry>& es) {
    for (const Entry& e : es)
      if (e.person_name) return true;
    return false;
  };
  bool judged_wrong = false, some_surname = false, some_surname_fits = false;
  for (std::size_t cut : cuts) {
    const std::string head = name.substr(0, cut), tail = name.substr(cut);
    if (head.empty() || tail.empty()) {  // the whole name as one entry: evidence only when it matches
      for (const Entry& e : h_->entries(name))
        if (e.reading == kana) return ReadingVerdict::kMatch;
      continue;
    }
    // Copies: the cache is cleared when full, so a later lookup (the tail's, the spelling's) could
    // free what a reference into it points at.
    const std::vector<Entry> a = h_->entries(head);
    const std::vector<Entry> b = h_->entries(tail);
    bool head_fits = false, tail_fits = false;
    for (const Entry& x : a) {
      if (!starts_with(kana, x.reading)) continue;
      head_fits = true;
      for (const Entry& y : b)
        if (x.reading.size() + y.reading.size() == kana.size() && ends_with(kana, y.reading))
          return ReadingVerdict::kMatch;
    }
    for (const Entry& y : b) tail_fits = tail_fits || ends_with(kana, y.reading);
    // Only person-name entries list a name's readings well enough to call the kana wrong: a part
    // known only as a common word (陽, 翔) is read freely in given names.
    const bool head_known = person(a), tail_known = person(b);
    bool freely_read = false;  // the given name spelled from its kanji's readings after a fitting surname
    for (const Entry& x : a)
      if (!freely_read && starts_with(kana, x.reading))
        freely_read = h_->spelled_by_characters(tail, std::string_view(kana).substr(x.reading.size()));
    if (freely_read) {
      some_surname_fits = true;
      continue;
    }
    if (head_known && tail_known) judged_wrong = true;
    if (head_known) {
      some_surname = true;
      some_surname_fits = some_surname_fits || head_fits;
    }
    // A cut the writer made is certain, so either known part alone can disprove the kana. Cuts we
    // guess are not: "翔" ends 陽翔 (ハルト) but its own readings are ショウ, カケル.
    if (writer_split && ((head_known && !head_fits) || (tail_known && !tail_fits))) judged_wrong = true;
  }
  if (some_surname && !some_surname_fits) judged_wrong = true;
  return judged_wrong ? ReadingVerdict::kMismatch : ReadingVerdict::kNoEvidence;
}

bool NameReadings::spelled_after_surname(std::string_view name_in, std::string_view kana_in) {
  const std::string name = without_spaces(name_in), kana = without_spaces(kana_in);
  if (name.empty() || kana.empty()) return false;
  for (std::size_t cut : char_boundaries(name)) {
    if (cut == 0 || cut >= name.size()) continue;
    const std::string tail = name.substr(cut);
    const std::vector<Entry> heads = h_->entries(name.substr(0, cut));  // copy: spelling may evict
    for (const Entry& x : heads)
      if (x.surname && starts_with(kana, x.reading) && x.reading.size() < kana.size() &&
          h_->spelled_by_characters(tail, std::string_view(kana).substr(x.reading.size())))
        return true;
  }
  return false;
}

bool NameReadings::known_full_name(std::string_view name_in) {
  const std::string name = without_spaces(name_in);
  auto has = [](const std::vector<Entry>& es, bool Entry::*kind) {
    for (const Entry& e : es)
      if (e.*kind && !e.supplement_only) return true;
    return false;
  };
  for (std::size_t cut : char_boundaries(name)) {
    if (cut == 0 || cut >= name.size()) continue;
    if (has(h_->entries(name.substr(0, cut)), &Entry::surname) && has(h_->entries(name.substr(cut)), &Entry::given))
      return true;
  }
  return false;
}

bool NameReadings::known_place(std::string_view place) {
  for (const Entry& e : h_->entries(std::string(place)))
    if (e.place) return true;
  return false;
}

bool NameReadings::known_word(std::string_view word) {
  for (const Entry& e : h_->entries(std::string(word)))
    if (!e.supplement_only) return true;
  return false;
}

NameReadings::Segmentation NameReadings::segment(std::string_view text) {
  Segmentation out;
  const std::vector<std::size_t> starts = char_boundaries(text);  // byte offset of each code point
  auto char_index = [&](std::size_t byte) {
    return static_cast<int>(std::lower_bound(starts.begin(), starts.end(), byte) - starts.begin());
  };
  mecab_lattice_t* lattice = h_->lattice.get();
  mecab_lattice_clear(lattice);
  mecab_lattice_set_request_type(lattice, MECAB_ONE_BEST);
  mecab_lattice_set_sentence2(lattice, text.data(), text.size());
  if (!mecab_parse_lattice(h_->tagger.get(), lattice)) return out;
  const char* sentence = mecab_lattice_get_sentence(lattice);
  for (const mecab_node_t* n = mecab_lattice_get_bos_node(lattice); n; n = n->next) {
    if (n->stat == MECAB_EOS_NODE) out.cost = n->cost;
    if (n->stat != MECAB_NOR_NODE && n->stat != MECAB_UNK_NODE) continue;
    const auto byte = static_cast<std::size_t>(n->surface - sentence);
    out.words.push_back({char_index(byte), char_index(byte + n->length), n->stat == MECAB_NOR_NODE});
  }
  return out;
}

}  // namespace kamiflow::ocr
