// render_html_report(): the report's HTML. Every input string goes through html_escape(); the only
// markup not built here is the constant CSS/JS in html_report_assets.cpp.
#include <cstdio>
#include <random>
#include <string>

#include "engine/report/html_report.hpp"

#ifndef KAMIFLOW_VERSION
#define KAMIFLOW_VERSION "dev"
#endif

namespace kamiflow {

// Constant page assets (html_report_assets.cpp); declared here, not in the public header, because
// they are an implementation detail of this one page.
extern const char* const kReportCss;
extern const char* const kReportJs;

namespace {

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

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
                  const std::string& note = "") {
  h += "<div class=\"card " + std::string(cls) + "\"><div class=\"num\">" + number + "</div><div class=\"lbl\">" +
       label + "</div>";
  if (!note.empty()) h += "<div class=\"note\">" + note + "</div>";
  h += "</div>\n";
}

void render_summary(std::string& h, const ReportSummary& s) {
  auto count_cls = [](int n, std::string_view bad) { return n > 0 ? std::string(bad) : std::string("zero"); };
  h += "<section class=\"summary\" aria-label=\"集計 (summary)\">\n";
  summary_card(h, "plain", std::to_string(s.pages), ja_en("ページ", "pages"));
  summary_card(h, "plain", std::to_string(s.records), ja_en("帳票", "records"));
  summary_card(h, count_cls(s.needs_review, "warn"), std::to_string(s.needs_review), ja_en("要確認", "needs review"));
  summary_card(h, count_cls(s.rejected, "bad"), std::to_string(s.rejected), ja_en("却下", "rejected"));
  summary_card(h, count_cls(s.unclassified, "bad"), std::to_string(s.unclassified),
               ja_en("分類不能", "unclassified"));
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

void render_field_row(std::string& h, const ReportField& f, const std::string& crop, bool truth_column) {
  const std::optional<bool> correct = f.is_correct();
  const bool wrong = correct.has_value() && !*correct;
  const bool doubtful = f.needs_review() || wrong;
  std::string cls = wrong ? "row-wrong" : (f.needs_review() ? "row-review" : "row-ok");
  h += "<tr class=\"" + cls + "\" data-doubtful=\"" + (doubtful ? "1" : "0") + "\">";

  h += "<th scope=\"row\"><div class=\"label\">" + html_escape(f.label.empty() ? f.name : f.label) +
       "</div><div class=\"fname\">" + html_escape(f.name) + " · " + html_escape(f.type) + "</div></th>";

  h += "<td class=\"crop\">";
  if (!crop.empty())
    h += "<a href=\"" + html_escape(crop) + "\" target=\"_blank\" rel=\"noopener\"><img src=\"" + html_escape(crop) +
         "\" alt=\"" + html_escape(f.label.empty() ? f.name : f.label) + " の読取画像\"></a>";
  else
    h += "<span class=\"none\">画像なし</span>";
  h += "</td>";

  h += "<td class=\"value\">";
  if (f.value.empty())
    h += "<span class=\"blank\">（空欄）</span>";
  else
    h += "<span class=\"v\">" + html_escape(f.value) + "</span>";
  // The raw read matters to a reviewer only when normalisation changed it.
  if (f.raw != f.value)
    h += "<div class=\"raw\">読取原文 (raw): <span>" + (f.raw.empty() ? std::string("（なし）") : html_escape(f.raw)) +
         "</span></div>";
  h += "</td>";

  const double c = f.confidence < 0 ? 0 : (f.confidence > 1 ? 1 : f.confidence);
  bool low = false;
  for (const auto& fl : f.flags) low |= fl == ocr::flag::kLowConfidence;
  h += "<td class=\"conf\"><div class=\"pct\">" + fixed(c * 100.0, 0) + "%</div><div class=\"bar" +
       (low ? " low" : "") + "\"><span style=\"width:" + fixed(c * 100.0, 0) + "%\"></span></div></td>";

  h += "<td class=\"flags\">";
  for (const auto& fl : f.flags)
    h += "<span class=\"flag\" title=\"" + html_escape(fl) + "\">" + html_escape(flag_label_ja(fl)) + "</span>";
  h += "</td>";

  if (truth_column) {
    if (!correct) {
      h += "<td class=\"truth\"><span class=\"none\">—</span></td>";
    } else if (*correct) {
      h += "<td class=\"truth ok\"><span class=\"mark\">✓</span></td>";
    } else {
      // A wrong value that nothing flagged would have passed silently: say so loudly.
      h += "<td class=\"truth ng\"><span class=\"mark\">✗</span>";
      if (!f.needs_review()) h += "<span class=\"silent\">見逃し (silent)</span>";
      if (f.expected) h += "<div class=\"exp\">正解: <span>" + html_escape(*f.expected) + "</span></div>";
      h += "</td>";
    }
  }
  h += "</tr>\n";
}

// Returns whether the page is doubtful (shown under 要確認のみ). `truth_column` is decided for the
// whole report so that the columns of every page's table line up.
bool render_page(std::string& h, const ReportPage& p, std::size_t index, const std::string& thumb,
                 const std::vector<std::string>& crops, bool truth_column) {
  bool doubtful = p.status != PageStatus::kAccepted;
  for (const auto& f : p.fields) {
    auto c = f.is_correct();
    doubtful |= f.needs_review() || (c.has_value() && !*c);
  }
  const std::string st(page_status_name(p.status));
  h += "<section class=\"page st-" + st + "\" id=\"page-" + std::to_string(index + 1) + "\" data-status=\"" + st +
       "\" data-doubtful=\"" + (doubtful ? "1" : "0") + "\">\n";

  h += "<header class=\"page-head\"><span class=\"badge st-" + st + "\">" +
       std::string(page_status_label_ja(p.status)) + "</span><h2>";
  if (p.form_id.empty() && p.form_title.empty())
    h += "様式不明 <span class=\"en\">(no form)</span>";
  else
    h += html_escape(p.form_title.empty() ? p.form_id : p.form_title);
  if (!p.form_id.empty() && !p.form_title.empty()) h += " <span class=\"form-id\">" + html_escape(p.form_id) + "</span>";
  h += "</h2><div class=\"src\"><span class=\"file\" title=\"" + html_escape(p.source_file) + "\">" +
       html_escape(p.source_file) + "</span> · " + std::to_string(p.page) + " ページ目";
  // Rotation and alignment mean something only for pages that were read.
  if (p.status == PageStatus::kAccepted || p.status == PageStatus::kNeedsReview)
    h += " · 回転 " + std::to_string(p.rotation_degrees) + "° · 位置合わせ " + fixed(p.alignment_score, 2);
  h += "</div></header>\n";
  if (!p.reason.empty()) h += "<p class=\"reason\">" + html_escape(p.reason) + "</p>\n";

  h += "<div class=\"page-body\">";
  if (!thumb.empty())
    h += "<a class=\"thumb\" href=\"" + html_escape(thumb) + "\" target=\"_blank\" rel=\"noopener\"><img src=\"" +
         html_escape(thumb) + "\" alt=\"ページ画像 (page image)\"></a>";
  if (p.fields.empty()) {
    h += "<p class=\"nofields\">読取項目なし <span class=\"en\">(no fields read)</span></p>";
  } else {
    h += "<table class=\"fields\"><colgroup><col class=\"c-label\"><col class=\"c-crop\"><col class=\"c-value\">"
         "<col class=\"c-conf\"><col class=\"c-flags\">";
    if (truth_column) h += "<col class=\"c-truth\">";
    h += "</colgroup><thead><tr><th>項目</th><th>読取画像</th><th>読取値</th><th>信頼度</th><th>フラグ</th>";
    if (truth_column) h += "<th>正誤</th>";
    h += "</tr></thead><tbody>\n";
    for (std::size_t i = 0; i < p.fields.size(); ++i)
      render_field_row(h, p.fields[i], i < crops.size() ? crops[i] : std::string(), truth_column);
    h += "</tbody></table>";
  }
  h += "</div>\n</section>\n";
  return doubtful;
}

}  // namespace

std::string render_html_report(const ReportInput& in, const ReportImageNames& images) {
  const std::string nonce = make_nonce();

  std::string h;
  h.reserve(4096 + in.pages.size() * 4096);
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

  bool truth_column = false;
  for (const auto& p : in.pages)
    for (const auto& f : p.fields) truth_column |= f.is_correct().has_value();
  std::string pages_html;
  std::size_t doubtful_pages = 0;
  for (std::size_t i = 0; i < in.pages.size(); ++i) {
    const std::string thumb = i < images.thumbnails.size() ? images.thumbnails[i] : std::string();
    static const std::vector<std::string> kNone;
    doubtful_pages += render_page(pages_html, in.pages[i], i, thumb,
                                  i < images.crops.size() ? images.crops[i] : kNone, truth_column);
  }

  // Hidden until the script shows it: without JS every row is shown and no dead button remains.
  h += "<nav class=\"filters\" hidden aria-label=\"表示切替 (filter)\">"
       "<button type=\"button\" data-filter=\"all\" aria-pressed=\"true\">" + ja_en("すべて", "all") +
       "</button><button type=\"button\" data-filter=\"review\" aria-pressed=\"false\">" +
       ja_en("要確認のみ", "needs review only") + "<span class=\"count\">" + std::to_string(doubtful_pages) +
       "</span></button></nav>\n";
  if (doubtful_pages == 0 && !in.pages.empty())
    h += "<p class=\"all-clear\">確認が必要なページはありません <span class=\"en\">(nothing to review)</span></p>\n";
  h += pages_html;
  if (in.pages.empty()) h += "<p class=\"empty\">ページがありません <span class=\"en\">(no pages)</span></p>\n";

  h += "</main>\n<footer class=\"privacy\"><strong>個人情報を含みます</strong>"
       "このレポートには氏名・住所などの個人情報が含まれます。庁内の閉域ネットワークの外へ持ち出さず、"
       "不要になったら削除してください。"
       "<span class=\"en\">(This report contains personal data: keep it on the closed network and delete it "
       "when no longer needed.)</span></footer>\n";
  h += "<script nonce=\"" + nonce + "\">\n" + kReportJs + "</script>\n</body>\n</html>\n";
  return h;
}

}  // namespace kamiflow
