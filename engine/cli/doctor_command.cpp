// `kamiflow doctor`: prints what kamiflow runs with (versions, language data, OMP setting) and
// fails when something it needs is missing, so IT staff can check a machine in one command.
#include <iostream>

#include "engine/cli/commands.hpp"
#include "kamiflow/ocr/diagnostics.hpp"

namespace kamiflow::cli {

Command add_doctor_command(CLI::App& parent) {
  CLI::App* app = parent.add_subcommand("doctor", "Check this machine: library versions, OCR language data");
  return {app, [](CliContext&) {
            std::cout << "kamiflow: " << KAMIFLOW_VERSION << "\n";
            bool have_jpn = false, have_eng = false, models_ok = true;
            for (const auto& [k, v] : ocr::ocr_diagnostics()) {
              std::cout << k << ": " << v << "\n";
              if (k == "languages") {
                have_jpn = v.find("jpn") != std::string::npos;
                have_eng = v.find("eng") != std::string::npos;
              }
              // Model and dictionary lines say "(missing: path)" or "(error: ...)" when unusable.
              if ((k.rfind("jpn ", 0) == 0 || k == "mecab dictionary" || k == "postal directory") &&
                  (v.find("(missing") != std::string::npos || v.find("(error") != std::string::npos))
                models_ok = false;
            }
            if (!models_ok) {
              std::cerr << "error: a model or dictionary kamiflow reads Japanese with is missing (cmake/fetch-data.sh "
                           "installs the 4.0.0 jpn model and the postal directory; apt-get install mecab-ipadic-utf8 "
                           "the dictionary)\n";
              return ExitCode::kFailure;
            }
            if (!have_jpn || !have_eng) {
              std::cerr << "error: Tesseract language data for jpn and eng is required "
                           "(apt-get install tesseract-ocr-jpn tesseract-ocr-eng)\n";
              return ExitCode::kFailure;
            }
            return ExitCode::kOk;
          }};
}

}  // namespace kamiflow::cli
