// The report's page sections: one per page, its thumbnail (or view image) beside the table of
// fields, each field's crop drawn either from a file of its own or from the page's one shared
// view image (CSS background-position: one image per page, ReportField::view_box).
#include <cstdio>
#include <string>

#include "engine/report/html_report.hpp"
#include "engine/report/render_internal.hpp"

namespace kamiflow::report_detail {
namespace {

std::string px(int v) { return std::to_string(v) + "px"; }

constexpr int kSpriteMaxWidth = 300;  // px: the crop column on a 1366-px screen

}  // namespace

static void render_field_row(std::string& h, const ReportField& f, const std::string& crop, const std::string& view,
                      bool truth_column) {
  const std::optional<bool> correct = f.is_correct();
  const bool wrong = correct.has_value() && !*correct;
  const bool doubtful = f.needs_review() || wrong;
  std::string cls = wrong ? "row-wrong" : (f.needs_review() ? "row-review" : "row-ok");
  h += "<tr class=\"" + cls + "\" data-doubtful=\"" + (doubtful ? "1" : "0") + "\">";

  h += "<th scope=\"row\"><div class=\"label\">" + html_escape(f.label.empty() ? f.name : f.label) +
       "</div><div class=\"fname\">" + html_escape(f.name) + " · " + html_escape(f.type) + "</div></th>";

  h += "<td class=\"crop\">";
  if (!view.empty() && f.view_box && f.view_box->w > 0 && f.view_box->h > 0) {
    // The field, cut out of the page's view image by the browser.
    const ocr::PixelBox& b = *f.view_box;
    h += "<a href=\"" + html_escape(view) + "\" target=\"_blank\" rel=\"noopener\" class=\"sprite\" role=\"img\" aria-label=\"" +
         html_escape(f.label.empty() ? f.name : f.label) + " の読取画像\" style=\"width:" + px(b.w) + ";height:" + px(b.h) +
         ";background-image:url(&quot;" + html_escape(view) + "&quot;);background-position:" + px(-b.x) + " " + px(-b.y) +
         // A wide field (an address) is shown smaller so that it fits its column whole.
         (b.w > kSpriteMaxWidth ? ";zoom:" + fixed(static_cast<double>(kSpriteMaxWidth) / b.w, 3) : std::string()) +
         "\"></a>";
  } else if (!crop.empty())
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
                 const std::vector<std::string>& crops, const std::string& view, bool truth_column) {
  // 要確認のみ shows exactly the pages the 要確認 card counts.
  const bool doubtful = p.status == PageStatus::kNeedsReview;
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
  if (p.status == PageStatus::kAccepted || p.status == PageStatus::kNeedsReview || p.status == PageStatus::kReviewed)
    h += " · 回転 " + std::to_string(p.rotation_degrees) + "° · 位置合わせ " + fixed(p.alignment_score, 2);
  h += "</div></header>\n";
  if (!p.reason.empty()) h += "<p class=\"reason\">" + html_escape(p.reason) + "</p>\n";

  h += "<div class=\"page-body\">";
  if (!view.empty())
    h += "<a class=\"thumb\" href=\"" + html_escape(view) + "\" target=\"_blank\" rel=\"noopener\"><img src=\"" +
         html_escape(view) + "\" alt=\"ページ画像 (page image)\" loading=\"lazy\"></a>";
  else if (!thumb.empty())
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
      render_field_row(h, p.fields[i], i < crops.size() ? crops[i] : std::string(), view, truth_column);
    h += "</tbody></table>";
  }
  h += "</div>\n</section>\n";
  return doubtful;
}

}  // namespace kamiflow::report_detail
