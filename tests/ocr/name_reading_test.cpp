// フリガナ against kanji names with MeCab + mecab-ipadic (name_reading.cpp, record_checks.cpp).
#include "name_reading.hpp"

#include <array>

#include <gtest/gtest.h>

#include "name_readings_fixture.hpp"

#include "kamiflow/ocr/form_template.hpp"
#include "kamiflow/ocr/record.hpp"
#include "name_kanji_index.hpp"
#include "read_agreement.hpp"
#include "record_checks.hpp"
#include "samples/generator/data.hpp"

namespace kamiflow::ocr {
namespace {

class NameReadingTest : public testing::NameReadingsFixture {};

TEST_F(NameReadingTest, RightPairMatchesWithOrWithoutSpaces) {
  EXPECT_EQ(readings_->check("山田 太郎", "ヤマダ タロウ"), ReadingVerdict::kMatch);
  EXPECT_EQ(readings_->check("山田太郎", "ヤマダタロウ"), ReadingVerdict::kMatch);
  EXPECT_EQ(readings_->check("山田　太郎", "ヤマダタロウ"), ReadingVerdict::kMatch);
}

TEST_F(NameReadingTest, EveryDictionaryReadingCountsNotOnlyTheBestParse) {
  // 山崎 is both ヤマザキ and ヤマサキ; 中島 both ナカジマ and ナカシマ.
  EXPECT_EQ(readings_->check("山崎 健一", "ヤマザキ ケンイチ"), ReadingVerdict::kMatch);
  EXPECT_EQ(readings_->check("山崎 健一", "ヤマサキ ケンイチ"), ReadingVerdict::kMatch);
  EXPECT_EQ(readings_->check("中島 直樹", "ナカシマ ナオキ"), ReadingVerdict::kMatch);
}

TEST_F(NameReadingTest, WrongPairIsAMismatch) {
  EXPECT_EQ(readings_->check("山田 太郎", "ヤマダ ジロウ"), ReadingVerdict::kMismatch);
  EXPECT_EQ(readings_->check("山田太郎", "ヤマダタロ"), ReadingVerdict::kMismatch);  // a lost ウ
  EXPECT_EQ(readings_->check("吉田 美咲", "ョヨシダ ミサキ"), ReadingVerdict::kMismatch);
  EXPECT_EQ(readings_->check("佐藤 太郎", "スズキ タロウ"), ReadingVerdict::kMismatch);
}

TEST_F(NameReadingTest, UnknownNamesAreNoEvidence) {
  // Neither part is a dictionary word: nothing can be said either way.
  EXPECT_EQ(readings_->check("鬮鬯 魑魅", "アイウ エオ"), ReadingVerdict::kNoEvidence);
  EXPECT_EQ(readings_->check("", "ヤマダ"), ReadingVerdict::kNoEvidence);
  EXPECT_EQ(readings_->check("山田", ""), ReadingVerdict::kNoEvidence);
}

// The generator's names are common ones with their usual readings: the dictionary should know most
// of them and almost never call one wrong (that sends a right record to review). ipadic lists
// 一輝 only as イッキ/カズテル, so カズキ is such a case: 1 given name of ~150.
TEST_F(NameReadingTest, SampleNamesWithTheirReadingsAreAlmostNeverAMismatch) {
  int match = 0, mismatch = 0, total = 0;
  for (const auto& given : {samples::male_given_names(), samples::female_given_names()}) {
    for (const auto& g : given) {
      for (const auto& s : samples::surnames()) {
        const std::string name = std::string(s.kanji) + " " + g.kanji;
        const std::string kana = std::string(s.kana) + g.kana;
        const ReadingVerdict v = readings_->check(name, kana);
        match += v == ReadingVerdict::kMatch;
        mismatch += v == ReadingVerdict::kMismatch;
        ++total;
      }
    }
  }
  EXPECT_GT(match, total * 8 / 10) << match << " of " << total << " matched";
  EXPECT_LT(mismatch, total / 100) << mismatch << " of " << total << " called wrong";
  // ipadic alone reads 一輝 only イッキ; the SKK jinmei supplement knows カズキ.
  EXPECT_EQ(readings_->check("高橋 一輝", "タカハシカズキ"), ReadingVerdict::kMatch);
  EXPECT_EQ(readings_->check("高橋 一輝", "タカハシヒカル"), ReadingVerdict::kMismatch);  // a reading neither lists
}

FormTemplate form_with_reading() {
  FormTemplate t;
  t.id = "t";
  FieldSpec kana;
  kana.name = "kana";
  kana.label = "フリガナ";
  kana.type = FieldType::kKana;
  kana.reading_of = "name";
  FieldSpec name;
  name.name = "name";
  name.label = "氏名";
  t.fields = {kana, name};
  return t;
}

Record record_with(const std::string& kana, const std::string& name, double confidence) {
  Record rec;
  rec.fields.resize(2);
  rec.fields[0].name = "kana";
  rec.fields[0].type = FieldType::kKana;
  rec.fields[0].value = kana;
  rec.fields[0].confidence = confidence;
  rec.fields[1].name = "name";
  rec.fields[1].value = name;
  rec.fields[1].confidence = confidence;
  if (confidence < 0.8) {
    rec.fields[0].flags = {flag::kLowConfidence};
    rec.fields[1].flags = {flag::kLowConfidence};
  }
  return rec;
}

// A name with no フリガナ (a 代理人): both models agreed, doubted only for its length (0.85). The
// dictionary knowing it whole lets it through; an unknown one, another doubt, or a disagreeing
// read keeps it in review.
// A 代理人氏名 field (a name with no フリガナ) read as given, after check_readings.
FieldResult agent_name_after_checks(NameReadings& readings, const std::string& value, double confidence,
                                    std::vector<std::string> alternatives,
                                    std::vector<std::string> flags = {flag::kLowConfidence}) {
  FormTemplate t = form_with_reading();
  FieldSpec agent;
  agent.name = "agent_name";
  agent.label = "代理人氏名";
  t.fields.push_back(agent);
  Record rec = record_with("ヤマダタロウ", "山田太郎", 0.99);
  FieldResult& a = rec.fields.emplace_back();
  a.name = "agent_name";
  a.value = a.raw = value;
  a.confidence = confidence;
  a.flags = std::move(flags);
  a.alternatives = std::move(alternatives);
  check_readings(t, readings, rec);
  return rec.fields.back();
}

TEST_F(NameReadingTest, AnAgreedNameTheDictionaryKnowsWholePasses) {
  auto check = [&](const std::string& value, double confidence, std::vector<std::string> alternatives = {}) {
    return agent_name_after_checks(*readings_, value, confidence, std::move(alternatives));
  };
  const FieldResult known = check("鈴木裕子", kAgreedDespiteLength);
  EXPECT_TRUE(known.flags.empty());
  EXPECT_GE(known.confidence, kAgreedKnownNameConfidence);
  EXPECT_TRUE(check("上野細", kAgreedDespiteLength).has_flag(flag::kLowConfidence));  // not a name ipadic knows
  EXPECT_TRUE(check("鈴木裕子", 0.6).has_flag(flag::kLowConfidence));                 // doubted for more
  // A disagreeing read that is a known name too: the dictionary cannot choose between them.
  EXPECT_TRUE(check("鈴木裕子", kAgreedDespiteLength, {"鈴木祐子"}).has_flag(flag::kLowConfidence));
}

// The models' reads were weighed and the better one kept under the bar, the other an alternative:
// a kept read the dictionary knows whole against reads it does not know passes; anything less
// sure, or a known alternative, or another flag, stays in review.
TEST_F(NameReadingTest, AKnownNameKeptOverReadsTheDictionaryDoesNotKnowPasses) {
  auto check = [&](const std::string& value, double confidence, std::vector<std::string> alternatives,
                   std::vector<std::string> flags = {flag::kLowConfidence}) {
    return agent_name_after_checks(*readings_, value, confidence, std::move(alternatives), std::move(flags));
  };
  const FieldResult passed = check("新井沙織", 0.7, {"新井沙繁"});
  EXPECT_TRUE(passed.flags.empty());
  EXPECT_GE(passed.confidence, kKnownNameConfidence);
  EXPECT_EQ(passed.value, "新井沙織");
  EXPECT_TRUE(check("新井沙織", 0.7, {"新井沙繁", "鈴木祐子"}).has_flag(flag::kLowConfidence)) << "a known alternative";
  EXPECT_TRUE(check("新井沙織", kModelDisagreementCap, {"新井沙繁"}).has_flag(flag::kLowConfidence)) << "at the cap";
  EXPECT_TRUE(check("新井沙繁", 0.7, {"新井沙織"}).has_flag(flag::kLowConfidence)) << "the kept read is unknown";
  EXPECT_TRUE(check("新井沙織", 0.7, {}).has_flag(flag::kLowConfidence)) << "no other read to weigh against";
  EXPECT_TRUE(check("新井沙織", 0.7, {"新井沙繁"}, {flag::kLowConfidence, flag::kModelDisagreement})
                  .has_flag(flag::kModelDisagreement));
}

// The models disagree about a name with no kana written: the one read the dictionary knows whole
// becomes the value, and the alternatives then offer the other read, not the value again.
TEST_F(NameReadingTest, ADisagreementSettledByTheDictionaryOffersTheOtherReadOnly) {
  Record rec = record_with("", "新井沙繁", 0.5);
  FieldResult& name = rec.fields[1];
  name.flags = {flag::kModelDisagreement, flag::kLowConfidence};
  name.alternatives = {"新井沙織"};
  check_readings(form_with_reading(), *readings_, rec);
  EXPECT_EQ(rec.fields[1].value, "新井沙織");
  EXPECT_FALSE(rec.fields[1].has_flag(flag::kModelDisagreement));
  EXPECT_EQ(rec.fields[1].alternatives, std::vector<std::string>{"新井沙繁"});
  // The same known read from both renderings leaves no copy behind either.
  Record twice = record_with("", "新井沙繁", 0.5);
  twice.fields[1].flags = {flag::kModelDisagreement, flag::kLowConfidence};
  twice.fields[1].alternatives = {"新井沙織", "新井沙織"};
  check_readings(form_with_reading(), *readings_, twice);
  EXPECT_EQ(twice.fields[1].value, "新井沙織");
  EXPECT_EQ(twice.fields[1].alternatives, std::vector<std::string>{"新井沙繁"});
}

// The models read the same name and differ only by a mark no name holds (a bracket, a comma, an
// underscore from a box edge): a name the dictionary knows whole passes; a read differing in a
// name character, an unknown name, a name with a mark of its own or another flag stays.
TEST_F(NameReadingTest, ANameTheModelsReadAlikeButForAMarkPassesWhenTheDictionaryKnowsIt) {
  auto check = [&](const std::string& value, double confidence, std::vector<std::string> alternatives,
                   std::vector<std::string> flags = {flag::kLowConfidence, flag::kModelDisagreement}) {
    return agent_name_after_checks(*readings_, value, confidence, std::move(alternatives), std::move(flags));
  };
  const FieldResult passed = check("市川俊介", 0.4, {"市川俊介、"});
  EXPECT_TRUE(passed.flags.empty());
  EXPECT_GE(passed.confidence, kAgreedKnownNameConfidence);
  EXPECT_EQ(passed.value, "市川俊介");
  EXPECT_TRUE(check("石井和子", 0.4, {"石井和子_", "(石井和子)"}, {flag::kLowConfidence}).flags.empty());
  EXPECT_TRUE(check("市川俊介", 0.4, {"市川俊介、", "市川俊分"}).has_flag(flag::kModelDisagreement))
      << "one read differs in a kanji";
  EXPECT_TRUE(check("上野細", 0.4, {"上野細)"}).has_flag(flag::kLowConfidence)) << "not a name ipadic knows";
  EXPECT_TRUE(check("市川俊介", 0.4, {}).has_flag(flag::kLowConfidence)) << "no other read";
  EXPECT_TRUE(check("市川俊介", 0.4, {"市川俊介、"}, {flag::kLowConfidence, flag::kInvalid}).has_flag(flag::kInvalid));
  EXPECT_TRUE(check("市川・俊介", 0.4, {"市川・俊介、"}).has_flag(flag::kLowConfidence)) << "a mark of its own";
}

// A name mended by the kana is a proposal unless the kana is sure on its own and the mend is a
// name the dictionary knows whole: then the kana, the dictionary and all but one kanji agree, and
// both pass.
TEST_F(NameReadingTest, ANameMendedToASureKanasReadingPassesAProposalFromADoubtedKanaDoesNot) {
  // 宮崎翔太 is known and not read イワサキ: mended to 岩崎翔太, the kana sure (no flag).
  Record sure = record_with("イワサキショウタ", "宮崎翔太", 0.95);
  check_readings(form_with_reading(), *readings_, sure);
  EXPECT_EQ(sure.fields[1].value, "岩崎翔太");
  EXPECT_FALSE(sure.needs_review());
  EXPECT_GE(sure.fields[1].confidence, kReadingConfirmed);
  ASSERT_FALSE(sure.fields[1].alternatives.empty());
  EXPECT_EQ(sure.fields[1].alternatives.front(), "宮崎翔太") << "the read is kept";
  // The same with a kana in doubt: shown, both flagged.
  Record doubted = record_with("イワサキショウタ", "宮崎翔太", 0.95);
  doubted.fields[0].flags = {flag::kLowConfidence};
  check_readings(form_with_reading(), *readings_, doubted);
  EXPECT_EQ(doubted.fields[1].value, "岩崎翔太");
  EXPECT_TRUE(doubted.fields[0].has_flag(flag::kReadingMismatch));
  EXPECT_TRUE(doubted.fields[1].has_flag(flag::kReadingMismatch));
  // A surname mended where the dictionary could not judge the read (谷日 is no surname) stays a
  // proposal, even though the mend is a known name and the read is not.
  ASSERT_TRUE(readings_->known_full_name("谷口聡")) << "else this case would prove nothing";
  Record unknown = record_with("タニグチサトシ", "谷日聡", 0.7);
  check_readings(form_with_reading(), *readings_, unknown);
  EXPECT_EQ(unknown.fields[1].value, "谷口聡");
  EXPECT_TRUE(unknown.fields[1].has_flag(flag::kLowConfidence));
  // The same surname mend with a kana sure on its own: a known name that reads as the kana.
  Record sure_kana = record_with("タニグチサトシ", "谷日聡", 0.7);
  sure_kana.fields[0].flags.clear();
  sure_kana.fields[0].confidence = 0.95;
  check_readings(form_with_reading(), *readings_, sure_kana);
  EXPECT_EQ(sure_kana.fields[1].value, "谷口聡");
  EXPECT_FALSE(sure_kana.needs_review());
}

TEST_F(NameReadingTest, AgreementRaisesBothFieldsAndLiftsABorderlineFlag) {
  Record rec = record_with("ヤマダタロウ", "山田太郎", 0.7);
  check_readings(form_with_reading(), *readings_, rec);
  EXPECT_NEAR(rec.fields[0].confidence, kReadingConfirmed, 1e-9);  // the kana is confirmed
  EXPECT_NEAR(rec.fields[1].confidence, 0.7 + kReadingAgreementBonus, 1e-9);
  EXPECT_FALSE(rec.needs_review());
}

TEST_F(NameReadingTest, AReadingSettlesAModelDisagreementAboutTheKanaButNotTheName) {
  Record rec = record_with("ヤマダタロウ", "山田太郎", 0.5);
  rec.fields[0].flags.push_back(flag::kModelDisagreement);
  rec.fields[0].alternatives = {"ヤマダタ口ウ"};
  rec.fields[1].flags.push_back(flag::kModelDisagreement);
  check_readings(form_with_reading(), *readings_, rec);
  EXPECT_TRUE(rec.fields[0].flags.empty());
  EXPECT_TRUE(rec.fields[1].has_flag(flag::kModelDisagreement));
  EXPECT_TRUE(rec.fields[1].has_flag(flag::kLowConfidence));
}

// A sure kana (no flag) that spells the kept read of a name the models disagreed about, and no
// other read, settles the name; a disagreeing read that spells the kana too, another flag on the
// name, or a kana that is itself in doubt (the test above) leaves it in review.
TEST_F(NameReadingTest, ASureKanaSettlesAModelDisagreementAboutTheName) {
  auto name_after = [&](const std::string& kana, std::vector<std::string> alternatives,
                        std::vector<std::string> extra_flags = {}) {
    Record rec = record_with(kana, "河野勇", 0.99);
    FieldResult& name = rec.fields[1];
    name.confidence = 0.5;
    name.flags = {flag::kModelDisagreement, flag::kLowConfidence};
    for (auto& f : extra_flags) name.flags.push_back(f);
    name.alternatives = std::move(alternatives);
    check_readings(form_with_reading(), *readings_, rec);
    return rec.fields[1];
  };
  const FieldResult settled = name_after("コウノイサム", {"河野男"});
  EXPECT_TRUE(settled.flags.empty());
  EXPECT_GE(settled.confidence, kReadingConfirmed);
  EXPECT_EQ(settled.value, "河野勇");
  EXPECT_TRUE(name_after("コウノイサム", {"河野勇", "河野男"}).flags.empty()) << "the kept read repeated";
  EXPECT_TRUE(name_after("カワノイサム", {"川野勇"}).has_flag(flag::kModelDisagreement))
      << "the other read spells the kana too";
  EXPECT_TRUE(name_after("コウノイサム", {"河野男"}, {flag::kInvalid}).has_flag(flag::kModelDisagreement))
      << "another doubt keeps its reason";
}

TEST_F(NameReadingTest, NoSettlingWhenTheDisagreeingReadIsAReadingToo) {
  Record rec = record_with("ヤマサキケンイチ", "山崎健一", 0.5);
  rec.fields[0].flags.push_back(flag::kModelDisagreement);
  rec.fields[0].alternatives = {"ヤマザキケンイチ"};  // the dakuten is the question; both are readings
  check_readings(form_with_reading(), *readings_, rec);
  EXPECT_TRUE(rec.fields[0].has_flag(flag::kModelDisagreement));
  EXPECT_TRUE(rec.needs_review());
}

TEST_F(NameReadingTest, DisagreementSendsBothToReviewWithAReason) {
  Record rec = record_with("ヤマダジロウ", "山田太郎", 0.95);
  check_readings(form_with_reading(), *readings_, rec);
  for (const auto& f : rec.fields) {
    EXPECT_TRUE(f.has_flag(flag::kReadingMismatch)) << f.name;
    EXPECT_LE(f.confidence, 0.5);
    ASSERT_EQ(f.reasons.size(), 1u);
  }
  EXPECT_EQ(rec.fields[0].reasons[0], "フリガナが氏名の読みと一致しません");
}

TEST_F(NameReadingTest, TheOtherModelsKanaThatFitsTheNameReplacesAMisreadOne) {
  // キノンタ (シ read ン) against the other model's キノシタ: the dictionary reading of 木下 decides.
  Record rec = record_with("キノンタノリコ", "木下典子", 0.5);
  rec.fields[0].flags.push_back(flag::kModelDisagreement);
  rec.fields[0].alternatives = {"キノシタノリコ"};
  check_readings(form_with_reading(), *readings_, rec);
  EXPECT_EQ(rec.fields[0].value, "キノシタノリコ");
  EXPECT_FALSE(rec.fields[0].has_flag(flag::kModelDisagreement));
  EXPECT_FALSE(rec.fields[0].has_flag(flag::kReadingMismatch));
  EXPECT_GE(rec.fields[0].confidence, kReadingConfirmed);
}

TEST_F(NameReadingTest, TheOtherModelsNameThatFitsTheKanaReplacesAMisreadOne) {
  Record rec = record_with("ヨシダユウコ", "向田裕子", 0.5);
  rec.fields[1].flags.push_back(flag::kModelDisagreement);
  rec.fields[1].alternatives = {"吉田裕子"};
  check_readings(form_with_reading(), *readings_, rec);
  EXPECT_EQ(rec.fields[1].value, "吉田裕子");
  EXPECT_FALSE(rec.fields[1].has_flag(flag::kReadingMismatch));
}

TEST_F(NameReadingTest, NoRepairWhenNeitherAlternativeFits) {
  Record rec = record_with("ヤマダジロウ", "山田太郎", 0.95);
  rec.fields[0].alternatives = {"ヤマダジロー"};
  check_readings(form_with_reading(), *readings_, rec);
  EXPECT_EQ(rec.fields[0].value, "ヤマダジロウ");
  EXPECT_TRUE(rec.fields[0].has_flag(flag::kReadingMismatch));
}

TEST_F(NameReadingTest, TheOneKanaASlipAwayThatFitsTheNameIsShownStillFlaggedWhileTheNameIsInDoubt) {
  // ニンダ (シ read ン) with no other read to repair it: ニシダ is one slip away and a reading of 西田.
  Record rec = record_with("ニンダノリコ", "西田典子", 0.7);
  check_readings(form_with_reading(), *readings_, rec);
  EXPECT_EQ(rec.fields[0].value, "ニシダノリコ");
  EXPECT_EQ(rec.fields[0].raw, "ニシダノリコ");
  ASSERT_FALSE(rec.fields[0].alternatives.empty());
  EXPECT_EQ(rec.fields[0].alternatives.front(), "ニンダノリコ") << "the read, for the reviewer";
  for (const auto& f : rec.fields) EXPECT_TRUE(f.has_flag(flag::kReadingMismatch)) << "a proposal, not a verdict";
  // A character added (コウンジ): the slip is a dropped character.
  Record extra = record_with("アンドウコウンジ", "安藤浩二", 0.7);
  check_readings(form_with_reading(), *readings_, extra);
  EXPECT_EQ(extra.fields[0].value, "アンドウコウジ");
  EXPECT_TRUE(extra.fields[0].has_flag(flag::kReadingMismatch));
  // ヤスタダ: dropping タ gives ヤスダ, dropping ダ ヤスタ, and 安田 reads both: no proposal.
  Record two = record_with("ヤスタダユウコ", "安田裕子", 0.95);
  check_readings(form_with_reading(), *readings_, two);
  EXPECT_EQ(two.fields[0].value, "ヤスタダユウコ");
  EXPECT_TRUE(two.fields[0].has_flag(flag::kReadingMismatch));
}

// The same slip, but the name stands on its own (no flag, a surname and given name ipadic knows):
// a replaced character (ン for シ) is mended and confirmed by it. A slip that drops or adds a
// character is not confirmed: the kana may be right and the name short of a kanji (dev seed 21:
// イマイカナコ read right against 今井加奈 for 今井加奈子). Nor is a name the dictionary does not know whole.
TEST_F(NameReadingTest, ASureKnownNameConfirmsTheKanaOneReplacedCharacterFromItsReading) {
  Record rec = record_with("ニンダノリコ", "西田典子", 0.95);
  rec.fields[0].flags = {flag::kModelDisagreement};
  check_readings(form_with_reading(), *readings_, rec);
  EXPECT_EQ(rec.fields[0].value, "ニシダノリコ");
  EXPECT_TRUE(rec.fields[0].flags.empty()) << rec.fields[0].flags.front();
  EXPECT_DOUBLE_EQ(rec.fields[0].confidence, kReadingConfirmed) << "not the slipped read's own score";
  EXPECT_EQ(rec.fields[0].alternatives.front(), "ニンダノリコ") << "the read stays visible";
  EXPECT_TRUE(rec.fields[1].flags.empty());

  Record longer = record_with("イマイカナコ", "今井加奈", 0.95);
  check_readings(form_with_reading(), *readings_, longer);
  EXPECT_EQ(longer.fields[0].value, "イマイカナ") << "shown as the name reads";
  for (const auto& f : longer.fields) EXPECT_TRUE(f.has_flag(flag::kReadingMismatch)) << "but not confirmed";
  // A kana too many inside the read, or a small one after it, is a speck or a doubled stroke.
  for (const auto& [read, name, shown] : std::vector<std::array<std::string, 3>>{
           {"アンドウコウンジ", "安藤浩二", "アンドウコウジ"}, {"ヤマダユゥウコ", "山田優子", "ヤマダユウコ"},
           {"イケダトモミュ", "池田友美", "イケダトモミ"}}) {
    Record extra = record_with(read, name, 0.95);
    check_readings(form_with_reading(), *readings_, extra);
    EXPECT_EQ(extra.fields[0].value, shown);
    EXPECT_TRUE(extra.fields[0].flags.empty()) << read;
    EXPECT_TRUE(extra.fields[1].flags.empty()) << read;
  }
  // A read one kana short is not confirmed: the name may hold what the kana lost.
  Record shorter = record_with("ニシダノコ", "西田典子", 0.95);
  check_readings(form_with_reading(), *readings_, shorter);
  EXPECT_TRUE(shorter.fields[0].has_flag(flag::kReadingMismatch)) << shorter.fields[0].value;

  // A surname alone is not a full name the dictionary knows: the kana is mended but not confirmed.
  Record surname = record_with("ニンダ", "西田", 0.95);
  check_readings(form_with_reading(), *readings_, surname);
  EXPECT_EQ(surname.fields[0].value, "ニシダ");
  EXPECT_TRUE(surname.fields[0].has_flag(flag::kReadingMismatch));
}

// 紬 is in neither ipadic nor the jinmei supplement, so the dictionary cannot judge オオーシツムギ; but no name written in
// kanji alone is read with ー, so the kana goes to review with a reason. A name in katakana may.
TEST_F(NameReadingTest, ALongVowelMarkInTheKanaOfAKanjiNameIsDoubtedWhenTheDictionaryCannotJudge) {
  Record rec = record_with("オオーシツムギ", "大西紬", 0.99);
  check_readings(form_with_reading(), *readings_, rec);
  EXPECT_TRUE(rec.fields[0].has_flag(flag::kReadingMismatch));
  EXPECT_TRUE(rec.fields[0].has_flag(flag::kLowConfidence));
  ASSERT_EQ(rec.fields[0].reasons.size(), 1u);
  EXPECT_NE(rec.fields[0].reasons[0].find("長音"), std::string::npos) << rec.fields[0].reasons[0];
  EXPECT_TRUE(rec.fields[1].flags.empty()) << "the kana is the doubtful one";
  Record same = record_with("オオニシツムギ", "大西紬", 0.99);
  check_readings(form_with_reading(), *readings_, same);
  EXPECT_TRUE(same.fields[0].flags.empty());
  Record katakana = record_with("ジョージ", "ジョージ", 0.99);
  check_readings(form_with_reading(), *readings_, katakana);
  EXPECT_FALSE(katakana.fields[0].has_flag(flag::kReadingMismatch));
}

// A given name neither dictionary lists (結菜) is read from its kanji: a surname reading the
// dictionary lists, then each kanji's own readings (コジマ + ユイ + ナ).
TEST_F(NameReadingTest, AGivenNameSpelledFromItsKanjiAfterAListedSurname) {
  EXPECT_TRUE(readings_->spelled_after_surname("小島結菜", "コジマユイナ"));
  EXPECT_TRUE(readings_->spelled_after_surname("小島 結菜", "コジマ ユイナ"));
  EXPECT_FALSE(readings_->spelled_after_surname("小島結菜", "コジマユウキ"));  // not its kanji's readings
  EXPECT_FALSE(readings_->spelled_after_surname("上野細", "ウエノツムギ"));    // 細 is not つむぎ
  EXPECT_FALSE(readings_->spelled_after_surname("竹内", "タケウチショウ"));    // a lost given name
  EXPECT_FALSE(readings_->spelled_after_surname("小島", "コジマ"));            // a surname alone
  EXPECT_FALSE(readings_->spelled_after_surname("", "コジマ"));
}

// Both models read the name alike, doubted only for its length (kAgreedDespiteLength), its given
// name unknown to the dictionaries: a sure kana that spells it from the surname's listed reading
// and the kanji's own lets it through. A doubted kana, a disagreeing read, a kana that does not
// spell it, or a name doubted for more keeps it in review.
TEST_F(NameReadingTest, AnAgreedNameASureKanaSpellsFromItsKanjiPasses) {
  auto after = [&](const std::string& kana, const std::string& name, double name_confidence,
                   std::vector<std::string> kana_flags = {}, std::vector<std::string> alternatives = {}) {
    Record rec = record_with(kana, name, 0.99);
    rec.fields[0].flags = std::move(kana_flags);
    rec.fields[1].confidence = name_confidence;
    rec.fields[1].flags = {flag::kLowConfidence};
    rec.fields[1].alternatives = std::move(alternatives);
    check_readings(form_with_reading(), *readings_, rec);
    return rec.fields[1];
  };
  ASSERT_EQ(readings_->check("小島結菜", "コジマユイナ"), ReadingVerdict::kNoEvidence) << "結菜 is listed now";
  const FieldResult spelled = after("コジマユイナ", "小島結菜", kAgreedDespiteLength);
  EXPECT_TRUE(spelled.flags.empty());
  EXPECT_GE(spelled.confidence, kAgreedKnownNameConfidence);
  EXPECT_TRUE(after("コジマユイナ", "小島結菜", kAgreedDespiteLength, {flag::kLowConfidence}).has_flag(flag::kLowConfidence));
  EXPECT_TRUE(after("コジマユイナ", "小島結菜", kAgreedDespiteLength, {}, {"小島結棋"}).has_flag(flag::kLowConfidence));
  EXPECT_TRUE(after("コジマユイナ", "小島結菜", 0.6).has_flag(flag::kLowConfidence));
  EXPECT_TRUE(after("ウエノツムギ", "上野細", kAgreedDespiteLength).has_flag(flag::kLowConfidence));
}

TEST_F(NameReadingTest, NoProposalWhenTwoSlipsFitOrNoneDoes) {
  // ヤマサキ/ヤマザキ are both readings of 山崎: a kana a slip from both stays as read.
  Record rec = record_with("ヤマシキケンイチ", "山崎健一", 0.95);
  check_readings(form_with_reading(), *readings_, rec);
  EXPECT_EQ(rec.fields[0].value, "ヤマシキケンイチ");
  Record far = record_with("ヤマダジロウ", "山田太郎", 0.95);  // two kana from タロウ
  check_readings(form_with_reading(), *readings_, far);
  EXPECT_EQ(far.fields[0].value, "ヤマダジロウ");
}

TEST_F(NameReadingTest, AnInvalidKanaIsShownMendedWhenOneSlipMakesItTheNamesReading) {
  Record rec = record_with("カネコツョシ", "金子剛", 0.5);  // small ョ after ツ: no katakana word
  rec.fields[0].flags.push_back(flag::kInvalid);
  check_readings(form_with_reading(), *readings_, rec);
  EXPECT_EQ(rec.fields[0].value, "カネコツヨシ");
  EXPECT_EQ(rec.fields[0].alternatives.front(), "カネコツョシ");
  EXPECT_TRUE(rec.fields[0].has_flag(flag::kInvalid)) << "still a person's to confirm";
  ASSERT_FALSE(rec.fields[0].reasons.empty());
  EXPECT_NE(rec.fields[0].reasons.back().find("カネコツヨシ"), std::string::npos) << "the reason says what is shown";
  // A speck at the end of a name the dictionaries know (澪 from the jinmei supplement): the read without it.
  Record speck = record_with("ナカジマミオ_", "中島澪", 0.5);
  speck.fields[0].flags.push_back(flag::kInvalid);
  check_readings(form_with_reading(), *readings_, speck);
  EXPECT_EQ(speck.fields[0].value, "ナカジマミオ");
  // Nothing near enough: the read stays.
  Record far = record_with("ガブッ", "中野守", 0.5);
  far.fields[0].flags.push_back(flag::kInvalid);
  check_readings(form_with_reading(), *readings_, far);
  EXPECT_EQ(far.fields[0].value, "ガブッ");
}

TEST(NameKanjiIndex, SpellingsOfAReadingComeFromTheDictionarySource) {
  auto index = NameKanjiIndex::shared();
  ASSERT_TRUE(index.ok()) << index.status().ToString();
  EXPECT_GT((*index)->size(), 20000u);
  const auto& s = (*index)->surnames("スガワラ");
  EXPECT_NE(std::find(s.begin(), s.end(), "菅原"), s.end());
  const auto& g = (*index)->given_names("マサキ");
  EXPECT_NE(std::find(g.begin(), g.end(), "正樹"), g.end());
  EXPECT_TRUE((*index)->surnames("ヲヲヲ").empty());
  auto missing = NameKanjiIndex::load("/nonexistent/Noun.name.csv");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("mecab-ipadic"), std::string::npos) << "names the package";
}

TEST_F(NameReadingTest, ADoubtedNameOneKanjiFromOneReadAsItsKanaIsShownStillFlagged) {
  // 谷日 is no surname; 谷口 reads タニグチ and is one kanji away.
  Record rec = record_with("タニグチサトシ", "谷日聡", 0.5);
  check_readings(form_with_reading(), *readings_, rec);
  EXPECT_EQ(rec.fields[1].value, "谷口聡");
  ASSERT_FALSE(rec.fields[1].alternatives.empty());
  EXPECT_EQ(rec.fields[1].alternatives.front(), "谷日聡");
  EXPECT_TRUE(rec.fields[1].has_flag(flag::kLowConfidence)) << "a proposal, not a verdict";
  // A known name read as another (宮崎 for 岩崎, kana イワサキ): the reading check fails, either part
  // may be mended (a sure kana then confirms the mend: the next test).
  Record known = record_with("イワサキショウタ", "宮崎翔太", 0.95);
  known.fields[0].flags = {flag::kLowConfidence};
  check_readings(form_with_reading(), *readings_, known);
  EXPECT_EQ(known.fields[1].value, "岩崎翔太");
  EXPECT_TRUE(known.fields[1].has_flag(flag::kReadingMismatch));
}

TEST_F(NameReadingTest, NoNameProposalForAnUnknownGivenNameOrATrustedName) {
  // 心春 is missing from ipadic, 小春 is there and reads コハル too: an unknown given name stays.
  Record rec = record_with("アンドウコハル", "安藤心春", 0.5);
  check_readings(form_with_reading(), *readings_, rec);
  EXPECT_EQ(rec.fields[1].value, "安藤心春");
  // Two surnames read スガワラ one kanji from 寄原 (菅原, 管原): the dictionary cannot say which.
  Record two = record_with("スガワラマサキ", "寄原正樹", 0.5);
  check_readings(form_with_reading(), *readings_, two);
  EXPECT_EQ(two.fields[1].value, "寄原正樹");
  // A name nobody doubted is not touched when the dictionary cannot judge it.
  Record sure = record_with("タニグチサトシ", "谷日聡", 0.95);
  check_readings(form_with_reading(), *readings_, sure);
  EXPECT_EQ(sure.fields[1].value, "谷日聡");
  // Nor when the kana itself is in dispute.
  Record disputed = record_with("タニグチサトシ", "谷日聡", 0.5);
  disputed.fields[0].flags.push_back(flag::kModelDisagreement);
  check_readings(form_with_reading(), *readings_, disputed);
  EXPECT_EQ(disputed.fields[1].value, "谷日聡");
}

TEST_F(NameReadingTest, AFullNameTheDictionaryKnowsIsASurnameThenAGivenName) {
  EXPECT_TRUE(readings_->known_full_name("山田太郎"));
  EXPECT_TRUE(readings_->known_full_name("山田 太郎"));
  EXPECT_TRUE(readings_->known_full_name("新井沙織"));
  EXPECT_FALSE(readings_->known_full_name("新井沙繁"));  // 沙繁 is no given name: a misread of 沙織
  EXPECT_FALSE(readings_->known_full_name("鬮鬯魑魅"));
}

TEST_F(NameReadingTest, OnlyOneReadBeingAKnownNameSettlesAModelDisagreementAboutTheName) {
  Record rec = record_with("", "山田太即", 0.5);  // no kana: the dictionary alone decides
  rec.fields[1].flags.push_back(flag::kModelDisagreement);
  rec.fields[1].alternatives = {"山田太郎"};
  check_readings(form_with_reading(), *readings_, rec);
  EXPECT_EQ(rec.fields[1].value, "山田太郎");
  EXPECT_FALSE(rec.fields[1].has_flag(flag::kModelDisagreement));
  EXPECT_GE(rec.fields[1].confidence, kKnownNameConfidence);
  // Two known names: the dictionary cannot choose.
  Record two = record_with("", "山田太郎", 0.5);
  two.fields[1].flags.push_back(flag::kModelDisagreement);
  two.fields[1].alternatives = {"山田次郎"};
  check_readings(form_with_reading(), *readings_, two);
  EXPECT_TRUE(two.fields[1].has_flag(flag::kModelDisagreement));
}

TEST_F(NameReadingTest, UnknownNameChangesNothing) {
  Record rec = record_with("アイウエオ", "鬮鬯魑魅", 0.95);
  check_readings(form_with_reading(), *readings_, rec);
  EXPECT_FALSE(rec.needs_review());
  EXPECT_DOUBLE_EQ(rec.fields[0].confidence, 0.95);
}

TEST(NameReadingsCreate, MissingDictionaryIsAClearError) {
  auto r = NameReadings::create("/nonexistent/dic");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find("mecab-ipadic-utf8"), std::string::npos);
}

}  // namespace
}  // namespace kamiflow::ocr
