// Tests for the evaluation arithmetic (engine/src/eval_accumulator.cpp, eval_compare.cpp) on a
// hand-made case whose every number is worked out in the comments.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "engine/eval/eval.hpp"

namespace kamiflow::eval {
namespace {

FieldObservation f(std::string type, std::string expected, std::string actual, bool flagged,
                   std::string form = "a", std::string name = "") {
  return {std::move(form), name.empty() ? type : std::move(name), std::move(type), std::move(expected),
          std::move(actual), flagged};
}

TEST(EvalEditDistance, CountsCodePointsNotBytes) {
  EXPECT_EQ(edit_distance("山田太郎", "山田太郎"), 0u);
  EXPECT_EQ(edit_distance("山田太郎", "山田次郎"), 1u);  // one substitution, although 3 bytes differ
  EXPECT_EQ(edit_distance("", "ヤマダ"), 3u);
  EXPECT_EQ(edit_distance("ヤマダ", ""), 3u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("03-1234-5678", "03-1234-567"), 1u);
}

TEST(EvalAccumulator, HandMadeCase) {
  EvalAccumulator acc;
  // Page 1, form a, read as form a:
  //   text  "山田太郎" read "山田次郎", not flagged → wrong, silent; CER 1 edit / 4 chars
  //   kana  "ヤマダタロウ" read right, flagged   → exact, flagged (a needless review)
  //   date  "" (blank) read "" → exact; 0 chars
  //   checkbox "self" read "agent", flagged      → wrong mark, flagged
  acc.add({"a", "a",
           {f("text", "山田太郎", "山田次郎", false), f("kana", "ヤマダタロウ", "ヤマダタロウ", true),
            f("date", "", "", false), f("checkbox_group", "self", "agent", true)}});
  // Page 2, form a, read as form a:
  //   text "東京" read "東京都", not flagged → wrong, silent; 1 edit / 2 chars
  //   circled "male" read "male" → exact mark
  //   date "" (blank) read "2020-01-01", flagged → wrong; 10 insertions / 0 chars
  acc.add({"a", "a",
           {f("text", "東京", "東京都", false, "a", "address"), f("circled_choice", "male", "male", false),
            f("date", "", "2020-01-01", true)}});
  // Page 3: an unknown layout, correctly unclassified. Page 4: unknown layout read as form a
  // (misclassified). Page 5: corrupt file, rejected as expected. Page 6: form b, rejected.
  acc.add({"unclassified", "unclassified", {}});
  acc.add({"unclassified", "a", {}});
  acc.add({"rejected", "rejected", {}});
  acc.add({"b", "rejected", {f("digit_boxes", "1000001", "", true, "b", "postal")}});

  EvalReport r = acc.report(/*seconds=*/2.0);
  EXPECT_EQ(r.pages, 6);
  EXPECT_DOUBLE_EQ(r.pages_per_second(), 3.0);
  // Classification over the 5 pages not expected to be rejected: pages 1, 2, 3 right; 4, 6 wrong.
  EXPECT_EQ(r.classification_pages, 5);
  EXPECT_DOUBLE_EQ(*r.classification_accuracy(), 3.0 / 5);
  EXPECT_EQ(r.rejected_pages, 2);  // pages 5 and 6
  EXPECT_EQ(r.expected_rejections, 1);
  EXPECT_EQ(r.expected_rejections_met, 1);
  EXPECT_EQ(r.unclassified_pages, 1);

  // 8 fields: exact = kana, blank date, circled = 3.
  EXPECT_EQ(r.total.fields, 8);
  EXPECT_DOUBLE_EQ(*r.total.field_exact_rate(), 3.0 / 8);
  // Flagged: kana, checkbox, date (page 2), postal = 4. Silent: the two text fields = 2.
  EXPECT_DOUBLE_EQ(*r.total.review_rate(), 4.0 / 8);
  EXPECT_DOUBLE_EQ(*r.total.silent_error_rate(), 2.0 / 8);
  // CER over text-like fields: edits 1 + 0 + 0 + 1 + 10 + 7 (postal read empty) = 19;
  // expected chars 4 + 6 + 0 + 2 + 0 + 7 = 19.
  EXPECT_EQ(r.total.cer_edits, 19);
  EXPECT_EQ(r.total.cer_chars, 19);
  EXPECT_DOUBLE_EQ(*r.total.cer(), 1.0);
  // Marks: checkbox wrong, circle right.
  EXPECT_DOUBLE_EQ(*r.total.mark_accuracy(), 0.5);

  // Per type: text has 2 fields, both wrong and silent; CER (1 + 1) / (4 + 2).
  const EvalRates& text = r.by_type.at("text");
  EXPECT_EQ(text.fields, 2);
  EXPECT_DOUBLE_EQ(*text.field_exact_rate(), 0.0);
  EXPECT_DOUBLE_EQ(*text.silent_error_rate(), 1.0);
  EXPECT_DOUBLE_EQ(*text.cer(), 2.0 / 6);
  EXPECT_FALSE(text.mark_accuracy().has_value());
  EXPECT_FALSE(r.by_type.at("checkbox_group").cer().has_value());
  EXPECT_DOUBLE_EQ(*r.by_type.at("date").field_exact_rate(), 0.5);
  EXPECT_EQ(r.by_form.at("a").fields, 7);
  EXPECT_EQ(r.by_form.at("b").fields, 1);

  // JSON carries the required keys, with undefined rates as null.
  auto j = r.to_json();
  for (const char* key : {"pages", "fields", "field_exact_rate", "cer", "mark_accuracy", "classification_accuracy",
                          "rejected_pages", "review_rate", "silent_error_rate", "pages_per_second", "by_type"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["fields"], 8);
  EXPECT_DOUBLE_EQ(j["classification_accuracy"].get<double>(), 0.6);
  EXPECT_TRUE(j["by_type"]["text"]["mark_accuracy"].is_null());
  EXPECT_DOUBLE_EQ(j["by_type"]["text"]["cer"].get<double>(), 0.3333);

  // Worst fields: every field with an error; text (silent) before the flagged ones at one error.
  ASSERT_FALSE(r.worst_fields.empty());
  EXPECT_EQ(r.worst_fields.front().silent, 1);
  EXPECT_EQ(r.worst_fields.size(), 5u);
  EXPECT_NE(r.to_table().find("all fields"), std::string::npos);
}

TEST(EvalAccumulator, DigitBoxCellsCountedInPlace) {
  EvalAccumulator acc;
  // 7 cells, one misread: 6 right. A postal code's "-" is not a cell: 7 cells, all right.
  // Read short (a lost cell): every cell of it counts wrong, the digits no longer line up.
  // "?" is an unreadable cell in its place: 3 of 4 right. A text field has no cells.
  acc.add({"a", "a",
           {f("digit_boxes", "1234567", "1234561", true, "a", "p1"), f("digit_boxes", "123-4567", "1234567", false, "a", "p2"),
            f("digit_boxes", "1234", "124", true, "a", "n"), f("digit_boxes", "1234", "12?4", true, "a", "m"),
            f("text", "12", "12", false, "a", "t")}});
  const EvalReport r = acc.report(1.0);
  EXPECT_EQ(r.total.cells, 22);
  EXPECT_EQ(r.total.cells_right, 6 + 7 + 0 + 3);
  EXPECT_FALSE(r.by_type.at("text").cell_accuracy().has_value());
  EXPECT_DOUBLE_EQ(r.to_json()["by_type"]["digit_boxes"]["cell_accuracy"].get<double>(), 0.7273);
  EXPECT_NE(r.to_table().find("cells"), std::string::npos);
}

TEST(EvalAccumulator, SaysWhichFieldKindsHoldRecordsBack) {
  EvalAccumulator acc;
  FieldObservation hand = f("digit_boxes", "1234567", "1234567", true);
  hand.writing = "handwritten";
  // Held by text alone; by text and handwritten digit boxes (two flagged texts count once); by
  // nothing; and an unclassified page, which is no record.
  acc.add({"a", "a", {f("text", "山田", "山田", true), f("kana", "ヤマダ", "ヤマダ", false)}});
  acc.add({"a", "a",
           {f("text", "山田", "山田", true, "a", "name"), f("text", "東京", "東京都", true, "a", "address"), hand,
            f("digit_boxes", "12", "12", false)}});
  acc.add({"a", "a", {f("text", "山田", "山田", false)}});
  acc.add({"unclassified", "unclassified", {f("text", "山田", "山口", true)}});
  const EvalReport r = acc.report(1);
  EXPECT_EQ(r.records_held_by, (std::map<std::string, long>{{"digit_boxes/handwritten", 1}, {"text", 2}}));
  EXPECT_EQ(r.records_held_only_by, (std::map<std::string, long>{{"text", 1}}));
  const nlohmann::json j = r.to_json();
  EXPECT_EQ(j["records_held_back"]["text"]["records"], 2);
  EXPECT_EQ(j["records_held_back"]["text"]["only_this_kind"], 1);
  EXPECT_EQ(j["records_held_back"]["digit_boxes/handwritten"]["only_this_kind"], 0);
  EXPECT_NE(r.to_table().find("records held back"), std::string::npos);
}

TEST(EvalCompare, TruthAgainstOutcomes) {
  auto truth = nlohmann::json::parse(R"({
    "form_id": "a", "expect": "record",
    "fields": {"name": {"type": "text", "value": "山田太郎"},
               "sex": {"type": "circled_choice", "value": "male"}}})");
  ocr::Record rec;
  rec.form_id = "a";
  ocr::FieldResult name;
  name.name = "name";
  name.value = "山田太郎";
  ocr::FieldResult sex;
  sex.name = "sex";
  sex.value = "female";
  sex.flags = {ocr::flag::kLowConfidence};
  rec.fields = {name, sex};

  PageObservation read = compare_page(truth, rec, {"a", "b"});
  EXPECT_EQ(read.expected, "a");
  EXPECT_EQ(read.outcome, "a");
  ASSERT_EQ(read.fields.size(), 2u);
  EXPECT_EQ(read.fields[0].actual, "山田太郎");
  EXPECT_FALSE(read.fields[0].flagged);
  EXPECT_EQ(read.fields[1].actual, "female");
  EXPECT_TRUE(read.fields[1].flagged);

  // Rejected: every field goes to a human (flagged, empty).
  PageObservation rejected = compare_page(truth, Result<ocr::Record>(Status::Rejected("x")), {"a"});
  EXPECT_EQ(rejected.outcome, "rejected");
  ASSERT_EQ(rejected.fields.size(), 2u);
  EXPECT_TRUE(rejected.fields[0].flagged);
  EXPECT_EQ(rejected.fields[0].actual, "");
  EXPECT_EQ(compare_page(truth, Result<ocr::Record>(Status::Unclassified("x")), {"a"}).outcome, "unclassified");

  // Wrong form: nothing warns the operator, so the fields are silent errors.
  rec.form_id = "b";
  PageObservation wrong = compare_page(truth, rec, {"a", "b"});
  EXPECT_FALSE(wrong.fields[0].flagged);
  EXPECT_EQ(wrong.fields[0].actual, "");

  // A form that is not under test is expected to be unclassified; its fields are not compared.
  PageObservation other = compare_page(truth, Result<ocr::Record>(Status::Unclassified("x")), {"b"});
  EXPECT_EQ(other.expected, "unclassified");
  EXPECT_TRUE(other.fields.empty());
}

}  // namespace
}  // namespace kamiflow::eval
