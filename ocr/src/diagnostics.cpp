#include "kamiflow/ocr/diagnostics.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include <leptonica/allheaders.h>
#include <opencv2/core/utility.hpp>
#include <tesseract/baseapi.h>

#include "kamiflow/ocr/digit_model.hpp"

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
  const char* omp = std::getenv("OMP_THREAD_LIMIT");
  out.emplace_back("OMP_THREAD_LIMIT", omp ? omp : "(unset: Tesseract will use every core per field)");
  return out;
}

}  // namespace kamiflow::ocr
