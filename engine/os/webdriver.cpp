#include "engine/os/webdriver.hpp"

#include <chrono>
#include <thread>

namespace kamiflow::web_detail {
namespace {

Status w3c_error(const nlohmann::json& value, const std::string& what) {
  const std::string error = value.value("error", std::string("unknown error"));
  std::string message = value.value("message", std::string());
  const auto nl = message.find('\n');
  if (nl != std::string::npos) message.resize(nl);
  if (message.size() > 300) message.resize(300);
  const std::string text = what + ": " + (message.empty() ? error : message);
  if (error == "no such element" || error == "stale element reference" || error == "no such window")
    return Status::NotFound(text);
  if (error == "timeout" || error == "script timeout") return Status::Timeout(text);
  return Status::IOError(text);
}

}  // namespace

Result<nlohmann::json> WebDriverSession::raw(const std::string& method, const std::string& url,
                                             const nlohmann::json& body) {
  Result<HttpResponse> r = method == "GET"      ? http_->get(url)
                           : method == "DELETE" ? http_->del(url)
                                                : http_->post_json(url, body);
  if (!r.ok()) return r.status().WithContext("web: the browser driver did not answer");
  nlohmann::json reply = nlohmann::json::parse(r->body, nullptr, false);
  if (reply.is_discarded() || !reply.is_object())
    return Status::IOError("web: the browser driver sent something that is not JSON (HTTP " +
                           std::to_string(r->status) + ")");
  nlohmann::json value = reply.contains("value") ? reply["value"] : nlohmann::json();
  const std::string what = "web driver " + method + " " + url.substr(url.find("/session") == std::string::npos
                                                                         ? url.size()
                                                                         : url.find("/session"));
  if (r->status >= 400 || (value.is_object() && value.contains("error"))) return w3c_error(value, what);
  return value;
}

Result<std::unique_ptr<WebDriverSession>> WebDriverSession::start(const std::filesystem::path& driver,
                                                                  nlohmann::json always_match,
                                                                  double request_timeout_s) {
  Status last;
  for (int attempt = 0; attempt < 3; ++attempt) {  // a lost port race: try a fresh port
    std::unique_ptr<WebDriverSession> s(new WebDriverSession());
    KF_ASSIGN_OR_RETURN(s->process_, DriverProcess::start(driver));
    HttpOptions o;
    o.allowed_origins = {s->process_->base_url()};
    o.max_attempts = 1;
    o.connect_timeout = std::chrono::milliseconds(2000);
    o.total_timeout = std::chrono::milliseconds(static_cast<long long>(request_timeout_s * 1000));
    KF_ASSIGN_OR_RETURN(HttpClient client, HttpClient::create(std::move(o)));
    s->http_ = std::make_unique<HttpClient>(std::move(client));
    bool ready = false;
    for (int i = 0; i < 100 && !ready; ++i) {  // up to 10 s
      auto st = s->raw("GET", s->process_->base_url() + "/status", {});
      ready = st.ok() && st->is_object() && st->value("ready", false);
      if (!ready) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    if (!ready) {
      last = Status::IOError("web: chromedriver did not start on port " + std::to_string(s->process_->port()) +
                             ": " + s->process_->log_tail());
      continue;
    }
    auto& chrome = always_match["goog:chromeOptions"];
    chrome["args"].push_back("--user-data-dir=" + s->process_->profile_dir().string());
    chrome["prefs"]["download.default_directory"] = s->process_->downloads_dir().string();
    nlohmann::json caps = {{"capabilities", {{"alwaysMatch", always_match}}}};
    auto created = s->raw("POST", s->process_->base_url() + "/session", caps);
    if (!created.ok())
      return created.status().WithContext("web: the browser did not start (" + s->process_->log_tail() + ")");
    s->session_ = created->value("sessionId", std::string());
    if (s->session_.empty()) return Status::IOError("web: the driver opened a session without an id");
    return s;
  }
  return last;
}

Result<nlohmann::json> WebDriverSession::command(const std::string& method, const std::string& path,
                                                 const nlohmann::json& body) {
  if (session_.empty()) return Status::IOError("web: the browser session is closed");
  return raw(method, process_->base_url() + "/session/" + session_ + path, body);
}

void WebDriverSession::close() {
  if (!session_.empty() && http_) (void)raw("DELETE", process_->base_url() + "/session/" + session_, {});
  session_.clear();
  process_.reset();  // kills whatever is left of the driver's group, removes the profile
}

WebDriverSession::~WebDriverSession() { close(); }

}  // namespace kamiflow::web_detail
