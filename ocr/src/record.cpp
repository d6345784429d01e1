#include "kamiflow/ocr/record.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace kamiflow::ocr {

bool FieldResult::has_flag(const std::string& f) const {
  return std::find(flags.begin(), flags.end(), f) != flags.end();
}

void FieldResult::show_instead(const std::string& proposed) {
  alternatives.erase(std::remove(alternatives.begin(), alternatives.end(), proposed), alternatives.end());
  if (std::find(alternatives.begin(), alternatives.end(), value) == alternatives.end())
    alternatives.insert(alternatives.begin(), value);
  value = raw = proposed;
}

void FieldResult::add_flag(const std::string& f) {
  if (!has_flag(f)) flags.push_back(f);
}

void FieldResult::drop_flag(const std::string& f) { flags.erase(std::remove(flags.begin(), flags.end(), f), flags.end()); }

bool Record::needs_review() const {
  return std::any_of(fields.begin(), fields.end(), [](const FieldResult& f) { return f.needs_review(); });
}

const FieldResult* Record::find(const std::string& field_name) const {
  for (const auto& f : fields)
    if (f.name == field_name) return &f;
  return nullptr;
}

FieldResult* Record::find(const std::string& field_name) {
  return const_cast<FieldResult*>(static_cast<const Record&>(*this).find(field_name));
}

nlohmann::json to_json(const FieldResult& f) {
  nlohmann::json j{
      {"name", f.name},
      {"type", std::string(field_type_name(f.type))},
      {"raw", f.raw},
      {"value", f.value},
      {"confidence", f.confidence},
      {"flags", f.flags},
      {"box", {f.box.x, f.box.y, f.box.w, f.box.h}},
  };
  if (!f.reasons.empty()) j["reasons"] = f.reasons;  // only when there is something to explain
  if (!f.alternatives.empty()) j["alternatives"] = f.alternatives;
  return j;
}

nlohmann::json to_json(const Record& r) {
  nlohmann::json fields = nlohmann::json::array();
  for (const auto& f : r.fields) fields.push_back(to_json(f));
  return nlohmann::json{
      {"form_id", r.form_id},
      {"source_file", r.source_file},
      {"page", r.page},
      {"file_sha256", r.file_sha256},
      {"alignment_score", r.alignment_score},
      {"rotation", r.rotation_degrees},
      {"skew", r.skew_degrees},
      {"needs_review", r.needs_review()},
      {"fields", fields},
  };
}

}  // namespace kamiflow::ocr
