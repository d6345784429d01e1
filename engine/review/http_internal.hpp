// Internal to engine/review/: what the route files share — the server's context, request
// helpers and the HTML renderers. Not a public API.
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>

#include "engine/base/logging.hpp"
#include "engine/review/service.hpp"

namespace kamiflow::review::http {

struct Context {
  ReviewService& service;
  std::string token;
  Logger logger;
};

inline constexpr const char* kTokenCookie = "kf_token";
inline constexpr const char* kReviewerCookie = "kf_reviewer";

// A cookie's value from the Cookie header ("" when absent), percent-decoded.
[[nodiscard]] std::string cookie(const httplib::Request& req, std::string_view name);
[[nodiscard]] std::string percent_encode(std::string_view s);
[[nodiscard]] std::string percent_decode(std::string_view s);
// The signed-in reviewer's name, "" when none.
[[nodiscard]] std::string reviewer(const httplib::Request& req);
[[nodiscard]] QueueFilter filter_of(const httplib::Request& req);
// "form=…&batch=…&reason=…" for links that keep the clerk's filter ("" when none).
[[nodiscard]] std::string filter_query(const QueueFilter& f);
// Security headers every page carries (no framing, no referrer, scripts only from this server).
void set_page_headers(httplib::Response& res);
void send_json_error(httplib::Response& res, int status, const std::string& message);

void add_auth(httplib::Server& server, const Context& ctx);
void add_page_routes(httplib::Server& server, Context& ctx);
void add_api_routes(httplib::Server& server, Context& ctx);

// HTML (html_*.cpp). Every string from the database goes through html_escape.
[[nodiscard]] std::string render_signin(const std::string& current_name, const std::string& error);
[[nodiscard]] std::string render_queue(const QueueView& view, const QueueFilter& filter, const std::string& reviewer);
[[nodiscard]] std::string render_record(const RecordView& view, const QueueFilter& filter, const std::string& reviewer,
                                        std::optional<long long> next);
[[nodiscard]] std::string render_error_page(int status, const std::string& message);
[[nodiscard]] std::string page_head(const std::string& title);  // <!DOCTYPE html>…<body>
[[nodiscard]] std::string page_foot();                          // …</body></html>

extern const char* const kReviewCss;
extern const char* const kReviewJs;

}  // namespace kamiflow::review::http
