// kamiflow::exporting::export_records: records from the database → one file per form, laid out
// by an ExportProfile (docs/export.md). Used by `kamiflow export` and by workflow sinks that
// name a profile, so both write byte-for-byte the same files.
//
// Contract:
// - Records go out when their state is in profile.states (accepted + reviewed by default); the
//   others are held back and listed (`held_back`), never silently dropped.
// - Deterministic: rows are sorted by (source file, page, file hash, record id), so two batches
//   holding the same records in a different order give byte-identical CSV files.
// - Fixed columns: every file has the columns its layout (or its template) declares, whatever the
//   records hold. A form in scope with no records still gets its file (header only).
// - A selected record that cannot be written exactly (a date that is no date, a value missing
//   from a map, a character CP932 lacks under `unencodable = "refuse"`) is held back with a
//   reason (`refused` counts them); under `unencodable = "map"` it goes out with one warning per
//   record listing each replaced character.
// - Each file is written atomically (temp + fsync + rename); on error no file of that form appears.
// Thread-safety: none needed; a call owns everything it touches.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/export/profile.hpp"
#include "engine/store/record_store.hpp"
#include "kamiflow/ocr/form_template.hpp"
#include "kamiflow/status.hpp"

namespace kamiflow::exporting {

using TemplatePtr = std::shared_ptr<const ocr::FormTemplate>;

struct HeldBack {
  long long record_id = 0;
  std::string form_id, source_file, state;
  int page = 0;
  std::string reason;  // for the clerk (Japanese unless --lang en)
  bool refused = false;  // selected by the profile but could not be written exactly
};

struct ExportWarning {
  long long record_id = 0;
  std::string source_file;
  int page = 0;
  std::string message;
};

struct ExportedFile {
  std::string form_id;
  std::string path;
  std::size_t rows = 0;
};

struct ExportSummary {
  std::vector<ExportedFile> files;
  std::vector<HeldBack> held_back;
  std::vector<ExportWarning> warnings;
  std::size_t exported = 0;  // records written
  std::size_t refused = 0;   // held back although their state was selected
  [[nodiscard]] nlohmann::json to_json() const;
};

struct ExportRequest {
  ExportProfile profile;
  std::vector<TemplatePtr> templates;
  std::filesystem::path out_dir = ".";  // relative file names are placed here
};

[[nodiscard]] Result<ExportSummary> export_records(const std::vector<engine::StoredRecord>& records,
                                                   const ExportRequest& request);

// The profile's `templates` (paths or globs) plus `extra` paths, loaded; duplicates by form id
// are an error naming both files. InvalidInput when none is given at all.
[[nodiscard]] Result<std::vector<TemplatePtr>> load_export_templates(const ExportProfile& profile,
                                                                     const std::vector<std::string>& extra);

}  // namespace kamiflow::exporting
