// Cell values: date styles, choices as labels or ids, value maps, blanks.
#include "engine/export/values.hpp"

#include <gtest/gtest.h>

#include "engine/base/messages.hpp"

namespace kamiflow::exporting {
namespace {

ocr::FieldSpec sex_field() {
  ocr::FieldSpec f;
  f.name = "insured_sex";
  f.label = "性別";
  f.type = ocr::FieldType::kCheckboxGroup;
  f.options = {{"male", "男", {}}, {"female", "女", {}}};
  return f;
}

ocr::FieldSpec date_field() {
  ocr::FieldSpec f;
  f.name = "birth";
  f.label = "生年月日";
  f.type = ocr::FieldType::kDate;
  return f;
}

TEST(ExportValues, DateStyles) {
  EXPECT_EQ(*format_date("2025-04-11", DateStyle::kIso), "2025-04-11");
  EXPECT_EQ(*format_date("2025-04-11", DateStyle::kYyyymmdd), "20250411");
  EXPECT_EQ(*format_date("2025-04-11", DateStyle::kWareki), "令和7年4月11日");
  EXPECT_EQ(*format_date("2025-04-11", DateStyle::kWarekiCode), "5070411");
  EXPECT_EQ(*format_date("1989-01-08", DateStyle::kWarekiCode), "4010108") << "平成元年";
  EXPECT_EQ(*format_date("1964-10-10", DateStyle::kWareki), "昭和39年10月10日");
  EXPECT_EQ(*format_date("令和7年4月11日", DateStyle::kYyyymmdd), "20250411") << "a reviewer's 和暦 correction";
}

TEST(ExportValues, ADateThatIsNoDateIsRefusedWithAReasonForTheClerk) {
  set_message_language(Language::kJapanese);
  auto r = format_date("令科7年4月11H", DateStyle::kIso);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("日付として読めません"), std::string::npos) << r.status().message();
  set_message_language(Language::kEnglish);
  EXPECT_NE(format_date("2月30日", DateStyle::kIso).status().message().find("not a date"), std::string::npos);
  set_message_language(Language::kJapanese);
}

TEST(ExportValues, ChoicesAsLabelsIdsOrMappedCodes) {
  ExportProfile p;
  Column c;
  c.name = "insured_sex";
  EXPECT_EQ(*format_field(sex_field(), "female", c, p), "女");
  c.choices = ChoiceStyle::kValue;
  EXPECT_EQ(*format_field(sex_field(), "female", c, p), "female");
  c.map = {{"男", "1"}, {"female", "2"}};  // keys may be labels or ids
  EXPECT_EQ(*format_field(sex_field(), "male", c, p), "1");
  EXPECT_EQ(*format_field(sex_field(), "female", c, p), "2");
  c.map = {{"男", "1"}};
  auto missing = format_field(sex_field(), "female", c, p);
  ASSERT_FALSE(missing.ok()) << "a value the map lacks is never written as a guess";
  EXPECT_NE(missing.status().message().find("女"), std::string::npos);
}

TEST(ExportValues, MultipleChoicesJoinWithTheSeparatorAndBlanksUseTheColumnsBlank) {
  ExportProfile p;
  p.separator = "・";
  Column c;
  c.name = "insured_sex";
  EXPECT_EQ(*format_field(sex_field(), "male,female", c, p), "男・女");
  c.blank = "0";
  EXPECT_EQ(*format_field(sex_field(), "", c, p), "0");
  EXPECT_EQ(*format_field(date_field(), "", c, p), "0");
}

TEST(ExportValues, DateColumnStyleOverridesTheProfiles) {
  ExportProfile p;
  p.date = DateStyle::kWareki;
  Column c;
  c.name = "birth";
  EXPECT_EQ(*format_field(date_field(), "2019-05-01", c, p), "令和元年5月1日");
  c.date = DateStyle::kYyyymmdd;
  EXPECT_EQ(*format_field(date_field(), "2019-05-01", c, p), "20190501");
}

TEST(ExportValues, TextPassesThroughAndLeadingZerosStay) {
  ExportProfile p;
  ocr::FieldSpec f;
  f.name = "postal_code";
  f.type = ocr::FieldType::kDigitBoxes;
  Column c;
  EXPECT_EQ(*format_field(f, "0424097", c, p), "0424097");
}

}  // namespace
}  // namespace kamiflow::exporting
