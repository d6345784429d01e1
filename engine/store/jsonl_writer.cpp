#include "engine/store/jsonl_writer.hpp"

namespace kamiflow {

Result<std::string> jsonl_line(const nlohmann::json& object) {
  if (!object.is_object()) {
    return Status::InvalidInput(std::string("JSONL records must be objects, not ") + object.type_name());
  }
  try {
    // strict: invalid UTF-8 in a string is an error rather than silently replaced.
    return object.dump(-1, ' ', /*ensure_ascii=*/false, nlohmann::json::error_handler_t::strict);
  } catch (const nlohmann::json::exception& e) {
    return Status::InvalidInput(std::string("JSONL record cannot be serialised: ") + e.what());
  }
}

Result<JsonlWriter> JsonlWriter::open(const std::filesystem::path& path, FileEnv& env) {
  KF_ASSIGN_OR_RETURN(auto file, AtomicFile::create(path, env));
  return JsonlWriter(std::move(file));
}

Status JsonlWriter::write(const nlohmann::json& object) {
  KF_ASSIGN_OR_RETURN(std::string line, jsonl_line(object));
  line.push_back('\n');
  KF_RETURN_IF_ERROR(file_.write(line));
  ++records_;
  return Status::Ok();
}

Status JsonlWriter::commit() { return file_.commit(); }

}  // namespace kamiflow
