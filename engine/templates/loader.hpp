// kamiflow::load_template: a form template written in Lua (docs/templates.md) becomes an
// immutable ocr::FormTemplate.
//
// Contract: the file runs in a fresh sandboxed LuaRuntime with no capabilities and a small
// budget; it must return a table. Loading checks *everything* and reports *every* mistake at
// once, one per line, each naming the file and the field: unknown keys (typos such as
// `requried`), wrong value types, unknown field types, duplicate names, choices without options,
// digit boxes without cells, unknown normaliser/validator names, geometry outside the page, a
// missing reference image. Such mistakes are StatusCode::kInvalidInput; a missing file is
// kNotFound; a script that raises is kScriptError (file:line). Thread-safe (no shared state);
// the result can be shared across worker threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "kamiflow/ocr/form_template.hpp"
#include "kamiflow/status.hpp"

namespace kamiflow {

struct TemplateLoadOptions {
  std::uint64_t max_instructions = 10'000'000;       // a template is data; this is generous
  std::size_t max_memory_bytes = std::size_t{64} << 20;
  double max_seconds = 10;                           // wall clock: what the budget cannot see
  bool require_reference_image = true;               // a named reference image must exist
};

[[nodiscard]] Result<std::shared_ptr<const ocr::FormTemplate>> load_template(
    const std::string& path, const TemplateLoadOptions& options = {});

// The semantic checks load_template applies after parsing (geometry, duplicates, options,
// cells, normaliser/validator names, reference image), for templates built in code (samples,
// tests). Returns one message per problem ("field 'x': ..."), empty when the template is sound.
[[nodiscard]] std::vector<std::string> check_template(const ocr::FormTemplate& form,
                                                      bool require_reference_image = true);

// Defaults for a field type when the template does not say (docs/templates.md lists them).
struct FieldTypeDefaults {
  ocr::ReadSettings read;
  std::vector<std::string> normalisers;
  std::vector<std::string> validators;
};
[[nodiscard]] FieldTypeDefaults field_type_defaults(ocr::FieldType type);

}  // namespace kamiflow
