// The parts of `kamiflow review` that live in review_serve_command.cpp; review_command.cpp
// declares the group and dispatches to them.
#pragma once

#include <string>
#include <vector>

#include "engine/cli/commands.hpp"
#include "engine/review/service.hpp"

namespace kamiflow::cli {

struct SubCommand {
  CLI::App* app = nullptr;
  std::function<ExitCode(CliContext&)> run;
};

SubCommand add_review_serve(CLI::App& review);
SubCommand add_review_history(CLI::App& review);
// The templates corrections are checked with: `dir`, or the sample forms when empty.
[[nodiscard]] Result<std::vector<review::TemplatePtr>> review_templates(const std::string& dir, const Logger& logger);

}  // namespace kamiflow::cli
