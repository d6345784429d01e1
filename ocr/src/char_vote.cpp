#include "char_vote.hpp"

#include <algorithm>

#include "kamiflow/ocr/text.hpp"
#include "tesseract_engine.hpp"
#include "text_shape.hpp"

namespace kamiflow::ocr {

std::vector<ScoredChar> scored_chars(const std::vector<OcrSymbol>& symbols, std::string_view text) {
  std::vector<ScoredChar> out;
  for (const OcrSymbol& s : symbols)
    for (char32_t cp : decode_utf8(without_spaces(text::nfkc(s.text)))) out.push_back({cp, s.confidence / 100.0});
  // NFKC of the parts can differ from NFKC of the whole only in rare compositions; any mismatch
  // (or a text the caller rewrote) means the confidences cannot be trusted to line up.
  const std::vector<char32_t> want = decode_utf8(without_spaces(text::nfkc(text)));
  if (want.size() != out.size()) return {};
  for (std::size_t i = 0; i < want.size(); ++i)
    if (want[i] != out[i].cp) return {};
  return out;
}

std::vector<DifferingRun> differing_runs(const std::vector<ScoredChar>& a, const std::vector<ScoredChar>& b) {
  const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  // Fields are short (≤ ~40 characters), so the full table is cheap.
  std::vector<int> d(static_cast<std::size_t>((n + 1) * (m + 1)));
  auto at = [&](int i, int j) -> int& { return d[static_cast<std::size_t>(i * (m + 1) + j)]; };
  for (int i = 0; i <= n; ++i) at(i, 0) = i;
  for (int j = 0; j <= m; ++j) at(0, j) = j;
  for (int i = 1; i <= n; ++i)
    for (int j = 1; j <= m; ++j)
      at(i, j) = std::min({at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + (a[i - 1].cp == b[j - 1].cp ? 0 : 1)});
  // Walk back, preferring matches, and collect maximal runs of non-matching steps.
  std::vector<DifferingRun> runs;
  int i = n, j = m;
  bool in_run = false;
  DifferingRun cur;
  while (i > 0 || j > 0) {
    const bool match = i > 0 && j > 0 && a[i - 1].cp == b[j - 1].cp && at(i, j) == at(i - 1, j - 1);
    if (match) {
      if (in_run) runs.push_back(cur), in_run = false;
      --i, --j;
      continue;
    }
    if (!in_run) cur = {i, i, j, j}, in_run = true;
    if (i > 0 && j > 0 && at(i, j) == at(i - 1, j - 1) + 1) --i, --j;
    else if (i > 0 && at(i, j) == at(i - 1, j) + 1) --i;
    else --j;
    cur.a_begin = i, cur.b_begin = j;
  }
  if (in_run) runs.push_back(cur);
  std::reverse(runs.begin(), runs.end());
  return runs;
}

namespace {

double weakest(const std::vector<ScoredChar>& s, int from, int to) {
  double w = 1;
  for (int k = from; k < to; ++k) w = std::min(w, s[static_cast<std::size_t>(k)].confidence);
  return w;
}
double strongest(const std::vector<ScoredChar>& s, int from, int to) {
  double w = 0;
  for (int k = from; k < to; ++k) w = std::max(w, s[static_cast<std::size_t>(k)].confidence);
  return w;
}

// Which side a run goes to: 0 = a, 1 = b, -1 = unsettled; margin is how clearly.
int settle(const std::vector<ScoredChar>& a, const std::vector<ScoredChar>& b, const DifferingRun& r,
           double& margin) {
  const bool a_empty = r.a_begin == r.a_end, b_empty = r.b_begin == r.b_end;
  // A dropped character is no symbol, so no confidence: side with "nothing here" only against an
  // extra character its own model doubted. A sure extra character against nothing stays open —
  // a lost hyphen (2-1-20 read 2-120) looks exactly like that.
  if (a_empty || b_empty) {
    const double extra = a_empty ? strongest(b, r.b_begin, r.b_end) : strongest(a, r.a_begin, r.a_end);
    if (extra >= kVoteDoubt) return -1;
    margin = kVoteSure - extra;
    return a_empty ? 0 : 1;
  }
  const double a_weak = weakest(a, r.a_begin, r.a_end), b_weak = weakest(b, r.b_begin, r.b_end);
  const double a_strong = strongest(a, r.a_begin, r.a_end), b_strong = strongest(b, r.b_begin, r.b_end);
  if (a_weak >= kVoteSure && b_strong < kVoteDoubt) return margin = a_weak - b_strong, 0;
  if (b_weak >= kVoteSure && a_strong < kVoteDoubt) return margin = b_weak - a_strong, 1;
  return -1;
}

}  // namespace

CharVote vote_chars(const std::vector<ScoredChar>& a, const std::vector<ScoredChar>& b) {
  CharVote v;
  if (a.empty() || b.empty()) return v;
  const std::vector<DifferingRun> runs = differing_runs(a, b);
  v.runs = static_cast<int>(runs.size());
  if (v.runs > kVoteMaxRuns) return v;
  std::vector<char32_t> merged;
  double margin = 1;
  int ai = 0, to_a = 0, to_b = 0;
  for (const DifferingRun& r : runs) {
    for (; ai < r.a_begin; ++ai) merged.push_back(a[static_cast<std::size_t>(ai)].cp);
    // A long run is a different reading of that stretch, not a slip of one character.
    if (r.a_end - r.a_begin > kVoteMaxRunLength || r.b_end - r.b_begin > kVoteMaxRunLength) return v;
    double m = 0;
    const int side = settle(a, b, r, m);
    if (side < 0) return v;
    margin = std::min(margin, m);
    ++(side == 0 ? to_a : to_b);
    if (side == 0)
      for (int k = r.a_begin; k < r.a_end; ++k) merged.push_back(a[static_cast<std::size_t>(k)].cp);
    else
      for (int k = r.b_begin; k < r.b_end; ++k) merged.push_back(b[static_cast<std::size_t>(k)].cp);
    ai = r.a_end;
  }
  for (; ai < static_cast<int>(a.size()); ++ai) merged.push_back(a[static_cast<std::size_t>(ai)].cp);
  v.settled = true;
  v.text = encode_utf8(merged);
  v.margin = std::clamp(margin, 0.0, 1.0);
  v.side = to_b == 0 ? 'a' : to_a == 0 ? 'b' : 'm';
  return v;
}

bool differs_by_slip(const std::vector<ScoredChar>& a, const std::vector<ScoredChar>& b, double sure) {
  if (a.empty() || b.empty()) return false;
  const std::vector<DifferingRun> runs = differing_runs(a, b);
  if (runs.empty() || static_cast<int>(runs.size()) > kVoteMaxRuns) return false;
  for (const DifferingRun& r : runs) {
    if (r.a_end - r.a_begin > kVoteMaxRunLength || r.b_end - r.b_begin > kVoteMaxRunLength) return false;
    if (r.a_end > r.a_begin && weakest(a, r.a_begin, r.a_end) < sure) return false;
  }
  return true;
}

}  // namespace kamiflow::ocr
