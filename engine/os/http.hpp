// HttpClient: the HTTP capability a workflow is granted (libcurl). No Lua here; the Lua binding
// wraps this.
//
// Contract: requests go only to declared origins (scheme + host + port, e.g. "http://127.0.0.1:8080",
// "https://api.example.lg.jp" = port 443); anything else is PermissionDenied before any connection.
// Only http and https; redirects are not followed (a redirect could leave the allowlist) — the 3xx
// response is returned. Proxies come only from HttpOptions::proxy: environment variables
// (http_proxy, NO_PROXY…) are ignored, because on closed municipal networks an inherited proxy
// setting is a classic way for data to leave, and a silent one is hard to diagnose.
// Retries: connection failures (refused, DNS, reset, empty reply) and 5xx/429 responses are
// retried up to max_attempts with exponential backoff (Retry-After honoured up to backoff_max).
// Timeouts are not retried: the total_timeout is a budget, not a per-attempt hint. Because 5xx are
// retried, POST endpoints should be idempotent, or set max_attempts = 1.
// An HTTP error status is not a Status error: the response is returned with its code. Transport
// failures are IOError, timeouts Timeout, oversize bodies ResourceLimit.
// Thread-safety: one HttpClient may be used from one thread at a time; create one per thread.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "kamiflow/status.hpp"

namespace kamiflow {

struct HttpOptions {
  std::vector<std::string> allowed_origins;
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds total_timeout{30000};  // per attempt
  int max_attempts = 3;
  std::chrono::milliseconds backoff_initial{200};  // doubles each retry
  std::chrono::milliseconds backoff_max{5000};
  std::string proxy;  // e.g. "http://proxy.lg.local:8080"; empty = direct
  std::size_t max_response_bytes = 16u * 1024 * 1024;
};

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpResponse {
  long status = 0;
  HttpHeaders headers;  // of the final response, names as sent by the server
  std::string body;
  int attempts = 0;
  // First header with this name (case-insensitive), or "".
  std::string header(std::string_view name) const;
};

class HttpClient {
 public:
  [[nodiscard]] static Result<HttpClient> create(HttpOptions options);

  [[nodiscard]] Result<HttpResponse> get(const std::string& url, const HttpHeaders& headers = {}) const;
  [[nodiscard]] Result<HttpResponse> post(const std::string& url, std::string body, const std::string& content_type,
                                          const HttpHeaders& headers = {}) const;
  [[nodiscard]] Result<HttpResponse> post_json(const std::string& url, const nlohmann::json& body,
                                               const HttpHeaders& headers = {}) const;
  // DELETE (the WebDriver protocol ends a session with it).
  [[nodiscard]] Result<HttpResponse> del(const std::string& url, const HttpHeaders& headers = {}) const;
  // PermissionDenied unless the URL's origin is declared.
  [[nodiscard]] Status check_allowed(const std::string& url) const;

 private:
  struct Origin {
    std::string scheme, host;
    long port = 0;
    bool operator==(const Origin&) const = default;
  };
  static Result<Origin> parse_origin(const std::string& url);
  Result<HttpResponse> send(const std::string& method, const std::string& url, const std::string& body,
                            const HttpHeaders& headers) const;

  explicit HttpClient(HttpOptions options, std::vector<Origin> allowed)
      : options_(std::move(options)), allowed_(std::move(allowed)) {}
  HttpOptions options_;
  std::vector<Origin> allowed_;
};

}  // namespace kamiflow
