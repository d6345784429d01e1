// `kamiflow export --db R.sqlite [--profile P.lua] [--template T.lua …] [--out DIR] [--json]`:
// writes the records of a database as the files a core system or Excel imports, one per form,
// laid out by an export profile (docs/export.md). Read-only on the database; any time, after
// review too. The work is in engine/export/.
#include <iostream>

#include <nlohmann/json.hpp>

#include "engine/base/messages.hpp"
#include "engine/cli/commands.hpp"
#include "engine/export/export.hpp"
#include "engine/store/record_store.hpp"

namespace kamiflow::cli {
namespace {

struct ExportArgs {
  std::string db;
  std::string profile;
  std::vector<std::string> templates;
  std::string out = "export";
  std::string header;
  bool json = false;
};

ExitCode fail(const Status& st) {
  std::cerr << "error: " << st.ToString() << "\n";
  switch (st.code()) {
    case StatusCode::kNotFound:
    case StatusCode::kInvalidInput:
      return ExitCode::kUsage;
    case StatusCode::kScriptError:
      return ExitCode::kScriptError;
    default:
      return ExitCode::kFailure;
  }
}

void print_human(const exporting::ExportSummary& s) {
  for (const auto& f : s.files)
    std::cout << ui("出力: ", "wrote: ") << f.path << ui("（" + std::to_string(f.rows) + " 件）", " (" + std::to_string(f.rows) + " records)")
              << "\n";
  std::size_t review = s.held_back.size() - s.refused;
  if (!s.held_back.empty()) {
    std::cout << ui("保留: " + std::to_string(s.held_back.size()) + " 件（未確認 " + std::to_string(review) +
                        "、出力できない " + std::to_string(s.refused) + "）",
                    "held back: " + std::to_string(s.held_back.size()) + " records (" + std::to_string(review) +
                        " not reviewed, " + std::to_string(s.refused) + " cannot be written)")
              << "\n";
    for (const auto& h : s.held_back)
      std::cout << "  #" << h.record_id << "  " << h.source_file << ui("  " + std::to_string(h.page) + "ページ  ", "  page " + std::to_string(h.page) + "  ")
                << h.form_id << ": " << h.reason << "\n";
  }
  for (const auto& w : s.warnings)
    std::cout << ui("警告: ", "warning: ") << "#" << w.record_id << "  " << w.source_file << "  p" << w.page << ": "
              << w.message << "\n";
}

ExitCode run_export(const ExportArgs& a) {
  exporting::ExportProfile profile;
  profile.name = "(default profile)";
  if (!a.profile.empty()) {
    auto p = exporting::load_profile(a.profile);
    if (!p.ok()) return fail(p.status());
    profile = *p;
  }
  if (a.header == "id") profile.header = exporting::HeaderStyle::kId;
  if (a.header == "label") profile.header = exporting::HeaderStyle::kLabel;
  if (a.header == "none") profile.header = exporting::HeaderStyle::kNone;
  engine::RecordStoreOptions options;
  options.create_if_missing = false;  // a typo must not become an empty database
  auto store = engine::RecordStore::open(a.db, options);
  if (!store.ok()) return fail(store.status());
  auto records = (*store)->records();
  if (!records.ok()) return fail(records.status());
  auto templates = exporting::load_export_templates(profile, a.templates);
  if (!templates.ok()) return fail(templates.status());
  exporting::ExportRequest request{profile, *templates, a.out};
  auto summary = exporting::export_records(*records, request);
  if (!summary.ok()) return fail(summary.status());
  if (a.json)
    std::cout << summary->to_json().dump() << "\n";
  else
    print_human(*summary);
  return summary->refused > 0 ? ExitCode::kRejects : ExitCode::kOk;
}

}  // namespace

Command add_export_command(CLI::App& parent) {
  auto args = std::make_shared<ExportArgs>();
  CLI::App* app = parent.add_subcommand(
      "export", "Write records as the CSV/.xlsx files a core system or Excel imports, one per form (docs/export.md)");
  app->add_option("--db", args->db, "Records database (must exist): a SQLite file or postgresql://...")->required();
  app->add_option("--profile", args->profile, "Export profile (.lua): columns, headers, value maps, date style, "
                                              "encoding, format; default: every field, Japanese labels, UTF-8 CSV");
  app->add_option("--template,-t", args->templates, "Form template (.lua), in addition to the profile's; repeat for several");
  app->add_option("--out", args->out, "Folder for the files (created when missing)")->capture_default_str();
  app->add_option("--header", args->header, "Override the profile's header row: label, id or none")
      ->check(CLI::IsMember({"label", "id", "none"}));
  app->add_flag("--json", args->json, "Print the summary as one JSON object (files, held_back, warnings)");
  return {app, [args](CliContext&) { return run_export(*args); }};
}

}  // namespace kamiflow::cli
