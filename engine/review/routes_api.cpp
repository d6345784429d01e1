// The JSON and image routes the record page's script calls: a field entry, a verdict, the page
// image and field crops. Writes need a signed-in reviewer and a JSON body (server.hpp).
#include <nlohmann/json.hpp>

#include "engine/review/http_internal.hpp"

namespace kamiflow::review::http {
namespace {

// The parsed body, or nullopt after answering the request with the reason.
std::optional<nlohmann::json> json_body(const httplib::Request& req, httplib::Response& res) {
  if (reviewer(req).empty()) {
    send_json_error(res, 401, "サインインしてください（確認者の氏名が必要です）");
    return std::nullopt;
  }
  if (req.get_header_value("Content-Type").rfind("application/json", 0) != 0) {
    send_json_error(res, 415, "JSON で送ってください");
    return std::nullopt;
  }
  nlohmann::json j = nlohmann::json::parse(req.body, nullptr, false);
  if (!j.is_object()) {
    send_json_error(res, 400, "リクエストの形式が正しくありません");
    return std::nullopt;
  }
  return j;
}

int http_status(const Status& st) {
  switch (st.code()) {
    case StatusCode::kInvalidInput: return 422;
    case StatusCode::kNotFound: return 404;
    default: return 500;
  }
}

void send_image(httplib::Response& res, const Result<std::vector<std::uint8_t>>& bytes, const char* type) {
  set_page_headers(res);
  if (!bytes.ok()) {
    res.status = 404;
    res.set_content("image unavailable: " + bytes.status().message(), "text/plain; charset=utf-8");
    return;
  }
  res.set_content(reinterpret_cast<const char*>(bytes->data()), bytes->size(), type);
}

}  // namespace

void add_api_routes(httplib::Server& server, Context& ctx) {
  server.Post(R"(/api/records/(\d{1,15})/fields/([A-Za-z0-9_\-]{1,100}))",
              [&ctx](const httplib::Request& req, httplib::Response& res) {
                auto body = json_body(req, res);
                if (!body) return;
                if (!body->contains("value") || !(*body)["value"].is_string())
                  return send_json_error(res, 400, "value がありません");
                auto out = ctx.service.enter(std::stoll(req.matches[1]), req.matches[2],
                                             (*body)["value"].get<std::string>(), reviewer(req));
                if (!out.ok()) return send_json_error(res, http_status(out.status()), out.status().message());
                nlohmann::json j{{"ok", true},
                                 {"stage", out->stage},
                                 {"value", out->value},
                                 {"review", std::string(engine::field_review_name(out->review))},
                                 {"record_state", std::string(engine::record_state_name(out->record_state))}};
                set_page_headers(res);
                res.set_content(j.dump(), "application/json; charset=utf-8");
              });
  server.Post(R"(/api/records/(\d{1,15})/verdict)", [&ctx](const httplib::Request& req, httplib::Response& res) {
    auto body = json_body(req, res);
    if (!body) return;
    // Types checked before reading: json::value() would throw on a number where a string belongs.
    const auto text = [&](const char* key, const char* absent) -> std::optional<std::string> {
      if (!body->contains(key)) return std::string(absent);
      if (!(*body)[key].is_string()) return std::nullopt;
      return (*body)[key].get<std::string>();
    };
    const auto name = text("verdict", "?"), reason = text("reason", "");
    auto verdict = name ? engine::parse_record_verdict(*name) : std::nullopt;
    if (!verdict || !reason) return send_json_error(res, 400, "verdict は rescan・rejected・空 のいずれか、reason は文字列です");
    Status st = ctx.service.verdict(std::stoll(req.matches[1]), *verdict, *reason, reviewer(req));
    if (!st.ok()) return send_json_error(res, http_status(st), st.message());
    set_page_headers(res);
    res.set_content(nlohmann::json{{"ok", true}}.dump(), "application/json; charset=utf-8");
  });
  server.Get(R"(/records/(\d{1,15})/page\.jpg)", [&ctx](const httplib::Request& req, httplib::Response& res) {
    int side = 0;
    const std::string w = req.get_param_value("w");
    if (!w.empty() && w.size() < 6 && w.find_first_not_of("0123456789") == std::string::npos) side = std::stoi(w);
    send_image(res, ctx.service.page_jpeg(std::stoll(req.matches[1]), side), "image/jpeg");
  });
  server.Get(R"(/records/(\d{1,15})/fields/([A-Za-z0-9_\-]{1,100})\.png)",
             [&ctx](const httplib::Request& req, httplib::Response& res) {
               send_image(res, ctx.service.field_png(std::stoll(req.matches[1]), req.matches[2]), "image/png");
             });
}

}  // namespace kamiflow::review::http
