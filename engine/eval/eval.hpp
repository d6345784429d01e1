// kamiflow::eval: measures extraction against the ground truth of `kamiflow samples` batches.
//
// Contract: run_eval() reads <dir>/manifest.json and each page's truth JSON, extracts every page
// with a pool of workers (one ocr::Extractor each), and returns an EvalReport. The arithmetic is
// separate and pure (compare_page, EvalAccumulator), so it can be checked on hand-made cases.
// Definitions (docs/samples.md):
//   exact            normalised value == expected value (blank expected: "" == "")
//   CER              Σ Levenshtein(actual, expected) over code points / Σ len(expected), text-like
//                    fields only; a blank expected value adds its insertions to the numerator only
//   mark accuracy    exact rate over checkbox_group and circled_choice fields
//   flagged          the field carries any review flag; review_rate = flagged / fields
//   silent error     value != expected and not flagged; silent_error_rate = silent / fields
//   cells right      digit_boxes only: expected digits read as that digit in the same place (a
//                    field read short or empty counts its missing cells wrong) / expected digits
//   classification   pages whose outcome form id equals the expected one ("unclassified" counts
//                    as correct when expected); pages expected to be rejected are not counted
// A page expected to be a record that ends rejected or unclassified goes to a human: its fields
// count as empty and flagged. A page read as the wrong form: its expected fields count as empty
// and not flagged (silent), because nothing tells the operator the values are wrong.
// Thread-safety: values; run_eval() manages its own threads.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "kamiflow/ocr/record.hpp"
#include "kamiflow/status.hpp"

namespace kamiflow::eval {

// What happened to one field of one page.
struct FieldObservation {
  std::string form_id;
  std::string name;
  std::string type;      // field type name: "text", "kana", ..., "circled_choice"
  std::string expected;  // normalised expected value; "" when the field was left blank
  std::string actual;    // normalised value read; "" when nothing was read
  bool flagged = false;  // sent to a human
  // For calibration (calibrate.hpp): the read's confidence, and whether it would go to a human
  // whatever the review threshold (a rule, a blank required field, a page nobody could read).
  double confidence = 0;
  bool flagged_other = false;
  std::string writing;   // "handwritten" when the truth says a hand wrote it, else ""

  // The field's kind for rates and calibration: its type, or "<type>/handwritten".
  std::string kind() const { return writing == "handwritten" ? type + "/handwritten" : type; }
};

// What happened to one page.
struct PageObservation {
  std::string expected;  // expected form id, "unclassified", or "rejected"
  std::string outcome;   // form id of the record, "unclassified", or "rejected"
  std::vector<FieldObservation> fields;  // every expected field of an expected-record page
};

// Levenshtein distance between two UTF-8 strings, counted in Unicode code points.
[[nodiscard]] std::size_t edit_distance(const std::string& a, const std::string& b);
[[nodiscard]] bool is_mark_type(const std::string& type);  // checkbox_group, circled_choice

// Ground truth (one page's truth JSON) + what extraction returned → a PageObservation.
// `known_forms` are the templates under test: a page of any other form is expected "unclassified".
[[nodiscard]] PageObservation compare_page(const nlohmann::json& truth, const Result<ocr::Record>& outcome,
                                           const std::vector<std::string>& known_forms);

struct EvalRates {
  long fields = 0, exact = 0, flagged = 0, silent = 0;
  long cer_edits = 0, cer_chars = 0;  // text-like fields
  long marks = 0, marks_correct = 0;  // checkbox_group, circled_choice
  long cells = 0, cells_right = 0;    // digit_boxes: expected digits, and those read in place

  // std::nullopt when the denominator is zero.
  std::optional<double> field_exact_rate() const;
  std::optional<double> cer() const;
  std::optional<double> mark_accuracy() const;
  std::optional<double> cell_accuracy() const;
  std::optional<double> review_rate() const;
  std::optional<double> silent_error_rate() const;
  void add(const FieldObservation& f);
};

struct WorstField {
  std::string form_id, name, type;
  long errors = 0, silent = 0, fields = 0;
  std::string example_expected, example_actual;  // first wrong read (fictitious data in samples)
};

struct EvalReport {
  long pages = 0;
  long classification_pages = 0, classified_correctly = 0;
  long rejected_pages = 0;            // no record and not unclassified (corrupt, alignment failed)
  long expected_rejections = 0, expected_rejections_met = 0;
  long unclassified_pages = 0;
  long records = 0;                   // pages expected to be a record of a known form
  long records_no_human = 0;          // ... read as that form with no field flagged
  long records_no_human_wrong = 0;    // ... of which some field is wrong (a silently wrong record)
  // Why the other records went to a person, by field kind (FieldObservation::kind()): records
  // with a flagged field of that kind, and records whose flagged fields are all of that kind
  // (what that kind alone costs: the records that reading it better would pass).
  std::map<std::string, long> records_held_by, records_held_only_by;
  double seconds = 0;                 // wall time of extraction
  EvalRates total;
  std::map<std::string, EvalRates> by_type, by_form;  // by_type is keyed by FieldObservation::kind()
  std::vector<WorstField> worst_fields;  // most errors first

  std::optional<double> classification_accuracy() const;
  double pages_per_second() const;
  nlohmann::json to_json() const;
  // A table for people; `examples` adds the expected/actual values of the worst fields.
  std::string to_table(bool examples = false) const;
};

// Pure arithmetic over observations: add pages in any order, then report().
class EvalAccumulator {
 public:
  void add(const PageObservation& page);
  [[nodiscard]] EvalReport report(double seconds, std::size_t worst = 10) const;
  // Every field observed, in the order added (for calibrate.hpp).
  const std::vector<FieldObservation>& observations() const { return observations_; }

 private:
  EvalReport r_;
  std::vector<FieldObservation> observations_;
  std::map<std::pair<std::string, std::string>, WorstField> per_field_;
};

struct EvalOptions {
  std::filesystem::path dir;                      // a `kamiflow samples` output directory
  std::vector<std::filesystem::path> templates;   // empty: every samples/forms/*/template.lua
  int jobs = 0;                                   // 0: hardware concurrency
  std::string tessdata_dir;
  bool previous_reading = false;                  // read as before issue #18 (ExtractOptions)
};

struct EvalRun {
  EvalReport report;
  std::vector<FieldObservation> observations;  // every field, for calibration
};

[[nodiscard]] Result<EvalRun> run_eval(const EvalOptions& options);

}  // namespace kamiflow::eval
