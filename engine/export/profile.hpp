// kamiflow::exporting::ExportProfile: the layout a core system (住民記録, 児童手当, 国保 …) or a
// spreadsheet expects, declared per form (docs/export.md): column order, header text, value maps
// for choices (男 → 1), date style, which record states go out, file format and encoding.
//
// Contract: a profile is a Lua file returning a table (like a template), or the same table given
// inline in a workflow sink. parse_profile() checks every key and reports every mistake at once,
// one per line, naming the path ("forms.kokuho_shutoku.columns[3].date: unknown date style
// 'jp'"). Unknown keys are errors (a typo must not silently change a core system's input).
// A parsed profile is an immutable value; safe to share between threads.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kamiflow/status.hpp"

namespace kamiflow::exporting {

enum class Format { kCsv, kXlsx };
enum class Encoding { kUtf8Bom, kUtf8, kCp932 };
enum class Unencodable { kRefuse, kMap };          // CP932: hold the record back, or map + warn
enum class HeaderStyle { kLabel, kId, kNone };      // 届出日 / notification_date / no header row
enum class DateStyle { kIso, kYyyymmdd, kWareki, kWarekiCode };  // 2025-04-11 / 20250411 / 令和7年4月11日 / 5070411
enum class ChoiceStyle { kLabel, kValue };          // 女 / female

// One column: a field of the template, a record property (meta), or a constant.
struct Column {
  enum class Kind { kField, kMeta, kConstant } kind = Kind::kField;
  std::string name;                  // field name, or meta name (source_file, page, record_id, …)
  std::optional<std::string> header; // explicit header text; otherwise from the header style
  std::optional<DateStyle> date;     // date fields: overrides the profile's date style
  std::optional<ChoiceStyle> choices;
  std::map<std::string, std::string> map;  // value or label → exported code; when set, every
                                           // non-blank value must be in it
  std::string blank;                 // what an empty value is written as ("" unless set)
  std::string constant;              // kConstant: the text written in every row
};

struct FormLayout {
  std::string file;             // output file name (relative to the output directory); {form} expands
  std::vector<Column> columns;  // empty = every field of the template, in template order
};

struct ExportProfile {
  std::string name;                   // for messages; the file name when loaded from a file
  Format format = Format::kCsv;
  Encoding encoding = Encoding::kUtf8Bom;
  bool crlf = true;
  Unencodable unencodable = Unencodable::kRefuse;
  HeaderStyle header = HeaderStyle::kLabel;
  DateStyle date = DateStyle::kIso;
  ChoiceStyle choices = ChoiceStyle::kLabel;
  std::string separator = ",";        // between the choices of a multiple-choice field
  std::vector<std::string> states = {"accepted", "reviewed"};
  std::string file = "{form}.csv";    // default file name per form ({form}.xlsx for xlsx)
  std::vector<std::string> templates; // paths or globs (relative to the current directory)
  std::map<std::string, FormLayout> forms;  // form id → layout; empty = every form, default layout
  bool only_listed_forms = false;     // true when `forms` was given: other forms are not exported
};

// The meta columns a profile may name: record_id, form_id, form_title, source_file, page, state,
// batch_id, created_at, file_sha256, review_flags.
[[nodiscard]] const std::vector<std::string>& meta_column_names();

// `table` is the converted Lua table (engine/lua/json.hpp). `name` prefixes every message.
[[nodiscard]] Result<ExportProfile> parse_profile(const nlohmann::json& table, const std::string& name);

// Runs a profile file in a fresh sandbox (no capabilities) and parses what it returns.
// NotFound when the file is missing, ScriptError when it raises, InvalidInput for mistakes.
[[nodiscard]] Result<ExportProfile> load_profile(const std::string& path);

[[nodiscard]] std::optional<DateStyle> parse_date_style(const std::string& s);

}  // namespace kamiflow::exporting
