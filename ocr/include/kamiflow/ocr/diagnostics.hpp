// What the OCR stack looks like on this machine, for `kamiflow doctor` and bug reports.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace kamiflow::ocr {

// (name, value) pairs: library versions, tessdata directory, installed languages.
std::vector<std::pair<std::string, std::string>> ocr_diagnostics();
// Tesseract's default tessdata directory (TESSDATA_PREFIX wins when set).
std::string default_tessdata_dir();
// Languages with a .traineddata file in `dir` ("eng", "jpn", ...), sorted.
std::vector<std::string> installed_languages(const std::string& dir);

}  // namespace kamiflow::ocr
