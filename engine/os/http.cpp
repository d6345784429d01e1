#include "engine/os/http.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <mutex>
#include <thread>

namespace kamiflow {
namespace {

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
template <typename T>
using CurlPtr = std::unique_ptr<T, CurlDeleter>;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

struct Transfer {
  HttpResponse* response;
  std::size_t limit;
  bool too_big = false;
};

size_t on_body(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  if (t->response->body.size() + size * n > t->limit) {
    t->too_big = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  t->response->body.append(data, size * n);
  return size * n;
}

size_t on_header(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string line(data, size * n);
  if (line.rfind("HTTP/", 0) == 0) t->response->headers.clear();  // a new response (e.g. after 100)
  const auto colon = line.find(':');
  if (colon != std::string::npos) {
    auto trim = [](std::string s) {
      const auto b = s.find_first_not_of(" \t\r\n");
      const auto e = s.find_last_not_of(" \t\r\n");
      return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
    };
    t->response->headers.emplace_back(trim(line.substr(0, colon)), trim(line.substr(colon + 1)));
  }
  return size * n;
}

bool retryable(CURLcode rc) {
  switch (rc) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::string HttpResponse::header(std::string_view name) const {
  const std::string want = lower(std::string(name));
  for (const auto& [k, v] : headers) {
    if (lower(k) == want) return v;
  }
  return "";
}

Result<HttpClient::Origin> HttpClient::parse_origin(const std::string& url) {
  global_init();
  CurlPtr<CURLU> u(curl_url());
  if (!u) return Status::Internal("curl_url failed");
  if (curl_url_set(u.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
    return Status::InvalidInput("not a valid URL: " + url);
  }
  Origin o;
  char* part = nullptr;
  if (curl_url_get(u.get(), CURLUPART_SCHEME, &part, 0) == CURLUE_OK) o.scheme = lower(part);
  curl_free(part);
  part = nullptr;
  if (curl_url_get(u.get(), CURLUPART_HOST, &part, 0) == CURLUE_OK) o.host = lower(part);
  curl_free(part);
  part = nullptr;
  if (curl_url_get(u.get(), CURLUPART_PORT, &part, CURLU_DEFAULT_PORT) == CURLUE_OK) o.port = std::atol(part);
  curl_free(part);
  if (o.scheme != "http" && o.scheme != "https") return Status::InvalidInput("only http and https URLs: " + url);
  if (o.host.empty() || o.port <= 0) return Status::InvalidInput("URL has no host or port: " + url);
  return o;
}

Result<HttpClient> HttpClient::create(HttpOptions options) {
  std::vector<Origin> allowed;
  for (const auto& origin : options.allowed_origins) {
    auto o = parse_origin(origin);
    if (!o.ok()) return o.status().WithContext("declared HTTP origin");
    allowed.push_back(*o);
  }
  if (options.max_attempts < 1) options.max_attempts = 1;
  return HttpClient(std::move(options), std::move(allowed));
}

Status HttpClient::check_allowed(const std::string& url) const {
  KF_ASSIGN_OR_RETURN(Origin o, parse_origin(url));
  if (std::find(allowed_.begin(), allowed_.end(), o) != allowed_.end()) return Status::Ok();
  std::string declared;
  for (const auto& a : options_.allowed_origins) declared += (declared.empty() ? "" : ", ") + a;
  return Status::PermissionDenied("HTTP to " + o.scheme + "://" + o.host + ":" + std::to_string(o.port) +
                                  " is not declared (declared: " + (declared.empty() ? "none" : declared) + ")");
}

Result<HttpResponse> HttpClient::get(const std::string& url, const HttpHeaders& headers) const {
  return send("GET", url, "", headers);
}

Result<HttpResponse> HttpClient::post(const std::string& url, std::string body, const std::string& content_type,
                                      const HttpHeaders& headers) const {
  HttpHeaders all = headers;
  all.emplace_back("Content-Type", content_type);
  return send("POST", url, body, all);
}

Result<HttpResponse> HttpClient::post_json(const std::string& url, const nlohmann::json& body,
                                           const HttpHeaders& headers) const {
  std::string text;
  try {
    text = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
  } catch (const nlohmann::json::exception& e) {
    return Status::InvalidInput(std::string("JSON body cannot be serialised: ") + e.what());
  }
  return post(url, std::move(text), "application/json; charset=utf-8", headers);
}

Result<HttpResponse> HttpClient::del(const std::string& url, const HttpHeaders& headers) const {
  return send("DELETE", url, "", headers);
}

Result<HttpResponse> HttpClient::send(const std::string& method, const std::string& url, const std::string& body,
                                      const HttpHeaders& headers) const {
  KF_RETURN_IF_ERROR(check_allowed(url));
  // libcurl sends a header line as given: a CR or LF in it would start a header (or a body) of
  // the script's choosing at the server. Names are tokens (RFC 9110); values may not break lines.
  for (const auto& [k, v] : headers) {
    if (k.empty() || k.find_first_of(":\r\n\0 \t", 0, 6) != std::string::npos)
      return Status::InvalidInput("HTTP header name '" + k + "' is empty or holds ':', a space or a line break");
    if (v.find_first_of("\r\n\0", 0, 3) != std::string::npos)
      return Status::InvalidInput("HTTP header '" + k + "': the value holds a line break (CR, LF or NUL)");
  }
  CurlPtr<curl_slist> header_list;
  for (const auto& [k, v] : headers) header_list.reset(curl_slist_append(header_list.release(), (k + ": " + v).c_str()));
  header_list.reset(curl_slist_append(header_list.release(), "Expect:"));  // no 100-continue round trip

  auto delay = options_.backoff_initial;
  for (int attempt = 1;; ++attempt) {
    CurlPtr<CURL> curl(curl_easy_init());
    if (!curl) return Status::Internal("curl_easy_init failed");
    HttpResponse response;
    response.attempts = attempt;
    Transfer transfer{&response, options_.max_response_bytes};
    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    // "" disables proxies, including any from the environment; NOPROXY "*" makes sure. With a
    // configured proxy, NOPROXY "" overrides an inherited NO_PROXY.
    curl_easy_setopt(c, CURLOPT_PROXY, options_.proxy.c_str());
    curl_easy_setopt(c, CURLOPT_NOPROXY, options_.proxy.empty() ? "*" : "");
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout.count()));
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.total_timeout.count()));
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, header_list.get());
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &transfer);
    if (method == "DELETE") curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, "DELETE");
    if (method == "POST") {
      curl_easy_setopt(c, CURLOPT_POST, 1L);
      curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
      curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    }
    const CURLcode rc = curl_easy_perform(c);
    const bool last = attempt >= options_.max_attempts;
    if (rc == CURLE_OK) {
      curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &response.status);
      const bool retry_status = response.status == 429 || response.status >= 500;
      if (!retry_status || last) return response;
      // Retry-After in seconds, if the server sent one, within our backoff ceiling.
      const std::string retry_after = response.header("Retry-After");
      if (!retry_after.empty() && retry_after.find_first_not_of("0123456789") == std::string::npos) {
        delay = std::max(delay, std::chrono::milliseconds(std::stoll(retry_after.substr(0, 6)) * 1000));
      }
    } else if (transfer.too_big) {
      return Status::ResourceLimit(method + " " + url + ": response larger than " +
                                   std::to_string(options_.max_response_bytes) + " bytes");
    } else if (rc == CURLE_OPERATION_TIMEDOUT) {
      return Status::Timeout(method + " " + url + ": " + curl_easy_strerror(rc) + " (attempt " +
                             std::to_string(attempt) + ")");
    } else if (!retryable(rc) || last) {
      return Status::IOError(method + " " + url + " failed after " + std::to_string(attempt) + " attempt(s): " +
                             curl_easy_strerror(rc));
    }
    std::this_thread::sleep_for(std::min(delay, options_.backoff_max));
    delay = std::min(delay * 2, options_.backoff_max);
  }
}

}  // namespace kamiflow
