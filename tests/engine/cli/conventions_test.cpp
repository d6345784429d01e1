// CLI conventions (docs/cli.md "Conventions"): one value per option, unknown names with a
// suggestion, `help CMD`, folders and stdin, parent folders created, read-only commands that
// never create a database, samples --render-blanks that keeps an existing blank.
#include "engine/cli/conventions.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace kamiflow::testing {
namespace {

namespace fs = std::filesystem;

std::string tmpl(const std::string& form = "sodai_gomi") {
  return (source_dir() / "samples/forms" / form / "template.lua").string();
}

int json_lines(const std::string& out) {
  int n = 0;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) n += nlohmann::json::parse(line).is_object();
  return n;
}

TEST(CliConventions, NearestNameForSuggestions) {
  EXPECT_EQ(cli::nearest("--tempalte", {"--template", "--db", "--json"}), "--template");
  EXPECT_EQ(cli::nearest("revew", {"review", "report", "run"}), "review");
  EXPECT_EQ(cli::nearest("ex", {"export", "extract", "eval"}), "") << "an ambiguous prefix, every name too far";
  EXPECT_EQ(cli::nearest("expo", {"export", "extract", "eval"}), "export") << "a unique prefix";
  EXPECT_EQ(cli::nearest("--zzzzzz", {"--db"}), "");
}

TEST(CliConventions, UnknownCommandsAndOptionsAreNamedWithASuggestion) {
  auto bogus = run_process({kamiflow_binary(), "bogus"});
  EXPECT_EQ(bogus.exit_code, 2);
  EXPECT_NE(bogus.err.find("unknown command 'bogus'"), std::string::npos) << bogus.err;
  auto typo = run_process({kamiflow_binary(), "exprot", "--db", "x"});
  EXPECT_NE(typo.err.find("did you mean 'export'?"), std::string::npos) << typo.err;
  // Named even though --template (required) is missing too: the unknown option is the news.
  auto opt = run_process({kamiflow_binary(), "batch", "--bogus", "--db", "r.sqlite", "in"});
  EXPECT_EQ(opt.exit_code, 2);
  EXPECT_NE(opt.err.find("unknown option '--bogus' for 'kamiflow batch'"), std::string::npos) << opt.err;
  auto near = run_process({kamiflow_binary(), "batch", "--tempalte", "t.lua", "--db", "r.sqlite", "in"});
  EXPECT_NE(near.err.find("did you mean '--template'?"), std::string::npos) << near.err;
  auto sub = run_process({kamiflow_binary(), "review", "lst", "--db", "x"});
  EXPECT_NE(sub.err.find("unknown command 'lst' for 'kamiflow review' (did you mean 'list'?)"), std::string::npos)
      << sub.err;
  // Global options and values that look like words are not mistaken for unknown ones.
  auto global = run_process({kamiflow_binary(), "-q", "--lang", "en", "help", "batch"});
  EXPECT_EQ(global.exit_code, 0) << global.err;
  EXPECT_NE(global.out.find("--template"), std::string::npos);
}

TEST(CliConventions, HelpCommandPrintsTheCommandsHelp) {
  auto h = run_process({kamiflow_binary(), "help", "batch"});
  EXPECT_EQ(h.exit_code, 0);
  EXPECT_NE(h.out.find("--template"), std::string::npos) << h.out;
  EXPECT_NE(h.out.find("--json"), std::string::npos) << h.out;
  auto nested = run_process({kamiflow_binary(), "help", "review", "accept"});
  EXPECT_EQ(nested.exit_code, 0);
  EXPECT_NE(nested.out.find("corrections"), std::string::npos) << nested.out;
  auto top = run_process({kamiflow_binary(), "help"});
  EXPECT_EQ(top.exit_code, 0);
  EXPECT_NE(top.out.find("export"), std::string::npos);
  auto bad = run_process({kamiflow_binary(), "help", "bacth"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("did you mean 'batch'?"), std::string::npos) << bad.err;
}

// The README's own commands: the files after --template T.lua are scans, not templates.
TEST(CliConventions, FilesAfterATemplateAreScansAndFoldersAndStdinWork) {
  TempDir dir;
  auto gen = run_process({kamiflow_binary(), "samples", "--form", "sodai_gomi", "--count", "2", "--multipage", "0",
                          "--seed", "5", "--out", (dir / "scans").string(), "-q"});
  ASSERT_EQ(gen.exit_code, 0) << gen.err;
  std::vector<std::string> scans;
  for (const auto& e : fs::directory_iterator(dir / "scans"))
    if (e.path().extension() != ".json") scans.push_back(e.path().string());
  std::sort(scans.begin(), scans.end());
  ASSERT_EQ(scans.size(), 2u);

  auto two = run_process({kamiflow_binary(), "extract", "-q", "--template", tmpl(), scans[0], scans[1]});
  EXPECT_EQ(two.exit_code, 0) << two.err;
  EXPECT_EQ(json_lines(two.out), 2);
  auto eq = run_process({kamiflow_binary(), "extract", "-q", "--template=" + tmpl(), scans[0], scans[1]});
  EXPECT_EQ(eq.exit_code, 0) << eq.err;
  EXPECT_EQ(json_lines(eq.out), 2);
  auto folder = run_process({kamiflow_binary(), "extract", "-q", "-t", tmpl(), (dir / "scans").string()});
  EXPECT_EQ(folder.exit_code, 0) << folder.err << " (a folder is its scans; the truth .json files are left out)";
  EXPECT_EQ(json_lines(folder.out), 2);
  auto stdin_run = run_process({"/bin/sh", "-c", kamiflow_binary() + " extract -q -t " + tmpl() + " - < " + scans[0]});
  EXPECT_EQ(stdin_run.exit_code, 0) << stdin_run.err;
  EXPECT_EQ(json_lines(stdin_run.out), 1);

  // batch -t T.lua IN1 IN2, into a database whose folders do not exist yet, with --json.
  const fs::path db = dir / "new" / "dir" / "r.sqlite";
  auto batch = run_process({kamiflow_binary(), "batch", "-q", "-t", tmpl(), "--db", db.string(), "--json", scans[0],
                            scans[1]});
  EXPECT_EQ(batch.exit_code, 0) << batch.err;
  auto summary = nlohmann::json::parse(batch.out);
  EXPECT_EQ(summary["records"], 2);
  EXPECT_EQ(summary["files"], 2);

  auto list = run_process({kamiflow_binary(), "review", "list", "--db", db.string(), "--json"});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  auto listed = nlohmann::json::parse(list.out);
  EXPECT_EQ(listed["count"], listed["records"].size());
}

TEST(CliConventions, ReadOnlyCommandsRefuseADatabaseThatDoesNotExist) {
  TempDir dir;
  const std::string db = (dir / "typo.sqlite").string();
  for (std::vector<std::string> args :
       {std::vector<std::string>{"review", "list", "--db", db},
        {"review", "export", "--db", db, "--out", (dir / "x.csv").string()},
        {"review", "accept", "--db", db, "1"},
        {"export", "--db", db, "-t", tmpl()},
        {"report", "--db", db, "--out", (dir / "r").string()}}) {
    args.insert(args.begin(), kamiflow_binary());
    auto r = run_process(args);
    EXPECT_EQ(r.exit_code, 2) << args[1] << ": " << r.err;
    EXPECT_FALSE(fs::exists(db)) << args[1] << " created an empty database";
  }
}

TEST(CliConventions, RenderBlanksKeepsAnExistingBlankUnlessForced) {
  TempDir dir;
  fs::create_directories(dir / "forms" / "sodai_gomi");
  fs::copy_file(tmpl(), dir / "forms" / "sodai_gomi" / "template.lua");
  const fs::path blank = dir / "forms" / "sodai_gomi" / "blank.png";
  write_file(blank, "a scanned blank, not to be overwritten");
  auto kept = run_process({kamiflow_binary(), "samples", "--render-blanks", "--forms-dir", (dir / "forms").string()});
  EXPECT_EQ(kept.exit_code, 0) << kept.err;
  EXPECT_EQ(read_file(blank), "a scanned blank, not to be overwritten");
  EXPECT_NE(kept.err.find("--force"), std::string::npos) << kept.err;
  auto forced = run_process(
      {kamiflow_binary(), "samples", "--render-blanks", "--force", "--forms-dir", (dir / "forms").string()});
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_EQ(read_file(blank).substr(1, 3), "PNG");
}

}  // namespace
}  // namespace kamiflow::testing
