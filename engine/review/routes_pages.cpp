// The HTML routes: sign-in, the queue, one record, and the two static assets.
#include <string>

#include "engine/review/http_internal.hpp"

namespace kamiflow::review::http {
namespace {

void send_page(httplib::Response& res, const std::string& html) {
  set_page_headers(res);
  res.set_content(html, "text/html; charset=utf-8");
}

void send_error(httplib::Response& res, int status, const std::string& message) {
  res.status = status;
  send_page(res, render_error_page(status, message));
}

// Pages need a reviewer name: who did what goes into the audit trail.
bool signed_in(const httplib::Request& req, httplib::Response& res) {
  if (!reviewer(req).empty()) return true;
  set_page_headers(res);
  res.set_redirect("/signin", 303);
  return false;
}

}  // namespace

void add_page_routes(httplib::Server& server, Context& ctx) {
  server.Get("/", [](const httplib::Request& req, httplib::Response& res) {
    set_page_headers(res);
    res.set_redirect(reviewer(req).empty() ? "/signin" : "/queue", 303);
  });
  server.Get("/signin", [](const httplib::Request& req, httplib::Response& res) {
    send_page(res, render_signin(reviewer(req), ""));
  });
  server.Post("/signin", [](const httplib::Request& req, httplib::Response& res) {
    std::string name = req.get_param_value("name");
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.pop_back();
    while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) name.erase(0, 1);
    if (name.empty() || name.size() > 100) {
      res.status = 400;
      send_page(res, render_signin("", "確認者の氏名を入力してください（100 バイトまで）。"));
      return;
    }
    res.set_header("Set-Cookie", std::string(kReviewerCookie) + "=" + percent_encode(name) +
                                     "; Path=/; HttpOnly; SameSite=Strict");
    set_page_headers(res);
    res.set_redirect("/queue", 303);
  });
  server.Get("/queue", [&ctx](const httplib::Request& req, httplib::Response& res) {
    if (!signed_in(req, res)) return;
    const QueueFilter filter = filter_of(req);
    auto view = ctx.service.queue(filter);
    if (!view.ok()) return send_error(res, 500, view.status().ToString());
    send_page(res, render_queue(*view, filter, reviewer(req)));
  });
  server.Get(R"(/records/(\d{1,15}))", [&ctx](const httplib::Request& req, httplib::Response& res) {
    if (!signed_in(req, res)) return;
    const long long id = std::stoll(req.matches[1]);
    const QueueFilter filter = filter_of(req);
    auto view = ctx.service.record(id);
    if (!view.ok())
      return send_error(res, view.status().code() == StatusCode::kNotFound ? 404 : 500, view.status().message());
    auto next = ctx.service.next_in_queue(id, filter);
    send_page(res, render_record(*view, filter, reviewer(req), next.ok() ? *next : std::nullopt));
  });
  server.Get("/assets/review.css", [](const httplib::Request&, httplib::Response& res) {
    set_page_headers(res);
    res.set_content(kReviewCss, "text/css; charset=utf-8");
  });
  server.Get("/assets/review.js", [](const httplib::Request&, httplib::Response& res) {
    set_page_headers(res);
    res.set_content(kReviewJs, "text/javascript; charset=utf-8");
  });
}

}  // namespace kamiflow::review::http
