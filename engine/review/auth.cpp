// The access token on every request (server.hpp's contract), and the small request helpers the
// routes share.
#include <cctype>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/review/http_internal.hpp"
#include "engine/report/html_report.hpp"

namespace kamiflow::review::http {
namespace {

// Compares in time independent of where the strings differ.
bool same_secret(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace

std::string percent_encode(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i] == '+' ? ' ' : s[i];
    }
  }
  return out;
}

std::string cookie(const httplib::Request& req, std::string_view name) {
  const std::string header = req.get_header_value("Cookie");
  std::size_t pos = 0;
  while (pos < header.size()) {
    std::size_t end = header.find(';', pos);
    if (end == std::string::npos) end = header.size();
    std::string_view part(header.data() + pos, end - pos);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (part.size() > name.size() && part.substr(0, name.size()) == name && part[name.size()] == '=')
      return percent_decode(part.substr(name.size() + 1));
    pos = end + 1;
  }
  return "";
}

std::string reviewer(const httplib::Request& req) { return cookie(req, kReviewerCookie); }

QueueFilter filter_of(const httplib::Request& req) {
  QueueFilter f;
  f.form = req.get_param_value("form");
  f.reason = req.get_param_value("reason");
  const std::string b = req.get_param_value("batch");
  if (!b.empty() && b.find_first_not_of("0123456789") == std::string::npos && b.size() < 18) f.batch = std::stoll(b);
  return f;
}

std::string filter_query(const QueueFilter& f) {
  std::string q;
  auto add = [&](const char* k, const std::string& v) {
    if (!v.empty()) q += (q.empty() ? "" : "&") + std::string(k) + "=" + percent_encode(v);
  };
  add("form", f.form);
  add("batch", f.batch ? std::to_string(f.batch) : "");
  add("reason", f.reason);
  return q;
}

void set_page_headers(httplib::Response& res) {
  res.set_header("Content-Security-Policy",
                 "default-src 'none'; img-src 'self'; style-src 'self'; script-src 'self'; connect-src 'self'; "
                 "form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("Cache-Control", "no-store");  // personal data: nothing left in the browser's cache
}

void send_json_error(httplib::Response& res, int status, const std::string& message) {
  res.status = status;
  nlohmann::json j{{"ok", false}, {"error", message}};
  res.set_content(j.dump(), "application/json; charset=utf-8");
}

void add_auth(httplib::Server& server, const Context& ctx) {
  server.set_pre_routing_handler([&ctx](const httplib::Request& req, httplib::Response& res) {
    using R = httplib::Server::HandlerResponse;
    const std::string given = req.get_param_value("token");
    if (!given.empty() && same_secret(given, ctx.token)) {
      // First visit: remember the token in a cookie and drop it from the address bar.
      res.set_header("Set-Cookie", std::string(kTokenCookie) + "=" + ctx.token +
                                       "; Path=/; HttpOnly; SameSite=Strict");
      std::string target = req.path;
      std::string rest;
      for (const auto& [k, v] : req.params)
        if (k != "token") rest += (rest.empty() ? "?" : "&") + percent_encode(k) + "=" + percent_encode(v);
      res.set_redirect(target + rest, 303);
      set_page_headers(res);
      return R::Handled;
    }
    if (same_secret(cookie(req, kTokenCookie), ctx.token)) return R::Unhandled;
    ctx.logger->info("review server: refused {} {} without a valid token", req.method, req.path);
    res.status = 403;
    set_page_headers(res);
    res.set_content(render_error_page(403, "アクセスできません。起動時に表示された URL（token 付き）から開いてください。"),
                    "text/html; charset=utf-8");
    return R::Handled;
  });
}

}  // namespace kamiflow::review::http
