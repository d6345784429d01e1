// http.cpp: header names and values that could break the request's lines are refused before
// anything is sent (issue #13, case 7: "X-A: v\r\nX-Injected: 1" became two headers).
#include <gtest/gtest.h>

#include "engine/os/http.hpp"

namespace kamiflow {
namespace {

HttpClient client() {
  HttpOptions o;
  o.allowed_origins = {"http://127.0.0.1:9"};  // discard port: nothing listens
  o.max_attempts = 1;
  o.total_timeout = std::chrono::milliseconds(500);
  return std::move(HttpClient::create(o)).value();
}

TEST(HttpHeaders, LineBreaksInHeadersAreRefusedBeforeSending) {
  const HttpClient c = client();
  for (const HttpHeaders& bad : std::vector<HttpHeaders>{{{"X-A", "v\r\nX-Injected: 1"}},
                                                         {{"X-A", "v\nX-Injected: 1"}},
                                                         {{"X-A", "v\rX"}},
                                                         {{"X-A", std::string("v\0x", 3)}},
                                                         {{"X-A\r\nX-B", "v"}},
                                                         {{"X A", "v"}},
                                                         {{"", "v"}},
                                                         {{"X-A:", "v"}}}) {
    auto r = c.get("http://127.0.0.1:9/", bad);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidInput) << bad[0].first << " → " << r.status().ToString();
  }
  // A well-formed header passes the check (and then fails to connect, which is another error).
  auto ok = c.get("http://127.0.0.1:9/", {{"X-Request-Id", "abc 123; q=1"}});
  ASSERT_FALSE(ok.ok());
  EXPECT_NE(ok.status().code(), StatusCode::kInvalidInput) << ok.status().ToString();
}

}  // namespace
}  // namespace kamiflow
