#include "ocr_models.hpp"

#include <cstdlib>
#include <filesystem>

#include "kamiflow/ocr/diagnostics.hpp"

#ifndef KAMIFLOW_DATA_DIR
#define KAMIFLOW_DATA_DIR ""
#endif

namespace kamiflow::ocr {

std::string kamiflow_data_dir() {
  if (const char* p = std::getenv("KAMIFLOW_DATA_DIR"); p && *p) return p;
  return KAMIFLOW_DATA_DIR;
}

std::string standard_jpn_tessdata_dir() { return (std::filesystem::path(kamiflow_data_dir()) / "tessdata-4.0.0").string(); }

Result<JpnModels> jpn_models_from_env() {
  const char* p = std::getenv("KAMIFLOW_JPN_MODELS");
  const std::string v = p ? p : "";
  if (v.empty() || v == "both") return JpnModels::kBoth;
  if (v == "standard") return JpnModels::kStandardOnly;
  if (v == "fast") return JpnModels::kFastOnly;
  return Status::InvalidInput("KAMIFLOW_JPN_MODELS='" + v + "': expected both, standard or fast");
}

Status check_jpn_models(JpnModels models) {
  if (models == JpnModels::kFastOnly) return Status::Ok();
  const std::filesystem::path file = std::filesystem::path(standard_jpn_tessdata_dir()) / "jpn.traineddata";
  std::error_code ec;
  if (std::filesystem::is_regular_file(file, ec)) return Status::Ok();
  return Status::NotFound("Tesseract's standard 4.0.0 jpn model is missing: no " + file.string() +
                          " (run cmake/fetch-data.sh, or point KAMIFLOW_DATA_DIR at its data directory; "
                          "KAMIFLOW_JPN_MODELS=fast reads Japanese with Debian's fast model alone)");
}

ModelDirs model_dirs_for(const std::string& lang, JpnModels models) {
  ModelDirs d;
  if (lang != "jpn") return d;
  switch (models) {
    case JpnModels::kBoth:
      d.primary = standard_jpn_tessdata_dir();
      d.has_second = true;  // second = "" : the pool's default (Debian's fast models)
      break;
    case JpnModels::kStandardOnly:
      d.primary = standard_jpn_tessdata_dir();
      break;
    case JpnModels::kFastOnly:
      break;
  }
  return d;
}

bool fast_model_reads_first(FieldType type) { return type != FieldType::kText; }

}  // namespace kamiflow::ocr
