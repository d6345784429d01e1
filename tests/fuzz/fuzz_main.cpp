// One libFuzzer binary per target: built with -DKAMIFLOW_FUZZ_TARGET="name" (tests/fuzz/CMakeLists.txt).
#include <cstdlib>
#include <string>

#include "targets.hpp"

namespace {
kamiflow::fuzz::TargetFn target() {
  for (const auto& t : kamiflow::fuzz::targets())
    if (t.name == KAMIFLOW_FUZZ_TARGET) return t.run;
  std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const kamiflow::fuzz::TargetFn run = target();
  return run(data, size);
}
