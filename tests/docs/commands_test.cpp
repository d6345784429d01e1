// The documented commands work: every ```sh block of README.md and docs/*.md is run, line by
// line, on a scratch folder (docs/cli.md, "Documented commands are tested", is the convention:
// exit 0 or 3 passes, `# exit: N` expects N, `<!-- doc-test: skip (reason) -->` before the fence
// skips the block). A documented command that fails fails the suite, naming file and line.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <regex>

#include "test_support.hpp"

namespace kamiflow::testing {
namespace {

namespace fs = std::filesystem;

struct DocCommand {
  int line = 0;          // 1-based line in the document
  std::string command;   // continuation lines joined
  int expected = -1;     // -1: 0 or 3
};

struct DocBlocks {
  std::vector<DocCommand> commands;
  int skipped_blocks = 0;
  std::vector<std::string> problems;  // a skip marker without a reason, an unclosed block
};

DocBlocks parse_doc(const fs::path& path) {
  static const std::regex kOpen(R"(^\s*```sh\s*$)");
  static const std::regex kClose(R"(^\s*```\s*$)");
  static const std::regex kSkip(R"(^\s*<!--\s*doc-test:\s*skip\b(.*)-->\s*$)");
  static const std::regex kExpect(R"(#\s*exit:\s*(\d+)\s*$)");
  DocBlocks out;
  std::ifstream in(path);
  std::string line, previous;
  int n = 0;
  bool inside = false, skipping = false;
  DocCommand pending;
  for (; std::getline(in, line); previous = line) {
    ++n;
    if (!inside) {
      if (!std::regex_match(line, kOpen)) continue;
      inside = true;
      std::smatch m;
      skipping = std::regex_match(previous, m, kSkip);
      if (skipping) {
        ++out.skipped_blocks;
        if (m[1].str().find('(') == std::string::npos)
          out.problems.push_back(path.filename().string() + ":" + std::to_string(n) + ": skip marker without a (reason)");
      }
      continue;
    }
    if (std::regex_match(line, kClose)) {
      inside = false;
      continue;
    }
    if (skipping) continue;
    std::string text = line.substr(std::min(line.find_first_not_of(' '), line.size()));
    if (pending.command.empty()) {
      if (text.empty() || text[0] == '#') continue;
      pending.line = n;
    }
    if (!text.empty() && text.back() == '\\') {
      pending.command += text.substr(0, text.size() - 1) + " ";
      continue;
    }
    pending.command += text;
    std::smatch m;
    if (std::regex_search(pending.command, m, kExpect)) pending.expected = std::stoi(m[1].str());
    out.commands.push_back(pending);
    pending = {};
  }
  if (inside) out.problems.push_back(path.filename().string() + ": a ```sh block is never closed");
  return out;
}

// README.md and docs/*.md that hold at least one ```sh block to run (or a malformed one).
std::vector<std::string> documents() {
  std::vector<std::string> docs = {"README.md"};
  std::vector<std::string> found;
  for (const auto& e : fs::directory_iterator(source_dir() / "docs"))
    if (e.path().extension() == ".md") found.push_back("docs/" + e.path().filename().string());
  std::sort(found.begin(), found.end());
  docs.insert(docs.end(), found.begin(), found.end());
  std::vector<std::string> runnable;
  for (const auto& d : docs) {
    DocBlocks b = parse_doc(source_dir() / d);
    if (!b.commands.empty() || !b.problems.empty()) runnable.push_back(d);
  }
  return runnable;
}

// A scratch folder that looks like the source tree to the documented commands.
void prepare(const fs::path& dir) {
  fs::create_directories(dir / "build");
  fs::create_directories(dir / ".bin");
  fs::create_symlink(kamiflow_binary(), dir / "build" / "kamiflow");
  fs::create_symlink(kamiflow_binary(), dir / ".bin" / "kamiflow");
  for (const char* shared : {"samples", "scripts", "ocr"}) fs::create_symlink(source_dir() / shared, dir / shared);
}

class DocCommands : public ::testing::TestWithParam<std::string> {};

TEST_P(DocCommands, EveryShellBlockRuns) {
  const fs::path doc = source_dir() / GetParam();
  DocBlocks blocks = parse_doc(doc);
  for (const auto& p : blocks.problems) ADD_FAILURE() << p;
  TempDir dir;
  prepare(dir.path());
  const std::string path = "PATH=" + (dir / ".bin").string() + ":" + (std::getenv("PATH") ? std::getenv("PATH") : "");
  for (const DocCommand& c : blocks.commands) {
    auto r = run_process({"/bin/bash", "-c", "cd '" + dir.path().string() + "' && " + c.command}, {path});
    const bool ok = c.expected >= 0 ? r.exit_code == c.expected : (r.exit_code == 0 || r.exit_code == 3);
    EXPECT_TRUE(ok) << GetParam() << ":" << c.line << ": `" << c.command << "` exited " << r.exit_code
                    << (c.expected >= 0 ? " (expected " + std::to_string(c.expected) + ")" : "") << "\nstderr:\n"
                    << r.err.substr(0, 2000) << "\nstdout:\n" << r.out.substr(0, 1000);
  }
}

INSTANTIATE_TEST_SUITE_P(Docs, DocCommands, ::testing::ValuesIn(documents()),
                         [](const ::testing::TestParamInfo<std::string>& i) {
                           std::string n = i.param;
                           for (char& ch : n)
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           return n;
                         });

// The convention itself: the parser finds what the documents promise, so the test above cannot
// pass by finding nothing.
TEST(DocCommandsParser, FindsCommandsSkipsMarkedBlocksAndReadsExpectedCodes) {
  TempDir dir;
  write_file(dir / "d.md",
             "text\n```sh\nkamiflow doctor   # a comment\n# only a comment\nkamiflow a \\\n  --b c\n```\n"
             "<!-- doc-test: skip (runs forever) -->\n```sh\nkamiflow run forever.lua\n```\n"
             "  ```sh\n  kamiflow bogus   # exit: 2\n  ```\n<!-- doc-test: skip -->\n```sh\nx\n```\n");
  DocBlocks b = parse_doc(dir / "d.md");
  ASSERT_EQ(b.commands.size(), 3u);
  EXPECT_EQ(b.commands[0].line, 3);
  EXPECT_EQ(b.commands[1].command, "kamiflow a  --b c");
  EXPECT_EQ(b.commands[2].expected, 2);
  EXPECT_EQ(b.skipped_blocks, 2);
  ASSERT_EQ(b.problems.size(), 1u) << "a skip needs its reason";
}

TEST(DocCommandsParser, TheReadmeAndCliPageHaveCommandsToRun) {
  EXPECT_GE(parse_doc(source_dir() / "README.md").commands.size(), 5u);
  EXPECT_GE(parse_doc(source_dir() / "docs/cli.md").commands.size(), 10u);
  EXPECT_GE(parse_doc(source_dir() / "docs/export.md").commands.size(), 4u);
}

}  // namespace
}  // namespace kamiflow::testing
