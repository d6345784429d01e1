// `kamiflow extract --crops` end to end: two different scans with the same file name (from two
// folders) must each keep their own crops, not overwrite each other's.
#include <gtest/gtest.h>

#include <set>

#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace kamiflow::testing {
namespace {

namespace fs = std::filesystem;

TEST(ExtractCli, CropsOfSameNamedInputsDoNotCollide) {
  TempDir dir;
  const fs::path gen_dir = dir / "gen";
  auto gen = run_process({kamiflow_binary(), "samples", "--form", "sodai_gomi", "--count", "2", "--multipage", "0",
                          "--seed", "5", "--out", gen_dir.string(), "-q"});
  ASSERT_EQ(gen.exit_code, 0) << gen.err;
  std::vector<fs::path> scans;
  for (const auto& e : fs::directory_iterator(gen_dir))
    if (e.path().extension() != ".json") scans.push_back(e.path());
  std::sort(scans.begin(), scans.end());
  ASSERT_EQ(scans.size(), 2u);
  fs::create_directories(dir / "a");
  fs::create_directories(dir / "b");
  const fs::path a = dir / "a" / ("scan" + scans[0].extension().string());
  const fs::path b = dir / "b" / ("scan" + scans[1].extension().string());
  fs::copy_file(scans[0], a);
  fs::copy_file(scans[1], b);

  const fs::path crops = dir / "crops";
  auto r = run_process({kamiflow_binary(), "extract", "-q", "-t",
                        (source_dir() / "samples/forms/sodai_gomi/template.lua").string(), "--crops", crops.string(),
                        a.string(), b.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::set<std::string> labels;
  std::size_t lines = 0, fields = 0;
  std::istringstream out(r.out);
  for (std::string line; std::getline(out, line);) {
    auto j = nlohmann::json::parse(line);
    ASSERT_FALSE(j.value("rejected", false)) << line;
    ++lines;
    fields += j["fields"].size();
  }
  EXPECT_EQ(lines, 2u);
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(crops)) {
    ++files;
    const std::string name = e.path().filename().string();
    labels.insert(name.substr(0, name.find("_p1_")));
  }
  EXPECT_EQ(files, fields) << "every field of both scans has its own crop";
  EXPECT_EQ(labels.size(), 2u);
  for (const auto& l : labels) EXPECT_EQ(l.rfind("scan-", 0), 0u) << l << ": the name plus the start of the hash";
}

}  // namespace
}  // namespace kamiflow::testing
