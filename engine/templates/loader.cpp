// load_template: runs the template file in a fresh sandbox, converts the table it returns, then
// parses (template_loader_parse.cpp) and checks (template_loader_check.cpp) it.
#include "engine/templates/loader.hpp"

#include <filesystem>
#include <lua.hpp>
#include <set>

#include "engine/lua/runtime.hpp"
#include "engine/lua/json.hpp"
#include "engine/templates/loader_internal.hpp"

namespace kamiflow {

FieldTypeDefaults field_type_defaults(ocr::FieldType type) {
  FieldTypeDefaults d;  // ReadSettings defaults: jpn, no whitelist, single line
  switch (type) {
    case ocr::FieldType::kText:
      d.normalisers = {"nfkc", "trim"};
      break;
    case ocr::FieldType::kKana:
      d.normalisers = {"nfkc", "hiragana_to_katakana", "strip_spaces"};
      d.validators = {"katakana"};
      break;
    case ocr::FieldType::kDigits:
      d.read.lang = "eng";  // jpn on Latin/digit text errs more (DESIGN.md §4)
      d.read.whitelist = "0123456789-()";
      d.normalisers = {"nfkc", "strip_spaces"};
      break;
    case ocr::FieldType::kDate:
      d.normalisers = {"nfkc", "date_iso"};
      d.validators = {"date"};
      break;
    case ocr::FieldType::kDigitBoxes:
      d.read.lang = "eng";  // read cell by cell with a digit whitelist (DESIGN.md §4)
      d.read.whitelist = "0123456789";
      d.normalisers = {"nfkc", "digits_only"};
      break;
    case ocr::FieldType::kCheckboxGroup:
    case ocr::FieldType::kCircledChoice:
      break;  // marks, not text: nothing to read, normalise or validate
  }
  return d;
}

std::vector<std::string> check_template(const ocr::FormTemplate& form, bool require_reference_image) {
  std::vector<std::string> errors;
  template_detail::check_template_into(form, require_reference_image, {}, errors);
  return errors;
}

Result<std::shared_ptr<const ocr::FormTemplate>> load_template(const std::string& path,
                                                               const TemplateLoadOptions& options) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return Status::NotFound(path + ": template file not found");

  LuaRuntimeOptions lua_options;  // no capabilities, no arguments, no logger: a template is data
  lua_options.max_instructions = options.max_instructions;
  lua_options.max_memory_bytes = options.max_memory_bytes;
  lua_options.max_seconds = options.max_seconds;
  KF_ASSIGN_OR_RETURN(std::unique_ptr<LuaRuntime> runtime, LuaRuntime::create(std::move(lua_options)));
  KF_RETURN_IF_ERROR(runtime->run_file(path, 1));  // errors already read "path:line: ..."

  lua_State* L = runtime->state();
  if (!lua_istable(L, -1)) {
    std::string got = luaL_typename(L, -1);
    lua_pop(L, 1);
    return Status::InvalidInput(path + ": a template file must return a table (got " + got + ")");
  }
  Result<nlohmann::json> table = lua_detail::lua_to_json(L, -1);
  lua_pop(L, 1);
  if (!table.ok()) return Status::InvalidInput(path + ": " + table.status().message());

  std::string dir = std::filesystem::path(path).parent_path().string();
  std::vector<std::string> errors;
  template_detail::ParseNotes notes;
  ocr::FormTemplate form = template_detail::parse_template(*table, dir.empty() ? "." : dir, errors, notes);
  template_detail::check_template_into(form, options.require_reference_image, notes, errors);
  if (!errors.empty()) {
    // The parser and the checks can word the same problem identically ("'id' is required").
    std::set<std::string> reported;
    std::string message;
    for (const auto& e : errors) {
      if (!reported.insert(e).second) continue;
      message += (message.empty() ? "" : "\n") + path + ": " + e;
    }
    return Status::InvalidInput(message);
  }
  form.source_path = path;
  return std::shared_ptr<const ocr::FormTemplate>(std::make_shared<ocr::FormTemplate>(std::move(form)));
}

}  // namespace kamiflow
