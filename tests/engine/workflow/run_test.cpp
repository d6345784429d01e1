// Workflows end to end through `kamiflow run`: the declaration is checked (every mistake listed),
// hooks see records in order and change them, sinks are written from the committed records.
#include <gtest/gtest.h>

#include <lua.hpp>

#include <fstream>
#include <optional>

#include "engine/lua/runtime.hpp"
#include "engine/store/record_store.hpp"
#include "engine/workflow/workflow.hpp"
#include "test_support.hpp"
#include "workflow_parse_support.hpp"

namespace kamiflow {
namespace {
namespace fs = std::filesystem;

// Also checks that a table is recognised as a workflow exactly when it declares templates.
Result<WorkflowSpec> parse(const std::string& code) {
  std::optional<bool> is_workflow;
  Result<WorkflowSpec> spec = testing::parse_workflow_source(code, &is_workflow);
  if (is_workflow) EXPECT_EQ(*is_workflow, code.find("templates") != std::string::npos);
  return spec;
}

TEST(WorkflowSpec, ReadsEveryKey) {
  auto spec = parse(R"(return {
    name = "w", inputs = "in", recursive = true, templates = {"a.lua", "forms/*/template.lua"},
    database = "o/db.sqlite", quarantine = "o/q", unclassified = "o/u", crops = "o/c", done = "o/d",
    jobs = 3, sinks = { { type = "csv", path = "o/x.csv", encoding = "cp932", states = {"accepted"} },
                        { type = "jsonl", path = "o/x.jsonl" } },
    capabilities = { json = true },
    validators = { kana = function() return true end },
    on_record = function() end, on_batch_end = function() end })");
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  EXPECT_EQ(spec->inputs, std::vector<std::string>{"in"});
  EXPECT_EQ(spec->templates.size(), 2u);
  EXPECT_TRUE(spec->recursive);
  EXPECT_EQ(spec->jobs, 3);
  ASSERT_EQ(spec->sinks.size(), 2u);
  EXPECT_EQ(spec->sinks[0].encoding, CsvEncoding::kCp932);
  EXPECT_EQ(spec->sinks[1].kind, WorkflowSink::Kind::kJsonl);
  EXPECT_TRUE(spec->has_on_record && spec->has_on_batch_end && !spec->has_on_reject);
  EXPECT_EQ(spec->validated_fields, std::vector<std::string>{"kana"});
}

TEST(WorkflowSpec, ListsEveryMistakeAtOnce) {
  auto spec = parse(R"(return { inptus = "in", templates = "t.lua", on_record = "accept",
    sinks = { { type = "xml", path = "o.x" }, { type = "csv", encoding = "sjis", path = "o.csv" } } })");
  ASSERT_FALSE(spec.ok());
  const std::string m = spec.status().message();
  for (const char* expect : {"workflow.inptus: unknown key", "workflow.on_record: expected a function",
                             "workflow.sinks[1].type: unknown sink type 'xml' (csv, xlsx, jsonl)",
                             "workflow.sinks[2].encoding: unknown encoding 'sjis'", "workflow.inputs: missing"})
    EXPECT_NE(m.find(expect), std::string::npos) << m;
}

TEST(WorkflowRun, PlainScriptsStillRunAndBadWorkflowsAreUsageErrors) {
  testing::TempDir dir;
  testing::write_file(dir / "plain.lua", "print('plain') return { 1, 2 }");
  auto plain = testing::run_process({testing::kamiflow_binary(), "run", (dir / "plain.lua").string()});
  EXPECT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_EQ(plain.out, "plain\n");

  testing::write_file(dir / "bad.lua", "return { inputs = 'x', templates = 'nowhere/*/template.lua' }");
  auto bad = testing::run_process({testing::kamiflow_binary(), "run", (dir / "bad.lua").string()});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("matched no file"), std::string::npos) << bad.err;
}

// Four sample pages (one of each form: inkan, jido_teate, kokuho, sodai_gomi, seed 11) plus a truncated file,
// through tests/workflows/checks.lua.
TEST(WorkflowRun, HooksValidatorsAndSinks) {
  testing::TempDir dir;
  const fs::path in = dir / "in", out = dir / "out";
  auto gen = testing::run_process({testing::kamiflow_binary(), "samples", "--form", "all", "--count", "4",
                                   "--seed", "11", "--out", in.string()});
  ASSERT_EQ(gen.exit_code, 0) << gen.err;
  for (const auto& e : fs::directory_iterator(in))
    if (e.path().extension() == ".json") fs::remove(e.path());
  testing::write_file(in / "zz_truncated.png", "\x89PNG\r\n\x1a\n broken");

  auto run = testing::run_process({testing::kamiflow_binary(), "run", "-q",
                                   (testing::source_dir() / "tests/workflows/checks.lua").string(), in.string(),
                                   out.string(), (testing::source_dir() / "samples/forms/*/template.lua").string()});
  ASSERT_EQ(run.exit_code, 3) << run.err;  // finished, with the truncated file rejected

  auto summary = nlohmann::json::parse(testing::read_file(out / "summary.json"));
  EXPECT_EQ(summary["dropped"], 1);
  EXPECT_EQ(summary["rejected"], 1);
  EXPECT_EQ(summary["records"].get<int>() + summary["unclassified"].get<int>(), 3) << summary.dump();
  ASSERT_EQ(summary["rejects"].size(), 1u);
  EXPECT_EQ(summary["rejects"][0]["state"], "quarantined");

  auto store = std::move(engine::RecordStore::open((out / "db.sqlite").string())).value();
  auto records = std::move(store->records()).value();
  std::ifstream jsonl(out / "records.jsonl");
  std::string line;
  std::size_t lines = 0;
  while (std::getline(jsonl, line)) {
    auto j = nlohmann::json::parse(line);
    ++lines;
    EXPECT_EQ(j["extra"]["checked"], "yes");
    EXPECT_NE(j["form_id"], "sodai_gomi");
    if (j["form_id"] == "kokuho_shutoku" || j["form_id"] == "jido_teate") {
      EXPECT_EQ(j["state"], "needs_review");
      EXPECT_EQ(j["validation"]["kana"], "kana checked by the test workflow");
      EXPECT_EQ(j["review_reason"], "always reviewed");  // on_record's words reach the clerk
    }
    if (j["form_id"] == "inkan_touroku") {
      EXPECT_EQ(j["state"], "accepted");
    }
  }
  EXPECT_EQ(lines, records.size());
  for (const auto& r : records) {
    const std::string csv = testing::read_file(out / (r.form_id + ".csv"));
    EXPECT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");  // UTF-8 BOM by default
    EXPECT_NE(csv.find(",review_flags,checked,fields_seen\r\n"), std::string::npos) << csv.substr(0, 300);
  }
  EXPECT_TRUE(fs::exists(out / "all_cp932.csv"));
}

}  // namespace
}  // namespace kamiflow
