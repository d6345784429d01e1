// kamiflow::ocr::Record: what one page of one form becomes.
//
// Contract: plain data. Every field keeps the raw OCR text beside the normalised value, a
// confidence in [0,1] and the flags that send it to human review. A record needs review when any
// field has a flag: a wrong value must never pass silently, so recognisers flag rather than guess.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "kamiflow/ocr/form_template.hpp"

namespace kamiflow::ocr {

// Field flags (strings so they travel unchanged into JSON, SQLite and Lua).
namespace flag {
inline constexpr const char* kLowConfidence = "low_confidence";
inline constexpr const char* kInvalid = "invalid";              // a validator failed
inline constexpr const char* kBlankRequired = "blank_required";
inline constexpr const char* kMultipleMarks = "multiple_marks";  // single-choice with >1 mark
inline constexpr const char* kNoMark = "no_mark";                // required choice with no mark
inline constexpr const char* kUnreadable = "unreadable";         // OCR produced nothing usable
inline constexpr const char* kDisagreement = "disagreement";     // two preprocessings read differently
inline constexpr const char* kModelDisagreement = "model_disagreement";  // two OCR models read differently
inline constexpr const char* kReadingMismatch = "reading_mismatch";      // フリガナ is not a reading of the name
inline constexpr const char* kIncomplete = "incomplete";         // a part of the field left empty
inline constexpr const char* kPlaceMismatch = "place_mismatch";  // 郵便番号 and 住所 name different places
}  // namespace flag

struct PixelBox {
  int x = 0, y = 0, w = 0, h = 0;  // in the (orientation-corrected) page image's pixels
};

struct FieldResult {
  std::string name;
  FieldType type = FieldType::kText;
  std::string raw;      // what the recogniser read, before normalisation ("" when blank)
  std::string value;    // normalised value; for choices the chosen option value(s), joined by ","
  double confidence = 0;  // [0,1]
  std::vector<std::string> flags;
  // Why, in words a clerk understands (Japanese): a failed validator's message, a reading that
  // does not match its name. Empty when nothing needs explaining.
  std::vector<std::string> reasons;
  // Other values that independent reads (a second model, a second preprocessing) gave when they
  // disagreed with `value`, normalised like it: what a reviewer may pick instead.
  std::vector<std::string> alternatives;
  PixelBox box;
  std::vector<std::uint8_t> crop_png;  // the field's image, PNG-encoded; empty unless requested

  bool needs_review() const { return !flags.empty(); }
  bool has_flag(const std::string& f) const;
  void add_flag(const std::string& f);   // once
  void drop_flag(const std::string& f);
  // Shows `proposed` as the value (and raw) of a field whose read a check mended, keeping the
  // value as read first among the alternatives; the caller decides the flags.
  void show_instead(const std::string& proposed);
};

struct Record {
  std::string form_id;
  std::string source_file;
  int page = 0;                 // 1-based page number within source_file
  std::string file_sha256;
  double alignment_score = 0;   // [0,1], registration quality
  int rotation_degrees = 0;     // how much the page was turned to read it (0, 90, 180, 270)
  double skew_degrees = 0;      // residual skew corrected
  std::vector<FieldResult> fields;

  bool needs_review() const;
  const FieldResult* find(const std::string& field_name) const;
  FieldResult* find(const std::string& field_name);
};

// JSON form used by `kamiflow extract`, JSON Lines sinks and Lua. Crops are not included.
nlohmann::json to_json(const Record& r);
nlohmann::json to_json(const FieldResult& f);

}  // namespace kamiflow::ocr
