#include "text_words.hpp"

#include <algorithm>

#include "char_vote.hpp"
#include "kamiflow/ocr/text.hpp"
#include "record_checks.hpp"
#include "settled_read.hpp"
#include "text_shape.hpp"

namespace kamiflow::ocr {
namespace {

std::vector<ScoredChar> chars_of(const std::string& s) {
  std::vector<ScoredChar> out;
  for (char32_t c : decode_utf8(s)) out.push_back({c, 0});
  return out;
}

bool number_part(char32_t c) { return (c >= U'0' && c <= U'9') || c == U'-'; }

// Dictionary words throughout, but for runs of digits and hyphens (番地 4-29-20, counts).
bool made_of_words(const std::vector<ScoredChar>& s, const NameReadings::Segmentation& seg) {
  for (const NameReadings::Word& w : seg.words)
    if (!w.known)
      for (int i = w.begin; i < w.end; ++i)
        if (!number_part(s[static_cast<std::size_t>(i)].cp)) return false;
  return !seg.words.empty();
}

// Whether the characters [begin, end) of the read lie inside its known words of two or more
// characters. An empty range (the other read added characters there) stands for the characters
// on both sides of that point.
bool inside_long_words(const NameReadings::Segmentation& seg, int begin, int end) {
  if (begin == end) {
    begin = std::max(begin - 1, 0);
    ++end;
  }
  for (const NameReadings::Word& w : seg.words)
    if (w.end > begin && w.begin < end && (!w.known || w.end - w.begin < 2)) return false;
  return true;
}

}  // namespace

std::optional<std::size_t> read_settled_by_words(NameReadings& readings, const std::vector<std::string>& reads) {
  if (reads.size() < 2) return std::nullopt;
  std::vector<NameReadings::Segmentation> segs;
  for (const std::string& r : reads) segs.push_back(readings.segment(r));
  std::size_t best = 0;
  for (std::size_t i = 1; i < reads.size(); ++i)
    if (segs[i].cost < segs[best].cost) best = i;
  const std::vector<ScoredChar> winner = chars_of(reads[best]);
  if (!made_of_words(winner, segs[best])) return std::nullopt;
  for (std::size_t i = 0; i < reads.size(); ++i) {
    if (i == best || reads[i] == reads[best]) continue;
    if (segs[i].cost - segs[best].cost < kWordsMargin) return std::nullopt;
    // The winner is words where they differ, the other read is not (午前 against 午後 is two words,
    // and says nothing about which was written).
    for (const DifferingRun& run : differing_runs(winner, chars_of(reads[i])))
      if (!inside_long_words(segs[best], run.a_begin, run.a_end) ||
          inside_long_words(segs[i], run.b_begin, run.b_end))
        return std::nullopt;
  }
  return best;
}

void check_text_words(const FormTemplate& tmpl, NameReadings& readings, Record& rec) {
  for (FieldResult& f : rec.fields) {
    if (f.type != FieldType::kText || !f.has_flag(flag::kModelDisagreement) || f.value.empty() ||
        f.alternatives.empty())
      continue;
    const FieldSpec* spec = tmpl.find_field(f.name);
    if (!spec || spec->read.latin() || looks_like_a_name(*spec)) continue;
    std::vector<std::string> reads{without_spaces(text::nfkc(f.value))};
    for (const std::string& a : f.alternatives) reads.push_back(without_spaces(text::nfkc(a)));
    if (const std::optional<std::size_t> winner = read_settled_by_words(readings, reads))
      keep_settled_read(f, *spec, *winner, kKnownWordsConfidence);
  }
}

}  // namespace kamiflow::ocr
