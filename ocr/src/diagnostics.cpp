#include "kamiflow/ocr/diagnostics.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include <leptonica/allheaders.h>
#include <opencv2/core/utility.hpp>
#include <tesseract/baseapi.h>

#include "kamiflow/ocr/digit_model.hpp"
#include "name_kanji_index.hpp"
#include "postal_directory.hpp"
#include "name_reading.hpp"
#include "name_supplement.hpp"
#include "ocr_models.hpp"

namespace kamiflow::ocr {

std::string default_tessdata_dir() {
  if (const char* p = std::getenv("TESSDATA_PREFIX"); p && *p) return p;
  for (const char* candidate : {"/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
                                "/usr/share/tessdata"}) {
    if (std::filesystem::is_directory(candidate)) return candidate;
  }
  return "";
}

std::vector<std::string> installed_languages(const std::string& dir) {
  std::vector<std::string> langs;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".traineddata") langs.push_back(e.path().stem().string());
  }
  std::sort(langs.begin(), langs.end());
  return langs;
}

namespace {

// "path (12.3 MB)", or "(missing: path)".
std::string describe_file(const std::filesystem::path& file) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec) return "(missing: " + file.string() + ")";
  char mb[32];
  std::snprintf(mb, sizeof mb, "%.1f MB", static_cast<double>(size) / 1e6);
  return file.string() + " (" + mb + ")";
}

}  // namespace

std::vector<std::pair<std::string, std::string>> ocr_diagnostics() {
  std::vector<std::pair<std::string, std::string>> out;
  out.emplace_back("tesseract", tesseract::TessBaseAPI::Version());
  char* lept = getLeptonicaVersion();
  out.emplace_back("leptonica", lept ? lept : "?");
  lept_free(lept);
  out.emplace_back("opencv", cv::getVersionString());
  std::string dir = default_tessdata_dir();
  out.emplace_back("tessdata", dir.empty() ? "(not found)" : dir);
  std::string langs;
  for (const auto& l : installed_languages(dir)) langs += (langs.empty() ? "" : " ") + l;
  out.emplace_back("languages", langs.empty() ? "(none)" : langs);
  const std::string digit_model = default_digit_model_path();
  std::error_code ec;
  out.emplace_back("digit model", std::filesystem::is_regular_file(digit_model, ec)
                                      ? digit_model
                                      : digit_model + " (missing: `kamiflow digits train` writes it)");
  // Which model files read Japanese fields (ocr_models.hpp), so a bug report says exactly.
  const auto fast = std::filesystem::path(dir) / "jpn.traineddata";
  const auto standard = std::filesystem::path(standard_jpn_tessdata_dir()) / "jpn.traineddata";
  Result<JpnModels> models = jpn_models_from_env();
  if (!models.ok()) {
    out.emplace_back("jpn models", "(error: " + models.status().message() + ")");
  } else if (*models == JpnModels::kFastOnly) {
    out.emplace_back("jpn model", "fast " + describe_file(fast) + " alone (KAMIFLOW_JPN_MODELS=fast)");
  } else {
    out.emplace_back("jpn model", "standard 4.0.0 " + describe_file(standard));
    out.emplace_back("jpn second opinion", *models == JpnModels::kBoth ? "fast " + describe_file(fast)
                                                                       : "(off: KAMIFLOW_JPN_MODELS=standard)");
  }
  out.emplace_back("mecab dictionary", describe_file(std::filesystem::path(default_mecab_dic_dir()) / "sys.dic"));
  // Readings of the given names ipadic is too old to know (name_supplement.hpp).
  out.emplace_back("name readings (supplement)", describe_file(default_name_supplement_path()));
  // The names' source, read in reverse (reading → kanji) to propose a misread name's spelling.
  out.emplace_back("name spellings", describe_file(default_name_csv_path()));
  // Japan Post's directory: a 郵便番号 checked against its 住所 (postal_address.hpp).
  out.emplace_back("postal directory", describe_file(default_postal_directory_path()));
  const char* omp = std::getenv("OMP_THREAD_LIMIT");
  out.emplace_back("OMP_THREAD_LIMIT", omp ? omp : "(unset: Tesseract will use every core per field)");
  return out;
}

}  // namespace kamiflow::ocr
