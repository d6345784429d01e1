// The queue page: counts, filters (form, batch, reason) and the records to review.
#include <string>
#include <utility>
#include <vector>

#include "engine/report/html_report.hpp"
#include "engine/review/http_internal.hpp"
#include "engine/review/reasons.hpp"

namespace kamiflow::review::http {
namespace {

void count_card(std::string& h, const char* id, const char* label, long long n) {
  h += "<div class=\"card\" id=\"" + std::string(id) + "\" data-count=\"" + std::to_string(n) + "\"><div class=\"num\">" +
       std::to_string(n) + "</div><div class=\"lbl\">" + label + "</div></div>";
}

// options: (value, label with its count)
void select(std::string& h, const char* name, const char* label,
            const std::vector<std::pair<std::string, std::string>>& options, const std::string& current) {
  h += "<label>" + std::string(label) + " <select name=\"" + name + "\"><option value=\"\">すべて</option>";
  for (const auto& [value, text] : options)
    h += "<option value=\"" + html_escape(value) + "\"" + (value == current ? " selected" : "") + ">" +
         html_escape(text) + "</option>";
  h += "</select></label> ";
}

}  // namespace

std::string render_queue(const QueueView& v, const QueueFilter& filter, const std::string& reviewer) {
  std::string h = page_head("kamiflow 確認待ち一覧");
  h += "<header class=\"top\"><h1>確認待ち一覧</h1><div class=\"who\">確認者: " + html_escape(reviewer) +
       " · <a href=\"/signin\">変更</a></div></header>\n<main>\n<section class=\"counts\" aria-label=\"件数\">";
  count_card(h, "count-needs-review", "要確認", v.counts.needs_review);
  count_card(h, "count-reviewed", "確認済", v.counts.reviewed);
  count_card(h, "count-rescan", "再スキャン", v.counts.rescan);
  count_card(h, "count-rejected", "却下", v.counts.rejected);
  count_card(h, "count-accepted", "受理（確認不要）", v.counts.accepted);
  h += "</section>\n<form class=\"filters\" method=\"get\" action=\"/queue\">";
  std::vector<std::pair<std::string, std::string>> forms, batches, reasons;
  for (const auto& [k, n] : v.counts.by_form) forms.emplace_back(k, k + " (" + std::to_string(n) + ")");
  for (const auto& [k, n] : v.counts.by_batch)
    batches.emplace_back(std::to_string(k), "バッチ " + std::to_string(k) + " (" + std::to_string(n) + ")");
  for (const auto& [k, n] : v.counts.by_reason) reasons.emplace_back(k, reason_key_label_ja(k) + " (" + std::to_string(n) + ")");
  select(h, "form", "様式", forms, filter.form);
  select(h, "batch", "バッチ", batches, filter.batch ? std::to_string(filter.batch) : "");
  select(h, "reason", "理由", reasons, filter.reason);
  h += "<button type=\"submit\">絞り込む</button></form>\n";

  h += "<p class=\"shown\" id=\"shown\" data-count=\"" + std::to_string(v.items.size()) + "\">表示中 " +
       std::to_string(v.items.size()) + " 件</p>\n";
  if (v.items.empty()) {
    h += "<p class=\"all-clear\">確認待ちの帳票はありません。</p>\n";
  } else {
    const std::string q = filter_query(filter);
    h += "<table class=\"queue\"><thead><tr><th>番号</th><th>様式</th><th>ファイル・ページ</th><th>理由</th>"
         "<th>確認済 / 要確認項目</th></tr></thead><tbody>\n";
    bool first = true;
    for (const auto& item : v.items) {
      std::string reasons_text;
      for (const auto& k : item.reasons) reasons_text += (reasons_text.empty() ? "" : "・") + reason_key_label_ja(k);
      h += "<tr data-record=\"" + std::to_string(item.id) + "\"><td><a class=\"open\" href=\"/records/" +
           std::to_string(item.id) + (q.empty() ? "" : "?" + q) + "\"" + (first ? " autofocus" : "") + ">#" +
           std::to_string(item.id) + " を開く</a></td><td>" +
           html_escape(item.form_title.empty() ? item.form_id : item.form_title) + "</td><td class=\"file\">" +
           html_escape(item.source_file) + " · " + std::to_string(item.page) + " ページ目</td><td>" +
           html_escape(reasons_text) + "</td><td>" + std::to_string(item.checked) + " / " +
           std::to_string(item.doubtful) + "</td></tr>\n";
      first = false;
    }
    h += "</tbody></table>\n";
  }
  h += "<p class=\"keys\">Tab で移動、Enter で開く。</p>\n</main>\n";
  return h + page_foot();
}

}  // namespace kamiflow::review::http
