// Command-line conventions every kamiflow subcommand follows (docs/cli.md, "Conventions"):
// - an option takes exactly one value per occurrence; repeat it for several
//   (`extract --template T.lua FILE1 FILE2` reads FILE1 and FILE2 as scans);
// - an unknown command or option is named in the error, with the nearest known name;
// - `kamiflow help [CMD …]` prints the help of CMD;
// - `-` as a scan input reads the scan from standard input; folders are expanded;
// - the parent folders of an output path are created.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "kamiflow/status.hpp"

namespace kamiflow::cli {

// Walks `app` and all its subcommands: every non-positional option that could take several
// values gets one value per occurrence.
void one_value_per_option(CLI::App& app);

// The nearest of `candidates` to `word` (edit distance ≤ 2, or a unique prefix), or "".
[[nodiscard]] std::string nearest(const std::string& word, const std::vector<std::string>& candidates);

// Checks argv for an unknown subcommand or an unknown option of the chosen subcommand before
// CLI11 parses (CLI11 would first complain about a missing required option). Returns the
// message ("unknown option '--bogus' for 'kamiflow batch' (did you mean '--db'?)") or nullopt.
[[nodiscard]] std::optional<std::string> unknown_argument(CLI::App& app, int argc, char** argv);

// `kamiflow help [CMD [SUB]]`: the help text to print, or nullopt when argv is not a help
// request; an unknown CMD gives an error message in `error`.
[[nodiscard]] std::optional<std::string> help_request(CLI::App& app, int argc, char** argv, std::string& error);

// Creates the parent folders of `path` (nothing for a bare file name).
[[nodiscard]] Status make_parent_dirs(const std::string& path);
// The --db check of commands that read an existing database: an existing file, or a
// postgresql:// URL (the server says whether it exists).
[[nodiscard]] CLI::Validator existing_database();

// Scan inputs as given on the command line: "-" becomes a temporary file holding standard input
// (read once; removed at exit). Other entries are returned unchanged.
[[nodiscard]] Result<std::vector<std::string>> spool_stdin_inputs(const std::vector<std::string>& inputs);

}  // namespace kamiflow::cli
