// The kamiflow binary re-executes itself with OMP_THREAD_LIMIT=1 unless the user set it.
// `kamiflow doctor` prints the environment the process actually runs with.
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace kamiflow::testing {
namespace {

TEST(ProcessEnv, ReexecutesWithOmpThreadLimitWhenUnset) {
  auto r = run_process({kamiflow_binary(), "-v", "doctor"}, {}, {"OMP_THREAD_LIMIT", "KAMIFLOW_OMP_REEXEC"});
  EXPECT_NE(r.err.find("re-executed with OMP_THREAD_LIMIT=1"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("OMP_THREAD_LIMIT: 1"), std::string::npos) << r.out;
}

TEST(ProcessEnv, KeepsTheUsersChoiceAndDoesNotReexec) {
  auto r = run_process({kamiflow_binary(), "-v", "doctor"}, {"OMP_THREAD_LIMIT=2"}, {"KAMIFLOW_OMP_REEXEC"});
  EXPECT_EQ(r.err.find("re-executed"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("OMP_THREAD_LIMIT: 2"), std::string::npos) << r.out;
}

TEST(ProcessEnv, DoctorReportsLanguageData) {
  auto r = run_process({kamiflow_binary(), "doctor"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("tesseract:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("jpn"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace kamiflow::testing
