// The PostgreSQL test server script itself: without the server binaries it fails, saying how to
// install them (the PostgreSQL tests then fail instead of silently passing).
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace kamiflow::testing {
namespace {

TEST(TestServerScript, FailsClearlyWhenPostgresIsNotInstalled) {
  TempDir dir;
  auto r = run_process({KAMIFLOW_POSTGRES_SERVER_SH, "start", (dir / "state").string()},
                       {"KAMIFLOW_PG_BINDIR=" + (dir / "no-such-bin").string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("the PostgreSQL server is not installed"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("apt-get install postgresql"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "state" / "url"));
}

}  // namespace
}  // namespace kamiflow::testing
