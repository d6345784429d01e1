// CSV and JSONL sinks, written after the batch from the records committed to SQLite (the source of
// truth), each file atomically. Rerunning a workflow rewrites them complete.
//
// CSV columns: id, form_id, source_file, page, state, then one column per field (the normalised
// value; fields in first-seen template order across the exported records), `review_flags`
// ("field:flag …" for flagged fields) and the extra columns hooks added (rec.extra), first-seen order.
// JSONL: each record's stored JSON plus id, state and batch_id.
// A csv or xlsx sink with a profile (every xlsx sink) is written by engine/export, the same code
// as `kamiflow export`: the sink's path is the file name pattern, its folder the output folder.
#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/export/cp932_safe.hpp"
#include "engine/export/export.hpp"
#include "engine/store/csv_writer.hpp"
#include "engine/store/jsonl_writer.hpp"
#include "engine/workflow/internal.hpp"

namespace kamiflow::workflow_detail {
namespace {

using engine::StoredRecord;

void add_unique(std::vector<std::string>& list, const std::string& item) {
  if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(item);
}

std::string cell(const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : v.is_null() ? "" : v.dump(); }

nlohmann::json extra_of(const StoredRecord& r) {
  nlohmann::json doc = nlohmann::json::parse(r.json, nullptr, false);
  if (doc.is_object() && doc.contains("extra") && doc["extra"].is_object()) return doc["extra"];
  return nlohmann::json::object();
}

Status write_csv(const std::string& path, const std::vector<const StoredRecord*>& records, CsvEncoding encoding,
                 const Logger& logger) {
  std::vector<std::string> fields, extras;
  std::vector<nlohmann::json> extra_values;
  for (const StoredRecord* r : records) {
    for (const auto& f : r->fields) add_unique(fields, f.name);
    extra_values.push_back(extra_of(*r));
    for (const auto& [k, v] : extra_values.back().items()) add_unique(extras, k);
  }
  std::vector<std::string> header = {"id", "form_id", "source_file", "page", "state"};
  header.insert(header.end(), fields.begin(), fields.end());
  header.push_back("review_flags");
  for (const auto& e : extras) header.push_back(e);  // a clash with a field name is the author's choice
  CsvOptions options;
  options.encoding = encoding;
  // A lossy CP932 export beats none (SQLite keeps the truth), but never a silent '?': characters
  // CP932 lacks are mapped like export's unencodable = "map" (𠮷 → 吉, else 〓), one warning per record.
  std::optional<exporting::Cp932Guard> cp932;
  if (encoding == CsvEncoding::kCp932) {
    KF_ASSIGN_OR_RETURN(exporting::Cp932Guard g, exporting::Cp932Guard::create());
    cp932.emplace(std::move(g));
  }
  KF_ASSIGN_OR_RETURN(CsvWriter writer, CsvWriter::open(path, header, options));
  for (std::size_t i = 0; i < records.size(); ++i) {
    const StoredRecord& r = *records[i];
    std::vector<std::string> row = {std::to_string(r.id), r.form_id, r.source_file, std::to_string(r.page),
                                    std::string(engine::record_state_name(r.state))};
    std::map<std::string, const engine::StoredField*> by_name;
    std::string flags;
    for (const auto& f : r.fields) {
      by_name[f.name] = &f;
      for (const auto& fl : f.flags) flags += (flags.empty() ? "" : " ") + f.name + ":" + fl;
    }
    for (const auto& name : fields) row.push_back(by_name.count(name) ? by_name[name]->value : "");
    row.push_back(flags);
    for (const auto& e : extras) row.push_back(extra_values[i].contains(e) ? cell(extra_values[i][e]) : "");
    if (cp932) {
      std::string mapped;
      for (std::size_t c = 0; c < row.size(); ++c) {
        KF_ASSIGN_OR_RETURN(exporting::Cp932Guard::Checked checked, cp932->check(row[c], true));
        for (const auto& m : checked.mappings) mapped += (mapped.empty() ? "" : ", ") + header[c] + ": " + m;
        row[c] = std::move(checked.text);
      }
      if (!mapped.empty() && logger)
        logger->warn("{} page {}: {}: replaced characters CP932 lacks: {}", r.source_file, r.page, path, mapped);
    }
    KF_RETURN_IF_ERROR(writer.write_row(row).WithContext(path + ", record " + std::to_string(r.id)));
  }
  return writer.commit();
}

Status write_jsonl(const std::string& path, const std::vector<const StoredRecord*>& records) {
  KF_ASSIGN_OR_RETURN(JsonlWriter writer, JsonlWriter::open(path));
  for (const StoredRecord* r : records) {
    nlohmann::json doc = nlohmann::json::parse(r->json, nullptr, false);
    if (!doc.is_object()) doc = nlohmann::json::object();
    doc["id"] = r->id;
    doc["state"] = std::string(engine::record_state_name(r->state));
    doc["batch_id"] = r->batch_id;
    KF_RETURN_IF_ERROR(writer.write(doc).WithContext(path + ", record " + std::to_string(r->id)));
  }
  return writer.commit();
}

std::string with_form(std::string path, const std::string& form) {
  const auto at = path.find("{form}");
  if (at != std::string::npos) path.replace(at, 6, form);
  return path;
}

}  // namespace

Result<std::vector<std::string>> write_sinks(engine::RecordStore& store, const std::vector<WorkflowSink>& sinks,
                                             const std::vector<std::shared_ptr<const ocr::FormTemplate>>& templates,
                                             const Logger& logger) {
  std::vector<std::string> written;
  if (sinks.empty()) return written;
  KF_ASSIGN_OR_RETURN(std::vector<StoredRecord> all, store.records());
  for (const WorkflowSink& sink : sinks) {
    if (sink.profile) {
      exporting::ExportRequest request{*sink.profile, templates, std::filesystem::path(sink.path).parent_path()};
      request.profile.file = std::filesystem::path(sink.path).filename().string();
      if (request.out_dir.empty()) request.out_dir = ".";
      KF_ASSIGN_OR_RETURN(exporting::ExportSummary s, exporting::export_records(all, request));
      for (const auto& f : s.files) written.push_back(f.path);
      if (logger) {
        for (const auto& h : s.held_back)
          if (h.refused) logger->warn("{} page {}: not exported: {}", h.source_file, h.page, h.reason);
        for (const auto& w : s.warnings) logger->warn("{} page {}: {}", w.source_file, w.page, w.message);
      }
      continue;
    }
    const bool per_form = sink.path.find("{form}") != std::string::npos;
    std::map<std::string, std::vector<const StoredRecord*>> groups;  // file path → records
    for (const StoredRecord& r : all) {
      const std::string state(engine::record_state_name(r.state));
      if (!sink.states.empty() && std::find(sink.states.begin(), sink.states.end(), state) == sink.states.end())
        continue;
      groups[per_form ? with_form(sink.path, r.form_id) : sink.path].push_back(&r);
    }
    if (!per_form && groups.empty()) groups[sink.path];  // an empty export still has its header
    for (const auto& [path, records] : groups) {
      Status st = sink.kind == WorkflowSink::Kind::kCsv ? write_csv(path, records, sink.encoding, logger)
                                                        : write_jsonl(path, records);
      KF_RETURN_IF_ERROR(st.WithContext("writing sink " + path));
      written.push_back(path);
    }
  }
  return written;
}

}  // namespace kamiflow::workflow_detail
