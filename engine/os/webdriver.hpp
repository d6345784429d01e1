// WebDriverSession: one W3C WebDriver session (HTTP/JSON to a local chromedriver), the protocol
// and nothing else. Internal to the web capability (engine/os/web.cpp).
//
// Contract: command() sends one request and returns the response's "value"; a W3C error becomes
// a Status (no such element / stale element → NotFound, timeout / script timeout → Timeout,
// anything else IOError) whose message is the driver's first line, never the request body (which
// may carry a typed secret). HTTP to the driver is never retried: a retried click is a second click.
// Thread-safety: one thread. Ownership: owns the DriverProcess; the destructor ends the session.
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/os/http.hpp"
#include "engine/os/webdriver_process.hpp"
#include "kamiflow/status.hpp"

namespace kamiflow::web_detail {

inline constexpr const char* kElementKey = "element-6066-11e4-a52e-4f735466cecf";

class WebDriverSession {
 public:
  // Starts chromedriver, waits for it to be ready, and opens a session with `capabilities`
  // (the W3C "alwaysMatch" object; the profile and download directories are filled in here).
  [[nodiscard]] static Result<std::unique_ptr<WebDriverSession>> start(const std::filesystem::path& driver,
                                                                       nlohmann::json always_match,
                                                                       double request_timeout_s);
  ~WebDriverSession();
  WebDriverSession(const WebDriverSession&) = delete;
  WebDriverSession& operator=(const WebDriverSession&) = delete;

  // method "GET", "POST" or "DELETE"; path below /session/{id}, e.g. "/url" ("" = the session).
  [[nodiscard]] Result<nlohmann::json> command(const std::string& method, const std::string& path,
                                               const nlohmann::json& body = nlohmann::json::object());
  // Ends the session (DELETE) and stops the driver and browser. Idempotent.
  void close();
  const DriverProcess* process() const { return process_.get(); }

 private:
  WebDriverSession() = default;
  [[nodiscard]] Result<nlohmann::json> raw(const std::string& method, const std::string& url,
                                           const nlohmann::json& body);
  std::unique_ptr<DriverProcess> process_;
  std::unique_ptr<HttpClient> http_;
  std::string session_;
};

}  // namespace kamiflow::web_detail
