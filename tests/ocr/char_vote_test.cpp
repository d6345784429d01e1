// Character-level agreement between two models' reads (char_vote.cpp) and how read_agreement.cpp
// uses it to settle a disagreement without review.
#include <gtest/gtest.h>

#include "char_vote.hpp"
#include "kana_spelling.hpp"
#include "kamiflow/ocr/record.hpp"
#include "read_agreement.hpp"
#include "tesseract_engine.hpp"
#include "text_shape.hpp"

namespace kamiflow::ocr {
namespace {

// A read whose characters all score `sure`, except those listed in `doubtful` (by index).
std::vector<ScoredChar> chars(const std::string& text, double sure, std::vector<std::pair<int, double>> doubtful = {}) {
  std::vector<ScoredChar> out;
  for (char32_t cp : decode_utf8(text)) out.push_back({cp, sure});
  for (auto [i, c] : doubtful) out[static_cast<std::size_t>(i)].confidence = c;
  return out;
}

Attempt attempt(const std::string& text, double conf, std::vector<ScoredChar> cs) {
  Attempt a{text, conf};
  a.chars = std::move(cs);
  return a;
}

bool has(const CombinedRead& c, const char* f) {
  for (const char* x : c.flags)
    if (std::string(x) == f) return true;
  return false;
}

TEST(CharVote, SymbolsAreMappedToTheComparedFormOrNotAtAll) {
  std::vector<OcrSymbol> syms{{"０", 90}, {" ", 50}, {"9", 80}};
  auto c = scored_chars(syms, "０ 9");
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].cp, U'0');
  EXPECT_DOUBLE_EQ(c[1].confidence, 0.8);
  // The text no longer spells the symbols (a caller rewrote it): no per-character evidence.
  EXPECT_TRUE(scored_chars(syms, "099").empty());
}

TEST(CharVote, AlignmentFindsOnlyTheRunsThatDiffer) {
  auto runs = differing_runs(chars("山田太郎", 1), chars("山由太郎", 1));
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].a_begin, 1);
  EXPECT_EQ(runs[0].a_end, 2);
  EXPECT_TRUE(differing_runs(chars("山田", 1), chars("山田", 1)).empty());
  auto dropped = differing_runs(chars("2-1-20", 1), chars("2-120", 1));
  ASSERT_EQ(dropped.size(), 1u);
  EXPECT_EQ(dropped[0].b_begin, dropped[0].b_end);  // b has nothing where a has the hyphen
}

TEST(CharVote, OneCharacterDisagreementIsSettledByTheSureSide) {
  // Model a is sure of 田; model b read 由 and doubted it.
  auto v = vote_chars(chars("山田太郎", 0.98), chars("山由太郎", 0.98, {{1, 0.35}}));
  ASSERT_TRUE(v.settled);
  EXPECT_EQ(v.text, "山田太郎");
  EXPECT_EQ(v.side, 'a');
  // The other way round, too.
  auto w = vote_chars(chars("山由太郎", 0.98, {{1, 0.35}}), chars("山田太郎", 0.98));
  ASSERT_TRUE(w.settled);
  EXPECT_EQ(w.text, "山田太郎");
  EXPECT_EQ(w.side, 'b');
}

TEST(CharVote, BothSidesSureOrBothDoubtfulStaysUnsettled) {
  EXPECT_FALSE(vote_chars(chars("山田", 0.95), chars("山由", 0.95)).settled);
  EXPECT_FALSE(vote_chars(chars("山田", 0.95, {{1, 0.5}}), chars("山由", 0.95, {{1, 0.5}})).settled);
}

TEST(CharVote, AHyphenOneModelIsSureOfIsNeverVotedAway) {
  // 2-1-20 against 2-120: the lost hyphen must go to a person, not be decided by the other model.
  EXPECT_FALSE(vote_chars(chars("2-1-20", 0.95), chars("2-120", 0.95)).settled);
  // A stray character its own model doubted is dropped.
  auto v = vote_chars(chars("ヨシダミサキ", 0.95), chars("ョヨシダミサキ", 0.95, {{0, 0.3}}));
  ASSERT_TRUE(v.settled);
  EXPECT_EQ(v.text, "ヨシダミサキ");
}

TEST(CharVote, ManyDifferencesAreTwoReadsNotASlip) {
  EXPECT_FALSE(vote_chars(chars("山田太郎", 0.98), chars("由中犬朗", 0.95, {{0, 0.3}, {1, 0.3}, {2, 0.3}, {3, 0.3}}))
                   .settled);
}

TEST(ReadAgreement, ASettledCharacterVoteNeedsNoReviewAndNoThirdRead) {
  int third = 0;
  auto second = [&]() -> Result<Attempt> { ++third; return Attempt{"x", 0.9}; };
  auto c = combine_reads(attempt("山田太郎", 0.9, chars("山田太郎", 0.98)),
                         attempt("山由太郎", 0.6, chars("山由太郎", 0.98, {{1, 0.35}})), second);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(third, 0);
  EXPECT_TRUE(c->flags.empty());
  EXPECT_EQ(c->chosen.text, "山田太郎");
  EXPECT_GE(c->chosen.confidence, kVoteConfidenceFloor);
}

TEST(ReadAgreement, ModelsAgreeingDespiteTheLengthDoubtAreMarkedForAThirdRead) {
  int third = 0;
  auto second = [&]() -> Result<Attempt> { ++third; return Attempt{"x", 0.9}; };
  Attempt doubted = attempt("電話連絡希望", 0.9 * kLengthDoubtFactor, chars("電話連絡希望", 0.95));
  doubted.length_doubt = true;
  Attempt other = attempt("電話連絡希望", 0.95 * kLengthDoubtFactor, chars("電話連絡希望", 0.95));
  other.length_doubt = true;  // both reads are measured against the same ink
  auto c = combine_reads(doubted, other, second);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(third, 0);  // the caller decides whether the field is worth the third read
  EXPECT_TRUE(c->agreed_despite_length);
  EXPECT_DOUBLE_EQ(c->chosen.confidence, kAgreedDespiteLength);

  // Weak reads stay weak: no third read could lift them to kMajorityCap anyway.
  Attempt weak = attempt("電話連絡希望", 0.3 * kLengthDoubtFactor, chars("電話連絡希望", 0.5));
  weak.length_doubt = true;
  Attempt weak_other = attempt("電話連絡希望", 0.4 * kLengthDoubtFactor, chars("電話連絡希望", 0.5));
  weak_other.length_doubt = true;
  auto w = combine_reads(weak, weak_other, second);
  ASSERT_TRUE(w.ok());
  EXPECT_FALSE(w->agreed_despite_length);

  // Without a length doubt, agreement alone decides.
  auto plain = combine_reads(attempt("電話連絡希望", 0.9, chars("電話連絡希望", 0.95)),
                             attempt("電話連絡希望", 0.95, chars("電話連絡希望", 0.95)), second);
  ASSERT_TRUE(plain.ok());
  EXPECT_FALSE(plain->agreed_despite_length);
}

TEST(ReadAgreement, AnImplausibleMergedValueStillGoesToReview) {
  // The second rendering sides with neither model (siding with one is a majority, see
  // jpn_models_test.cpp).
  auto second = []() -> Result<Attempt> { return Attempt{"ヤヤダ", 0.9}; };
  auto katakana_only = [](const std::string& v) { return has_expected_shape(FieldType::kKana, v); };
  auto c = combine_reads(attempt("ヤマ田", 0.9, chars("ヤマ田", 0.95)),
                         attempt("ヤマダ", 0.6, chars("ヤマダ", 0.95, {{2, 0.3}})), second, katakana_only);
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(has(*c, flag::kModelDisagreement));
}

TEST(KanaSpelling, SmallKanaOnlyWhereJapaneseAllowsThem) {
  EXPECT_TRUE(kana_spelling_plausible("ヨシダミサキ"));
  EXPECT_TRUE(kana_spelling_plausible("サトウ キョウヘイ"));
  EXPECT_TRUE(kana_spelling_plausible("ジュンイチロウ"));
  EXPECT_TRUE(kana_spelling_plausible("ハットリ"));
  EXPECT_TRUE(kana_spelling_plausible("ユウ"));
  EXPECT_TRUE(kana_spelling_plausible("やまだ"));       // hiragana is folded, not rejected
  EXPECT_FALSE(kana_spelling_plausible("ョシダトモヤ"));  // a small kana cannot start a word
  EXPECT_FALSE(kana_spelling_plausible("ャマグチ"));
  EXPECT_FALSE(kana_spelling_plausible("ワタナベャ"));    // ャ only after an i-row kana
  EXPECT_FALSE(kana_spelling_plausible("ンバタ"));
  EXPECT_FALSE(kana_spelling_plausible("ササキコトネ。"));
  EXPECT_FALSE(kana_spelling_plausible("ハッ"));
  EXPECT_FALSE(kana_spelling_plausible("イィトウ"));  // a small vowel never repeats its own vowel
  EXPECT_FALSE(kana_spelling_plausible(""));
}

TEST(ReadAgreement, WhenOnlyOneReadCanBeSpelledThatWayItsSlipIsSettled) {
  auto second = []() -> Result<Attempt> { return Attempt{"x", 0.9}; };
  auto kana = [](const std::string& v) {
    return has_expected_shape(FieldType::kKana, v) && kana_spelling_plausible(v);
  };
  // Both models sure; the other model's small ョ at the start cannot be Japanese.
  auto c = combine_reads(attempt("ヨシダトモヤ", 0.95, chars("ヨシダトモヤ", 0.97)),
                         attempt("ョシダトモヤ", 0.95, chars("ョシダトモヤ", 0.99)), second, kana);
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->flags.empty());
  EXPECT_EQ(c->chosen.text, "ヨシダトモヤ");
  EXPECT_LE(c->chosen.confidence, kSlipConfidence);
  // A long difference is two readings, not a slip: review.
  auto d = combine_reads(attempt("ゴコヤユエコダ", 0.95, chars("ゴコヤユエコダ", 0.97)),
                         attempt("ゴイ\"エリワダ", 0.95, chars("ゴイ\"エリワダ", 0.97)), second, kana);
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(has(*d, flag::kModelDisagreement));
}

}  // namespace
}  // namespace kamiflow::ocr
