// The frame every review page shares, the sign-in page and error pages.
#include <string>

#include "engine/report/html_report.hpp"
#include "engine/review/http_internal.hpp"

namespace kamiflow::review::http {

std::string page_head(const std::string& title) {
  return "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<meta name=\"robots\" content=\"noindex, nofollow\">\n<title>" +
         html_escape(title) +
         "</title>\n<link rel=\"stylesheet\" href=\"/assets/review.css\">\n"
         "<script src=\"/assets/review.js\" defer></script>\n</head>\n<body>\n";
}

std::string page_foot() {
  return "<footer class=\"privacy\">個人情報を含みます。庁内の閉域ネットワークの外へ持ち出さないでください。</footer>\n"
         "</body>\n</html>\n";
}

std::string render_error_page(int status, const std::string& message) {
  return page_head("kamiflow 確認画面 — エラー") + "<main class=\"narrow\"><h1>エラー " + std::to_string(status) +
         "</h1><p class=\"error\">" + html_escape(message) + "</p><p><a href=\"/queue\">確認待ち一覧へ</a></p></main>\n" +
         page_foot();
}

std::string render_signin(const std::string& current_name, const std::string& error) {
  std::string h = page_head("kamiflow 確認画面 — サインイン");
  h += "<main class=\"narrow signin\"><h1>kamiflow 確認画面</h1>"
       "<p>確認者の氏名を入力してください。訂正・確認の記録（監査証跡）にこの氏名が残ります。</p>";
  if (!error.empty()) h += "<p class=\"error\" role=\"alert\">" + html_escape(error) + "</p>";
  h += "<form method=\"post\" action=\"/signin\"><label for=\"name\">確認者氏名</label> "
       "<input id=\"name\" name=\"name\" autocomplete=\"name\" autofocus required maxlength=\"100\" value=\"" +
       html_escape(current_name) +
       "\"> <button type=\"submit\">開始 (Enter)</button></form></main>\n";
  return h + page_foot();
}

}  // namespace kamiflow::review::http
