// Internal to ocr/: character-level agreement between two models' reads of the same image.
//
// Whole-string comparison sends a field to review when the two models differ in one character,
// even when one of them is sure of that character and the other is not. Here the two reads are
// aligned character by character (after NFKC and without spaces, the way same_value compares);
// where they agree, the agreement stands; each run where they differ is settled by the
// per-character confidences Tesseract gives its symbols, and only when the difference is clear:
// the winning side is sure of every character in the run and the losing side is doubtful of the
// characters it put there. A run that cannot be settled that way leaves the field in review.
//
// Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kamiflow::ocr {

struct OcrSymbol;

// One character of a read, in its compared form (NFKC, no spaces), with its symbol's confidence.
struct ScoredChar {
  char32_t cp = 0;
  double confidence = 0;  // [0,1]
};

// The compared form of `text`, each character with the confidence of the Tesseract symbol it came
// from. Empty when the symbols do not spell `text` (the caller changed it, e.g. a retry): then
// there is no per-character evidence and no character-level vote.
std::vector<ScoredChar> scored_chars(const std::vector<OcrSymbol>& symbols, std::string_view text);

// A run where the two reads differ: a's characters [a_begin, a_end) against b's [b_begin, b_end)
// (either may be empty: one model dropped or added characters).
struct DifferingRun {
  int a_begin = 0, a_end = 0, b_begin = 0, b_end = 0;
};
// The runs of a minimal (Levenshtein) alignment of a and b; empty when they are equal.
std::vector<DifferingRun> differing_runs(const std::vector<ScoredChar>& a, const std::vector<ScoredChar>& b);

struct CharVote {
  bool settled = false;  // every differing run was settled by the confidences
  std::string text;      // the merged value (UTF-8, compared form) when settled
  // How clear the weakest settled run was: the winner's weakest character minus the loser's most
  // confident one, in [0,1]. 1 when the reads were equal.
  double margin = 0;
  int runs = 0;  // how many runs differed
  // Which read every settled run went to: 'a', 'b', or 'm' (mixed). A caller can then keep that
  // read's own spelling (spaces, widths) instead of the compared form.
  char side = 'm';
};

// A run is settled for one side when that side's weakest character in the run reaches
// kVoteSure and the other side's most confident character in the run stays under kVoteDoubt
// (a dropped character has no symbol and so no confidence: "nothing here" wins only against an
// extra character its own model put under kVoteDoubt; a sure extra character stays unsettled).
// Both models are often sure of different characters (繁 0.99 against 織 0.98), so only a clear
// gap counts. Chosen on development seeds 7, 8, 11: at 0.97 / 0.80 the vote settled 14 model
// disagreements on text, all right; at 0.95 / 0.80, 3 of 18 wrong (澪 read 澤 at 0.97 by one model).
inline constexpr double kVoteSure = 0.97;
inline constexpr double kVoteDoubt = 0.80;
// At most this many differing runs: more than that and the reads are not "the same value with
// a slip" but two different reads.
inline constexpr int kVoteMaxRuns = 2;
inline constexpr int kVoteMaxRunLength = 2;  // characters on either side of one run

CharVote vote_chars(const std::vector<ScoredChar>& a, const std::vector<ScoredChar>& b);

// Whether `a` differs from `b` only by a slip: at most kVoteMaxRuns runs of at most
// kVoteMaxRunLength characters a side, and `a` at least `sure` of each of its characters in
// them. Used when only one of the two reads passes the field's own rules (read_agreement.cpp).
bool differs_by_slip(const std::vector<ScoredChar>& a, const std::vector<ScoredChar>& b, double sure);

}  // namespace kamiflow::ocr
