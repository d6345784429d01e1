// The bodies of kamiflow's fuzz targets, as plain functions: each libFuzzer binary
// (fuzz_main.cpp, built with -DKAMIFLOW_FUZZ=ON) calls one, and the normal test suite
// (targets_test.cpp) runs every one over its seeds and over every input a fuzzer ever crashed on
// (tests/fuzz/findings/<target>/), so a finding stays fixed. A target aborts only on a real bug:
// a kamiflow invariant broken (a reason that is not valid UTF-8, a round trip that differs) or
// whatever ASan/UBSan report. Not thread-safe (the PDF, template and CSV targets use temp files).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace kamiflow::fuzz {

using TargetFn = int (*)(const std::uint8_t* data, std::size_t size);

struct Target {
  std::string name;  // also the libFuzzer binary's suffix: fuzz_<name>
  TargetFn run;
  // Seed files for the corpus (name, bytes); make_seeds writes them, the test runs them.
  std::vector<std::pair<std::string, std::string>> (*seeds)();
};

const std::vector<Target>& targets();

}  // namespace kamiflow::fuzz
