// The fuzz targets' bodies run in the normal suite over their seeds and over every input a
// fuzzer crashed on (tests/fuzz/findings/<target>/): a finding fixed once stays fixed, and the
// targets themselves are known to build and run (issue #13, "every crash found becomes a
// regression test").
#include "targets.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "test_support.hpp"

namespace kamiflow::fuzz {
namespace {

TEST(FuzzTargets, EveryTargetRunsCleanOverItsSeedsAndFindings) {
  namespace fs = std::filesystem;
  ASSERT_EQ(targets().size(), 8u);
  for (const Target& t : targets()) {
    SCOPED_TRACE(t.name);
    std::vector<std::pair<std::string, std::string>> inputs = t.seeds();
    EXPECT_FALSE(inputs.empty());
    const fs::path findings = fs::path(KAMIFLOW_FUZZ_FINDINGS) / t.name;
    if (fs::is_directory(findings))
      for (const auto& e : fs::directory_iterator(findings))
        inputs.emplace_back(e.path().filename().string(), testing::read_file(e.path()));
    for (const auto& [name, bytes] : inputs) {
      SCOPED_TRACE(name);
      // A target aborts on a broken invariant; returning at all is the assertion.
      t.run(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    }
  }
}

}  // namespace
}  // namespace kamiflow::fuzz
