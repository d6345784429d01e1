#include "kamiflow/ocr/calibration.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace kamiflow::ocr {

double Calibration::threshold(const std::string& kind, double fallback) const {
  auto it = review_below.find(kind);
  return it == review_below.end() ? fallback : it->second;
}

std::string Calibration::to_json() const {
  nlohmann::json j = {{"version", 1}, {"source", source}, {"review_below", nlohmann::json::object()}};
  for (const auto& [kind, t] : review_below) j["review_below"][kind] = t;
  return j.dump(2) + "\n";
}

Result<Calibration> parse_calibration(const std::string& json_text, const std::string& path) {
  const std::string where = path.empty() ? "calibration" : path;
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(json_text);
  } catch (const nlohmann::json::exception& e) {
    return Status::InvalidInput(where + ": not valid JSON (" + e.what() + ")");
  }
  if (!j.is_object() || j.value("version", 0) != 1)
    return Status::InvalidInput(where + ": expected an object with \"version\": 1");
  Calibration c;
  c.path = path;
  if (j.contains("source") && j["source"].is_string()) c.source = j["source"].get<std::string>();
  const auto it = j.find("review_below");
  if (it == j.end() || !it->is_object()) return Status::InvalidInput(where + ": \"review_below\" must be an object");
  for (const auto& [kind, v] : it->items()) {
    if (!v.is_number() || v.get<double>() < 0 || v.get<double>() > 1)
      return Status::InvalidInput(where + ": review_below." + kind + " must be a number between 0 and 1");
    c.review_below[kind] = v.get<double>();
  }
  return c;
}

Result<Calibration> load_calibration(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read calibration file " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return parse_calibration(text.str(), path);
}

std::string default_calibration_path() {
  if (const char* env = std::getenv("KAMIFLOW_CALIBRATION"); env && *env) return env;
  return KAMIFLOW_DEFAULT_CALIBRATION;
}

Result<std::shared_ptr<const Calibration>> load_default_calibration() {
  const char* env = std::getenv("KAMIFLOW_CALIBRATION");
  const bool named = env && *env;
  if (named && std::string(env) == "none") return std::shared_ptr<const Calibration>();
  const std::string path = default_calibration_path();
  if (!named && !std::filesystem::exists(path)) return std::shared_ptr<const Calibration>();
  KF_ASSIGN_OR_RETURN(Calibration c, load_calibration(path));
  return std::shared_ptr<const Calibration>(std::make_shared<Calibration>(std::move(c)));
}

}  // namespace kamiflow::ocr
