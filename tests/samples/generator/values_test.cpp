// Tests for engine/src/samples_values.cpp: the generated values are valid, consistent with each
// other, and their expected values are what kamiflow's normalisers make of the drawn text.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "kamiflow/ocr/text.hpp"
#include "samples/generator/data.hpp"
#include "samples/generator/values.hpp"

namespace kamiflow::samples {
namespace {

ocr::FieldSpec field(std::string name, ocr::FieldType type, bool required = true) {
  ocr::FieldSpec f;
  f.name = std::move(name);
  f.type = type;
  f.required = required;
  f.box = {40, 40, 100, 10};
  return f;
}

ocr::FormTemplate person_form() {
  ocr::FormTemplate t;
  t.id = "test_person";
  t.fields.push_back(field("kana", ocr::FieldType::kKana));
  t.fields.push_back(field("name", ocr::FieldType::kText));
  t.fields.push_back(field("birth_date", ocr::FieldType::kDate));
  t.fields.push_back(field("insured_kana", ocr::FieldType::kKana));
  t.fields.push_back(field("insured_name", ocr::FieldType::kText));
  t.fields.push_back(field("address", ocr::FieldType::kText));
  t.fields.push_back(field("phone", ocr::FieldType::kDigits));
  auto postal = field("postal_code", ocr::FieldType::kDigitBoxes);
  postal.cells.resize(7);
  t.fields.push_back(postal);
  auto mn = field("my_number", ocr::FieldType::kDigitBoxes);
  mn.cells.resize(12);
  t.fields.push_back(mn);
  auto sex = field("sex", ocr::FieldType::kCircledChoice);
  sex.options = {{"male", "男", {}}, {"female", "女", {}}};
  t.fields.push_back(sex);
  auto docs = field("docs", ocr::FieldType::kCheckboxGroup);
  docs.multiple = true;
  docs.options = {{"a", "甲", {}}, {"b", "乙", {}}, {"c", "丙", {}}, {"d", "丁", {}}};
  t.fields.push_back(docs);
  return t;
}

// The katakana reading of a kanji name according to the generator's tables, or "".
std::set<std::string> readings_of(const std::string& kanji_name) {
  std::set<std::string> out;
  for (const auto& s : surnames()) {
    std::string sk = s.kanji;
    if (kanji_name.rfind(sk, 0) != 0) continue;
    for (auto given : {male_given_names(), female_given_names()})
      for (const auto& g : given)
        if (sk + g.kanji == kanji_name) out.insert(std::string(s.kana) + g.kana);
  }
  return out;
}

TEST(SamplesValues, MyNumberCheckDigitFollowsTheOrdinance) {
  // Worked example: 12345678901 → weights 6,5,4,3,2,7,6,5,4,3,2 from the left → check digit 8.
  EXPECT_EQ(my_number_check_digit("12345678901"), 8);
  EXPECT_EQ(my_number_check_digit("1234567890"), -1);
  EXPECT_EQ(my_number_check_digit("1234567890a"), -1);
  for (std::string d : {"00000000000", "99999999999", "31415926535", "27182818284"})
    EXPECT_EQ(my_number_check_digit(d), text::my_number_check_digit(d)) << d;
}

TEST(SamplesValues, WarekiDatesUseTheRightEraAndGannen) {
  EXPECT_EQ(wareki_date({2019, 5, 1}), "令和元年5月1日");
  EXPECT_EQ(wareki_date({2019, 5, 1}, false), "令和1年5月1日");
  EXPECT_EQ(wareki_date({2019, 4, 30}), "平成31年4月30日");
  EXPECT_EQ(wareki_date({1989, 1, 7}), "昭和64年1月7日");
  EXPECT_EQ(wareki_date({1989, 1, 8}, true, true), "平成 元年 1月 8日");
  EXPECT_EQ(iso_date({1983, 3, 12}), "1983-03-12");
}

TEST(SamplesValues, ExpectedValuesMatchWhatWasDrawn) {
  auto form = person_form();
  for (std::uint64_t seed = 0; seed < 40; ++seed) {
    Rng rng(seed);
    auto values = make_field_values(form, rng);
    ASSERT_EQ(values.size(), form.fields.size());
    auto at = [&](const std::string& name) -> const FieldValue& {
      for (std::size_t i = 0; i < form.fields.size(); ++i)
        if (form.fields[i].name == name) return values[i];
      throw std::runtime_error("no field " + name);
    };
    // Kana is the table reading of the kanji name, for each person on the form.
    for (std::string prefix : {"", "insured_"}) {
      auto readings = readings_of(at(prefix + "name").value);
      EXPECT_TRUE(readings.count(at(prefix + "kana").value)) << at(prefix + "name").value << " " << at(prefix + "kana").value;
      EXPECT_TRUE(text::is_katakana(at(prefix + "kana").value));
      EXPECT_EQ(text::strip_spaces(at(prefix + "kana").drawn), at(prefix + "kana").value);
    }
    EXPECT_EQ(text::strip_spaces(at("name").drawn), at("name").value);
    EXPECT_EQ(text::strip_spaces(text::nfkc(at("address").drawn)), at("address").value);
    // Dates: the drawn 和暦 converts back to the expected ISO date.
    auto iso = text::date_to_iso(text::strip_spaces(at("birth_date").drawn));
    ASSERT_TRUE(iso.ok()) << at("birth_date").drawn << ": " << iso.status().ToString();
    EXPECT_EQ(*iso, at("birth_date").value);
    // Phones, postal codes and My Numbers are valid and normalise to the expected value.
    auto phone = text::phone_number(at("phone").drawn);
    ASSERT_TRUE(phone.ok()) << at("phone").drawn;
    EXPECT_EQ(*phone, at("phone").value);
    EXPECT_EQ(at("postal_code").drawn.size(), 7u);
    EXPECT_EQ(*text::postal_code(at("postal_code").drawn), at("postal_code").value);
    EXPECT_TRUE(text::my_number_valid(at("my_number").value)) << at("my_number").value;
    // Choices: marked indices, values and labels agree; single choice marks exactly one.
    const auto& sex = at("sex");
    ASSERT_EQ(sex.marked.size(), 1u);
    EXPECT_EQ(sex.value, form.fields[9].options[sex.marked[0]].value);
    const auto& docs = at("docs");
    EXPECT_GE(docs.marked.size(), 1u);
    EXPECT_LE(docs.marked.size(), 3u);
    std::string joined;
    for (auto i : docs.marked) joined += (joined.empty() ? "" : ",") + form.fields[10].options[i].value;
    EXPECT_EQ(docs.value, joined);
  }
}

TEST(SamplesValues, OptionalFieldsAreSometimesBlankRequiredNever) {
  ocr::FormTemplate t;
  t.fields.push_back(field("remarks", ocr::FieldType::kText, false));
  t.fields.push_back(field("name", ocr::FieldType::kText, true));
  int blanks = 0;
  for (std::uint64_t seed = 0; seed < 200; ++seed) {
    Rng rng(seed);
    auto v = make_field_values(t, rng);
    blanks += v[0].blank;
    EXPECT_FALSE(v[1].blank);
    if (v[0].blank) {
      EXPECT_EQ(v[0].value, "");
    }
  }
  EXPECT_GT(blanks, 5);
  EXPECT_LT(blanks, 60);
}

// A form about children (児童手当): children are minors with the household's surname, and the
// parents who claim for them are of an age to have them.
TEST(SamplesValues, ChildrenAreMinorsOfTheHouseholdAndParentsAreAdults) {
  ocr::FormTemplate t;
  for (std::string prefix : {"", "spouse_", "child1_", "child2_"}) {
    t.fields.push_back(field(prefix + "name", ocr::FieldType::kText));
    t.fields.push_back(field(prefix + "birth_date", ocr::FieldType::kDate));
  }
  for (std::uint64_t seed = 0; seed < 40; ++seed) {
    Rng rng(seed);
    auto v = make_field_values(t, rng);
    ASSERT_EQ(v.size(), 8u);
    std::string household;
    for (const auto& s : surnames())
      if (v[0].value.rfind(s.kanji, 0) == 0 && std::string(s.kanji).size() > household.size()) household = s.kanji;
    ASSERT_FALSE(household.empty()) << v[0].value;
    for (std::size_t i = 0; i < 8; i += 2) {
      const std::string& born = v[i + 1].value;  // ISO dates compare as strings
      EXPECT_EQ(v[i].value.rfind(household, 0), 0u) << t.fields[i].name << " " << v[i].value;
      if (i < 4) {
        EXPECT_TRUE(born >= "1968-01-01" && born <= "2000-12-31") << t.fields[i + 1].name << " " << born;
      } else {
        EXPECT_TRUE(born >= "2008-04-02" && born <= "2022-12-31") << t.fields[i + 1].name << " " << born;
      }
    }
  }
}

TEST(SamplesValues, SameSeedSameValues) {
  auto form = person_form();
  Rng a(7), b(7), c(8);
  auto va = make_field_values(form, a), vb = make_field_values(form, b), vc = make_field_values(form, c);
  bool differs = false;
  for (std::size_t i = 0; i < va.size(); ++i) {
    EXPECT_EQ(va[i].drawn, vb[i].drawn);
    differs |= va[i].drawn != vc[i].drawn;
  }
  EXPECT_TRUE(differs);
}

}  // namespace
}  // namespace kamiflow::samples
