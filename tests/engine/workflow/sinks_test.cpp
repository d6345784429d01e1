// Workflow sinks with an export profile: declared inline or as a file, xlsx sinks always use one,
// and what the sink writes is byte for byte what `kamiflow export` writes from the same database.
#include <gtest/gtest.h>

#include "engine/lua/runtime.hpp"
#include "engine/workflow/workflow.hpp"
#include "test_support.hpp"
#include "workflow_parse_support.hpp"

namespace kamiflow {
namespace {
namespace fs = std::filesystem;

Result<WorkflowSpec> parse(const std::string& code) { return testing::parse_workflow_source(code); }

TEST(WorkflowSinks, ProfilesInlineAndXlsxSinksAreParsed) {
  auto spec = parse(R"(return { inputs = "in", templates = "t.lua", sinks = {
      { type = "csv", path = "o/{form}.csv", profile = { date = "wareki", header = "id" }, encoding = "cp932" },
      { type = "xlsx", path = "o/{form}.xlsx", states = { "reviewed" } },
      { type = "csv", path = "o/all.csv" } } })");
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  ASSERT_EQ(spec->sinks.size(), 3u);
  ASSERT_TRUE(spec->sinks[0].profile.has_value());
  EXPECT_EQ(spec->sinks[0].profile->date, exporting::DateStyle::kWareki);
  EXPECT_EQ(spec->sinks[0].profile->encoding, exporting::Encoding::kCp932) << "the sink's encoding wins";
  ASSERT_TRUE(spec->sinks[1].profile.has_value()) << "an xlsx sink always has a profile";
  EXPECT_EQ(spec->sinks[1].profile->format, exporting::Format::kXlsx);
  EXPECT_EQ(spec->sinks[1].profile->states, std::vector<std::string>{"reviewed"});
  EXPECT_FALSE(spec->sinks[2].profile.has_value()) << "a plain csv sink keeps its one-file layout";

  auto bad = parse(R"(return { inputs = "in", templates = "t.lua", sinks = {
      { type = "jsonl", path = "o.jsonl", profile = {} }, { type = "csv", path = "o.csv", profile = { date = "jp" } } } })");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("profiles lay out csv and xlsx sinks only"), std::string::npos);
  EXPECT_NE(bad.status().message().find("unknown value 'jp'"), std::string::npos) << bad.status().message();
}

TEST(WorkflowSinks, IntakesExportFilesAreWhatKamiflowExportWrites) {
  testing::TempDir dir;
  auto gen = testing::run_process({testing::kamiflow_binary(), "samples", "--form", "sodai_gomi", "--count", "2",
                                   "--multipage", "0", "--seed", "8", "--out", (dir / "in").string(), "-q"});
  ASSERT_EQ(gen.exit_code, 0) << gen.err;
  const std::string tmpl = (testing::source_dir() / "samples/forms/sodai_gomi/template.lua").string();
  auto run = testing::run_process({testing::kamiflow_binary(), "run", "-q",
                                   (testing::source_dir() / "scripts/intake.lua").string(), (dir / "in").string(),
                                   (dir / "out").string(), tmpl});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  // Review one record so that something goes out (accepted and reviewed are exported).
  auto ok = testing::run_process(
      {testing::kamiflow_binary(), "review", "accept", "--db", (dir / "out/records.sqlite").string(), "1"});
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  auto rerun = testing::run_process({testing::kamiflow_binary(), "run", "-q",
                                     (testing::source_dir() / "scripts/intake.lua").string(),
                                     (dir / "in").string(), (dir / "out").string(), tmpl});
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err << " (a rerun rewrites the sinks from the database)";
  auto exp = testing::run_process({testing::kamiflow_binary(), "export", "--db", (dir / "out/records.sqlite").string(),
                                   "-t", tmpl, "--out", (dir / "exported").string()});
  ASSERT_EQ(exp.exit_code, 0) << exp.err;
  const std::string sink = testing::read_file(dir / "out/export/sodai_gomi.csv");
  EXPECT_EQ(sink, testing::read_file(dir / "exported/sodai_gomi.csv"));
  EXPECT_GE(std::count(sink.begin(), sink.end(), '\n'), 2) << "header and the reviewed record";
  EXPECT_EQ(sink.rfind("\xEF\xBB\xBF申込日,フリガナ,氏名", 0), 0u) << sink.substr(0, 80);
}

}  // namespace
}  // namespace kamiflow
