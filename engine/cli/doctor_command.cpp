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
            bool have_jpn = false, have_eng = false;
            for (const auto& [k, v] : ocr::ocr_diagnostics()) {
              std::cout << k << ": " << v << "\n";
              if (k == "languages") {
                have_jpn = v.find("jpn") != std::string::npos;
                have_eng = v.find("eng") != std::string::npos;
              }
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
