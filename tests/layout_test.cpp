// The folder tree is the architecture (README "Architecture", issue #11): every project include
// in engine/, samples/generator/ and ocr/ must point at a folder its own folder may depend on.
// The rules live here, once, as data; a new folder or a new edge is a deliberate edit of this table.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace kamiflow {
namespace {

namespace fs = std::filesystem;

// Production folders in data-flow order, bottom first: each may include the ones before it.
const std::vector<std::string> kProduction = {"engine/base",      "engine/os",     "engine/store",
                                              "engine/lua",       "engine/templates", "engine/export",
                                              "engine/batch",     "engine/workflow",  "engine/report",
                                              "engine/review"};

// The folder a project include points at: "engine/batch/runner.hpp" → "engine/batch",
// "kamiflow/ocr/x.hpp" → "ocr", "samples/generator/x.hpp" → "samples/generator"; "" when the
// include is not a project header spelled from the root (a same-folder or system include).
std::string target_folder(const std::string& include) {
  if (include.rfind("kamiflow/", 0) == 0) return "ocr";  // ocr's public headers
  const auto slash = include.rfind('/');
  if (slash == std::string::npos) return "";
  const std::string dir = include.substr(0, slash);
  if (dir.rfind("engine/", 0) == 0 || dir.rfind("samples/", 0) == 0) return dir;
  return "";
}

// May `from` (a folder) include a header of `to` (a folder)?
bool allowed(const std::string& from, const std::string& to) {
  if (from == to || to == "ocr") return true;
  if (from == "ocr") return false;  // ocr/ knows nothing of the engine
  const auto pos = [](const std::string& f) {
    return std::find(kProduction.begin(), kProduction.end(), f) - kProduction.begin();
  };
  const auto n = static_cast<long>(kProduction.size());
  const bool to_production = pos(to) < n;
  if (pos(from) < n) return to_production && pos(to) < pos(from);
  if (from == "samples/generator") return to_production;
  if (from == "engine/eval" || from == "engine/bench") {
    return to_production || to == "samples/generator" || (from == "engine/bench" && to == "engine/eval");
  }
  if (from == "engine/cli") return true;  // the top: may use everything
  return false;                           // an unknown folder: add it to the table first
}

struct Violation {
  std::string file, include;
};

// ocr/'s internal headers (ocr/src/*.hpp): only ocr/ itself and bench/ (which replays Tesseract
// calls) may include them; everything else goes through ocr/include/kamiflow/ocr/.
bool is_ocr_internal(const fs::path& root, const fs::path& including_dir, const std::string& include) {
  if (include.find('/') != std::string::npos) return false;
  return fs::exists(root / "ocr" / "src" / include) && !fs::exists(including_dir / include);
}

std::vector<Violation> violations_in(const fs::path& root, const std::vector<std::string>& folders) {
  static const std::regex kInclude(R"re(^\s*#\s*include\s*"([^"]+)")re");
  std::vector<Violation> out;
  for (const auto& folder : folders) {
    for (const auto& entry : fs::recursive_directory_iterator(root / folder)) {
      const auto ext = entry.path().extension();
      if (ext != ".cpp" && ext != ".hpp") continue;
      const std::string from = fs::relative(entry.path().parent_path(), root).string();
      const std::string owner = from.rfind("ocr", 0) == 0 ? "ocr" : from;
      std::ifstream in(entry.path());
      std::string line;
      std::smatch m;
      while (std::getline(in, line)) {
        if (!std::regex_search(line, m, kInclude)) continue;
        const std::string to = target_folder(m[1]);
        if (!to.empty() && !allowed(owner, to)) out.push_back({fs::relative(entry.path(), root).string(), m[1]});
        if (owner != "ocr" && owner != "engine/bench" && is_ocr_internal(root, entry.path().parent_path(), m[1]))
          out.push_back({fs::relative(entry.path(), root).string(), m[1]});
      }
    }
  }
  return out;
}

TEST(Layout, RulesAllowDownwardAndForbidUpwardIncludes) {
  EXPECT_TRUE(allowed("engine/batch", "engine/store"));
  EXPECT_FALSE(allowed("engine/store", "engine/batch"));
  EXPECT_FALSE(allowed("engine/workflow", "engine/cli"));
  EXPECT_FALSE(allowed("engine/report", "engine/eval"));
  EXPECT_FALSE(allowed("engine/report", "samples/generator"));
  EXPECT_FALSE(allowed("ocr", "engine/base"));
  EXPECT_TRUE(allowed("engine/eval", "samples/generator"));
  EXPECT_TRUE(allowed("engine/cli", "engine/bench"));
  EXPECT_FALSE(allowed("engine/newfolder", "engine/base"));
}

TEST(Layout, CheckerFindsAnUpwardInclude) {
  testing::TempDir dir;
  fs::create_directories(dir.path() / "engine/store");
  std::ofstream(dir.path() / "engine/store/bad.cpp") << "#include \"engine/cli/commands.hpp\"\n"
                                                       << "#include \"engine/os/atomic_file.hpp\"\n";
  auto found = violations_in(dir.path(), {"engine/store"});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].include, "engine/cli/commands.hpp");
}

TEST(Layout, CheckerFindsAnOcrInternalHeaderOutsideOcr) {
  testing::TempDir dir;
  fs::create_directories(dir.path() / "ocr/src");
  fs::create_directories(dir.path() / "engine/batch");
  std::ofstream(dir.path() / "ocr/src/field_image.hpp") << "#pragma once\n";
  std::ofstream(dir.path() / "engine/batch/bad.cpp") << "#include \"field_image.hpp\"\n";
  auto found = violations_in(dir.path(), {"engine/batch", "ocr"});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].file, "engine/batch/bad.cpp");
}

TEST(Layout, EveryIncludeInTheTreeFollowsTheRules) {
  std::vector<std::string> folders = {"ocr", "samples/generator"};
  for (const auto& entry : fs::directory_iterator(testing::source_dir() / "engine")) {
    if (entry.is_directory()) folders.push_back("engine/" + entry.path().filename().string());
  }
  for (const auto& v : violations_in(testing::source_dir(), folders)) {
    ADD_FAILURE() << v.file << " includes \"" << v.include
                  << "\": its folder may not depend on that one (tests/layout_test.cpp has the rules)";
  }
}

}  // namespace
}  // namespace kamiflow
