// Store back ends for parameterised tests: every store test runs against a SQLite file and
// against the PostgreSQL test server (the CTest fixture PostgresServer, postgres_server.sh).
//
// Naming (tests/CMakeLists.txt relies on it): parameterised cases end in "/postgres" or
// "/sqlite"; PostgreSQL-only suites or tests start with "Postgres". Those, and only those, require the
// fixture. Without a server the PostgreSQL cases FAIL (never skip) with how to get one.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "test_support.hpp"

namespace kamiflow::testing {

// The URL of a new, empty database on the test server ("" and a gtest failure when there is no
// server). Reads KAMIFLOW_TEST_POSTGRES_URL, else the file the fixture wrote
// (state dir/url; the state dir is $KAMIFLOW_TEST_POSTGRES_STATE or the build's, as CMake set it).
std::string fresh_postgres_database();
// The server's admin URL (same sources), "" when none.
std::string postgres_server_url();
// The state directory postgres_server.sh was started with ("" when unknown): for tests that stop
// and start the server (halt/resume).
std::string postgres_state_dir();

class StoreBackendTest : public ::testing::TestWithParam<std::string> {
 protected:
  bool postgres() const { return GetParam() == "postgres"; }
  // A fresh database of this test's back end: `dir / file` for SQLite, a new server database.
  std::string fresh_database(const TempDir& dir, const std::string& file = "db.sqlite") {
    return postgres() ? fresh_postgres_database() : (dir / file).string();
  }
};

inline std::string backend_name(const ::testing::TestParamInfo<std::string>& info) { return info.param; }

}  // namespace kamiflow::testing

#define KF_INSTANTIATE_BACKENDS(suite)                                                                  \
  INSTANTIATE_TEST_SUITE_P(Backends, suite, ::testing::Values(std::string("sqlite"), std::string("postgres")), \
                           ::kamiflow::testing::backend_name)
