#include "support/backends.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>

#include "engine/store/sql_connection.hpp"

namespace kamiflow::testing {

std::string postgres_state_dir() {
  const char* state = std::getenv("KAMIFLOW_TEST_POSTGRES_STATE");
  return state && *state ? state : KAMIFLOW_TEST_POSTGRES_STATE;  // where the ctest fixture writes
}

std::string postgres_server_url() {
  if (const char* url = std::getenv("KAMIFLOW_TEST_POSTGRES_URL"); url && *url) return url;
  const std::string state = postgres_state_dir();
  if (state.empty() || !std::filesystem::exists(std::filesystem::path(state) / "url")) return "";
  std::string url = read_file(std::filesystem::path(state) / "url");
  while (!url.empty() && (url.back() == '\n' || url.back() == ' ')) url.pop_back();
  return url;
}

std::string fresh_postgres_database() {
  const std::string admin = postgres_server_url();
  if (admin.empty()) {
    ADD_FAILURE() << "no PostgreSQL test server: these tests run under ctest, whose fixture PostgresServer "
                     "(tests/support/postgres_server.sh) starts one; it needs the Debian package postgresql "
                     "(make test installs it). Or set KAMIFLOW_TEST_POSTGRES_URL to a server's URL.";
    return "";
  }
  auto conn = engine::sql::connect(admin);
  if (!conn.ok()) {
    ADD_FAILURE() << "PostgreSQL test server " << admin << " unreachable: " << conn.status().ToString();
    return "";
  }
  static std::atomic<int> counter{0};
  const std::string name = "kf_" + std::to_string(getpid()) + "_" + std::to_string(++counter) + "_" +
                           std::to_string(std::rand() % 100000);
  auto st = (*conn)->exec("CREATE DATABASE " + name);
  if (!st.ok()) {
    ADD_FAILURE() << "CREATE DATABASE " << name << ": " << st.ToString();
    return "";
  }
  const auto slash = admin.rfind('/');
  return admin.substr(0, slash + 1) + name;
}

}  // namespace kamiflow::testing
