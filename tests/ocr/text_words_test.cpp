// Word evidence for Japanese text the two models read differently (text_words.cpp).
#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>

#include "name_readings_fixture.hpp"
#include "text_words.hpp"

namespace kamiflow::ocr {
namespace {

class TextWordsTest : public testing::NameReadingsFixture {
 protected:
  void SetUp() override {
    FieldSpec remarks;
    remarks.name = "remarks";
    remarks.label = "連絡事項";
    remarks.type = FieldType::kText;
    FieldSpec name = remarks;
    name.name = "name";
    name.label = "氏名";
    tmpl_.fields = {remarks, name};
  }
  static Record record(const std::string& field, const std::string& value, std::vector<std::string> alternatives) {
    Record rec;
    FieldResult& f = rec.fields.emplace_back();
    f.name = field;
    f.type = FieldType::kText;
    f.value = f.raw = value;
    f.confidence = 0.5;
    f.flags = {flag::kModelDisagreement, flag::kLowConfidence};
    f.alternatives = std::move(alternatives);
    return rec;
  }
  FormTemplate tmpl_;
};

TEST_F(TextWordsTest, TheSplitCostsLessForTheRealWord) {
  const auto right = readings_->segment("布団1個");
  const auto wrong = readings_->segment("市団1個");
  EXPECT_LT(right.cost + kWordsMargin, wrong.cost);
  ASSERT_FALSE(right.words.empty());
  EXPECT_EQ(right.words[0].begin, 0);
  EXPECT_EQ(right.words[0].end, 2);  // 布団, one known word
  EXPECT_TRUE(right.words[0].known);
}

TEST_F(TextWordsTest, TheOtherModelsRealWordReplacesTheKeptMisread) {
  Record rec = record("remarks", "到着前に電話くたさい", {"到着前に電話ください"});
  check_text_words(tmpl_, *readings_, rec);
  const FieldResult& f = rec.fields[0];
  EXPECT_EQ(f.value, "到着前に電話ください");
  EXPECT_FALSE(f.needs_review());
  EXPECT_EQ(f.alternatives, std::vector<std::string>{"到着前に電話くたさい"});
}

TEST_F(TextWordsTest, TheKeptRealWordStandsOverTheOtherModelsMisread) {
  Record rec = record("remarks", "電話連絡希望", {"電話連絡布望"});
  check_text_words(tmpl_, *readings_, rec);
  EXPECT_EQ(rec.fields[0].value, "電話連絡希望");
  EXPECT_FALSE(rec.fields[0].needs_review());
}

TEST_F(TextWordsTest, DigitsTheModelsDisagreeOnStayInReview) {
  Record rec = record("remarks", "ベッド3個", {"ベッド8個"});
  check_text_words(tmpl_, *readings_, rec);
  EXPECT_TRUE(rec.fields[0].has_flag(flag::kModelDisagreement));
  EXPECT_EQ(rec.fields[0].value, "ベッド3個");
}

TEST_F(TextWordsTest, ADifferenceAtALoneCharacterStaysInReview) {
  // 座 is a word of its own in 座|椅子: either read may be the misread (the 、 was lost in both).
  Record rec = record("remarks", "タンス2点座椅子3個", {"タンス2点護椅了3個"});
  check_text_words(tmpl_, *readings_, rec);
  EXPECT_TRUE(rec.fields[0].has_flag(flag::kModelDisagreement));
}

TEST_F(TextWordsTest, AReadWithAStrayMarkIsNeverChosen) {
  Record rec = record("remarks", "カーペット{点", {"カーベット{点"});
  check_text_words(tmpl_, *readings_, rec);
  EXPECT_TRUE(rec.fields[0].has_flag(flag::kModelDisagreement));
  EXPECT_EQ(rec.fields[0].value, "カーペット{点");
}

TEST_F(TextWordsTest, TwoRealWordsSayNothing) {
  // 午後 costs less than 午前 by more than the margin: only the other read's broken word decides.
  ASSERT_GT(readings_->segment("午前希望").cost - readings_->segment("午後希望").cost, kWordsMargin);
  EXPECT_EQ(read_settled_by_words(*readings_, {"午前希望", "午後希望"}), std::nullopt);
}

TEST_F(TextWordsTest, ANearTieSaysNothing) {
  // 希望 is a word and 中本|望 ends in a lone 望, but the split costs differ by less than the margin.
  const long a = readings_->segment("午前中希望").cost, b = readings_->segment("午前中本望").cost;
  ASSERT_LT(b - a, kWordsMargin);
  EXPECT_EQ(read_settled_by_words(*readings_, {"午前中本望", "午前中希望"}), std::nullopt);
  EXPECT_EQ(read_settled_by_words(*readings_, {"午前中布望", "午前中希望"}), std::optional<std::size_t>(1));
}

TEST_F(TextWordsTest, NamesAreLeftToTheNameDictionaries) {
  Record rec = record("name", "飯田降", {"飯田隆"});
  check_text_words(tmpl_, *readings_, rec);
  EXPECT_EQ(rec.fields[0].value, "飯田降");
  EXPECT_TRUE(rec.fields[0].has_flag(flag::kModelDisagreement));
}

}  // namespace
}  // namespace kamiflow::ocr
