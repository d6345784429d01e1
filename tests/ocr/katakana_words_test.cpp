// Katakana words against mecab-ipadic (katakana_words.cpp): a word both models misread alike.
#include "katakana_words.hpp"

#include <gtest/gtest.h>

#include "name_readings_fixture.hpp"

#include "kamiflow/ocr/form_template.hpp"
#include "kamiflow/ocr/record.hpp"

namespace kamiflow::ocr {
namespace {

class KatakanaWords : public testing::NameReadingsFixture {};

TEST_F(KatakanaWords, AWordTheDictionaryLacksOneHandakutenFromOneItHasIsDoubtedAndMended) {
  ASSERT_TRUE(readings_->known_word("コーポ"));
  ASSERT_FALSE(readings_->known_word("コーボ"));
  auto d = doubtful_katakana_word(*readings_, "福岡県福岡市博多区博多駅前2丁目20番15号コーボ松風304号室");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->word, "コーボ");
  EXPECT_EQ(d->known, std::vector<std::string>{"コーポ"});
  ASSERT_TRUE(d->fixed.has_value());
  EXPECT_EQ(*d->fixed, "福岡県福岡市博多区博多駅前2丁目20番15号コーポ松風304号室");
  // A small ッ read large.
  auto bed = doubtful_katakana_word(*readings_, "ベツド1個");
  ASSERT_TRUE(bed.has_value());
  EXPECT_EQ(bed->fixed.value_or(""), "ベッド1個");
}

TEST_F(KatakanaWords, RealWordsTheDictionaryLacksAndKnownWordsAreLeftAlone) {
  EXPECT_FALSE(readings_->known_word("メゾン"));  // a real building name ipadic lacks ...
  EXPECT_FALSE(doubtful_katakana_word(*readings_, "万代2-25-14メゾン桜105").has_value());  // ... not a slip of one
  EXPECT_FALSE(doubtful_katakana_word(*readings_, "第二コーポ301").has_value());
  EXPECT_FALSE(doubtful_katakana_word(*readings_, "ベッド2点、タンス1個").has_value());
  EXPECT_FALSE(doubtful_katakana_word(*readings_, "山田太郎").has_value());
  EXPECT_FALSE(doubtful_katakana_word(*readings_, "").has_value());
}

TEST_F(KatakanaWords, ADoubtedWordSendsItsTextFieldToReviewWithAReason) {
  FormTemplate t;
  t.id = "t";
  FieldSpec address;
  address.name = "address";
  address.type = FieldType::kText;
  address.read.lang = "jpn";
  FieldSpec english = address;
  english.name = "note";
  english.read.lang = "eng";
  t.fields = {address, english};
  Record rec;
  for (const char* n : {"address", "note"}) {
    FieldResult& f = rec.fields.emplace_back();
    f.name = n;
    f.value = f.raw = "1丁目2番3号コーボ松風101";
    f.confidence = 0.99;
  }
  check_katakana_words(t, *readings_, rec);
  const FieldResult& a = rec.fields[0];
  EXPECT_EQ(a.value, "1丁目2番3号コーポ松風101");
  EXPECT_TRUE(a.has_flag(flag::kLowConfidence));
  EXPECT_LE(a.confidence, 0.5);
  ASSERT_EQ(a.reasons.size(), 1u);
  EXPECT_NE(a.reasons[0].find("コーボ"), std::string::npos) << a.reasons[0];
  ASSERT_FALSE(a.alternatives.empty());
  EXPECT_EQ(a.alternatives.front(), "1丁目2番3号コーボ松風101") << "the read, for the reviewer";
  EXPECT_TRUE(rec.fields[1].flags.empty()) << "English fields are not checked";
}

}  // namespace
}  // namespace kamiflow::ocr
