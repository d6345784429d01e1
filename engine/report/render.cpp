// render_html_report(): the report's HTML. Every input string goes through html_escape(); the only
// markup not built here is the constant CSS/JS in html_report_assets.cpp.
#include <cstdio>
#include <random>
#include <string>

#include "engine/report/html_report.hpp"
#include "engine/report/render_internal.hpp"

#ifndef KAMIFLOW_VERSION
#define KAMIFLOW_VERSION "dev"
#endif

namespace kamiflow {

// Constant page assets (html_report_assets.cpp); declared here, not in the public header, because
// they are an implementation detail of this one page.
extern const char* const kReportCss;
extern const char* const kReportJs;

namespace {

using report_detail::fixed;

std::string percent(double rate) { return fixed(rate * 100.0, 1) + "%"; }

// A fresh nonce per report: the Content-Security-Policy only runs scripts carrying it, so even a
// value that escaped escaping could not run script (defence in depth; escaping is the real guard).
std::string make_nonce() {
  std::random_device rd;
  char buf[33];
  std::snprintf(buf, sizeof buf, "%08x%08x%08x%08x", rd(), rd(), rd(), rd());
  return buf;
}

// Japanese first, English in parentheses (clerks read Japanese; the English helps maintainers).
std::string ja_en(std::string_view ja, std::string_view en) {
  return std::string(ja) + " <span class=\"en\">(" + std::string(en) + ")</span>";
}

void summary_card(std::string& h, std::string_view cls, const std::string& number, const std::string& label,
                  const std::string& note = "", const std::string& key = "") {
  h += "<div class=\"card " + std::string(cls) + "\"" + (key.empty() ? "" : " data-count-" + key + "=\"" + number + "\"") +
       "><div class=\"num\">" + number + "</div><div class=\"lbl\">" + label + "</div>";
  if (!note.empty()) h += "<div class=\"note\">" + note + "</div>";
  h += "</div>\n";
}

void render_summary(std::string& h, const ReportSummary& s) {
  auto count_cls = [](int n, std::string_view bad) { return n > 0 ? std::string(bad) : std::string("zero"); };
  h += "<section class=\"summary\" aria-label=\"集計 (summary)\">\n";
  summary_card(h, "plain", std::to_string(s.pages), ja_en("ページ", "pages"), "", "pages");
  summary_card(h, "plain", std::to_string(s.records), ja_en("帳票", "records"), "", "records");
  summary_card(h, count_cls(s.needs_review, "warn"), std::to_string(s.needs_review), ja_en("要確認", "needs review"), "",
               "needs-review");
  summary_card(h, count_cls(s.rejected, "bad"), std::to_string(s.rejected), ja_en("却下", "rejected"), "", "rejected");
  summary_card(h, count_cls(s.unclassified, "bad"), std::to_string(s.unclassified),
               ja_en("分類不能", "unclassified"), "", "unclassified");
  summary_card(h, "plain", fixed(s.seconds, 1) + "<small> 秒</small>", ja_en("処理時間", "time"),
               fixed(s.pages_per_second, 2) + " ページ/秒 (pages/s)");
  if (s.field_exact_rate)
    summary_card(h, "acc", percent(*s.field_exact_rate), ja_en("項目正解率", "field exact"));
  if (s.silent_error_rate)
    summary_card(h, *s.silent_error_rate > 0 ? "bad" : "zero", percent(*s.silent_error_rate),
                 ja_en("見逃し誤り率", "silent errors"), "誤読なのに要確認にならなかった項目");
  if (s.review_rate) summary_card(h, "acc", percent(*s.review_rate), ja_en("要確認率", "review rate"));
  h += "</section>\n";
}

// Links to every file of a split report: 1–100 · 101–200 · … with the current one marked.
void render_pager(std::string& h, const ReportInput& in, const ReportFilePart& part) {
  if (part.files <= 1) return;
  const std::size_t per = static_cast<std::size_t>(in.pages_per_file > 0 ? in.pages_per_file : 100);
  h += "<nav class=\"pager\" aria-label=\"レポートのページ (report pages)\">";
  if (part.index > 0) h += "<a rel=\"prev\" href=\"" + report_file_name(part.index - 1) + "\">← 前へ</a>";
  for (int i = 0; i < part.files; ++i) {
    const std::size_t from = i * per + 1, to = std::min(in.pages.size(), (i + 1) * per);
    const std::string label = std::to_string(from) + "–" + std::to_string(to);
    if (i == part.index)
      h += "<span aria-current=\"page\">" + label + "</span>";
    else
      h += "<a href=\"" + report_file_name(i) + "\">" + label + "</a>";
  }
  if (part.index + 1 < part.files) h += "<a rel=\"next\" href=\"" + report_file_name(part.index + 1) + "\">次へ →</a>";
  h += "</nav>\n";
}

}  // namespace

std::string report_file_name(int index) {
  return index == 0 ? "report.html" : "report-" + std::to_string(index + 1) + ".html";
}

std::string render_html_report(const ReportInput& in, const ReportImageNames& images, const ReportFilePart& part) {
  const std::string nonce = make_nonce();
  const std::size_t first = std::min(part.first, in.pages.size());
  const std::size_t last = part.count > in.pages.size() - first ? in.pages.size() : first + part.count;

  std::string h;
  h.reserve(4096 + (last - first) * 4096);
  h += "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n"
       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
       "<meta name=\"robots\" content=\"noindex, nofollow\">\n";
  // No network at all: images only from beside the file, script only with this report's nonce.
  h += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src 'self' file: data:; "
       "style-src 'unsafe-inline'; script-src 'nonce-" + nonce + "'; base-uri 'none'; form-action 'none'\">\n";
  h += "<title>" + html_escape(in.title) + "</title>\n<style>\n" + kReportCss + "</style>\n</head>\n<body>\n";

  h += "<header class=\"top\"><h1>" + html_escape(in.title) + "</h1><div class=\"meta\">";
  if (!in.generated_at.empty()) h += "作成日時 " + html_escape(in.generated_at) + " · ";
  h += "kamiflow " KAMIFLOW_VERSION "</div></header>\n<main>\n";
  render_summary(h, in.summary);
  render_pager(h, in, part);

  bool truth_column = false;
  for (const auto& p : in.pages)
    for (const auto& f : p.fields) truth_column |= f.is_correct().has_value();
  std::string pages_html;
  std::size_t doubtful_pages = 0, rejected_pages = 0;
  for (std::size_t i = first; i < last; ++i) {
    const std::string thumb = i < images.thumbnails.size() ? images.thumbnails[i] : std::string();
    const std::string view = i < images.views.size() ? images.views[i] : std::string();
    static const std::vector<std::string> kNone;
    doubtful_pages += report_detail::render_page(pages_html, in.pages[i], i, thumb,
                                                 i < images.crops.size() ? images.crops[i] : kNone, view, truth_column);
    rejected_pages += in.pages[i].status == PageStatus::kRejected || in.pages[i].status == PageStatus::kUnclassified;
  }

  // Hidden until the script shows it: without JS every row is shown and no dead button remains.
  // The counts are this file's pages; the cards above are the whole batch's.
  h += "<nav class=\"filters\" hidden aria-label=\"表示切替 (filter)\">"
       "<button type=\"button\" data-filter=\"all\" aria-pressed=\"true\">" + ja_en("すべて", "all") +
       "<span class=\"count\">" + std::to_string(last - first) + "</span>"
       "</button><button type=\"button\" data-filter=\"review\" aria-pressed=\"false\">" +
       ja_en("要確認のみ", "needs review only") + "<span class=\"count\">" + std::to_string(doubtful_pages) +
       "</span></button><button type=\"button\" data-filter=\"rejected\" aria-pressed=\"false\">" +
       ja_en("却下・分類不能", "rejected") + "<span class=\"count\">" + std::to_string(rejected_pages) +
       "</span></button></nav>\n";
  if (doubtful_pages == 0 && last > first)
    h += "<p class=\"all-clear\">確認が必要なページはありません <span class=\"en\">(nothing to review)</span></p>\n";
  h += pages_html;
  if (in.pages.empty()) h += "<p class=\"empty\">ページがありません <span class=\"en\">(no pages)</span></p>\n";
  render_pager(h, in, part);

  h += "</main>\n<footer class=\"privacy\"><strong>個人情報を含みます</strong>"
       "このレポートには氏名・住所などの個人情報が含まれます。庁内の閉域ネットワークの外へ持ち出さず、"
       "不要になったら削除してください。"
       "<span class=\"en\">(This report contains personal data: keep it on the closed network and delete it "
       "when no longer needed.)</span></footer>\n";
  h += "<script nonce=\"" + nonce + "\">\n" + kReportJs + "</script>\n</body>\n</html>\n";
  return h;
}

}  // namespace kamiflow
