// The record page: the page image and, per field, its crop beside the value the clerk confirms or
// types over, the raw read, the reasons and the confidence. review.js does the keyboard work.
#include <cstdio>
#include <string>

#include "engine/report/html_report.hpp"
#include "engine/review/http_internal.hpp"

namespace kamiflow::review::http {
namespace {

const char* review_label(engine::FieldReview r) {
  switch (r) {
    case engine::FieldReview::kOcr: return "未確認";
    case engine::FieldReview::kConfirmed: return "確認済";
    case engine::FieldReview::kCorrected: return "訂正済";
  }
  return "";
}

std::string state_label(const engine::StoredRecord& r) {
  if (r.verdict == engine::RecordVerdict::kRescan) return "再スキャン";
  if (r.verdict == engine::RecordVerdict::kRejected) return "却下";
  switch (r.state) {
    case engine::RecordState::kAccepted: return "受理";
    case engine::RecordState::kNeedsReview: return "要確認";
    case engine::RecordState::kReviewed: return "確認済";
  }
  return "";
}

// Double entry: what this reviewer may see of the others' entries (never the first entry's value
// before the second reviewer has entered: the two must be independent).
bool entered_by(const FieldView& fv, const std::string& reviewer) {
  for (const auto& e : fv.entries)
    if (e.reviewer == reviewer) return true;
  return false;
}

std::string entries_note(const FieldView& fv, const std::string& reviewer) {
  if (fv.entries.empty()) return "";
  if (entered_by(fv, reviewer)) return "入力済み（ダブルチェック: 他の確認者の入力待ち）";
  if (fv.entries.size() == 1) return "1人目の入力済み（ダブルチェック: あなたが2人目です）";
  std::string s = "コンペア: 入力が一致しません —";
  for (std::size_t i = 0; i < fv.entries.size(); ++i)
    s += " " + std::to_string(i + 1) + "人目（" + fv.entries[i].reviewer + "）「" + fv.entries[i].value + "」";
  return s + "。正しい値を入力してください";
}

void field_row(std::string& h, const RecordView& v, const FieldView& fv, const std::string& reviewer) {
  const engine::StoredField& f = fv.field;
  const bool pending = entered_by(fv, reviewer);
  const std::string id = std::to_string(v.record.id);
  const std::string review(engine::field_review_name(f.review));
  char box[96];
  std::snprintf(box, sizeof box, "%d,%d,%d,%d", f.box.x, f.box.y, f.box.w, f.box.h);
  h += "<tr class=\"field st-" + review + (fv.doubtful ? " doubtful" : "") + "\" data-field=\"" + html_escape(f.name) +
       "\" data-doubtful=\"" + (fv.doubtful ? "1" : "0") + "\" data-review=\"" + review + "\" data-pending=\"" +
       (pending ? "1" : "0") + "\" data-box=\"" + box + "\">";
  h += "<th scope=\"row\"><label for=\"f-" + html_escape(f.name) + "\">" + html_escape(fv.label) +
       "</label><div class=\"fname\">" + html_escape(f.name) + " · " + html_escape(f.type) + "</div></th>";
  h += "<td class=\"crop\"><img src=\"/records/" + id + "/fields/" + html_escape(f.name) + ".png\" alt=\"" +
       html_escape(fv.label) + " の読取画像\"></td>";
  h += "<td class=\"value\"><input id=\"f-" + html_escape(f.name) + "\" name=\"" + html_escape(f.name) +
       "\" value=\"" + html_escape(f.value) + "\" data-stored=\"" + html_escape(f.value) +
       "\" autocomplete=\"off\" spellcheck=\"false\" lang=\"ja\">";
  if (!fv.hint.empty()) h += "<div class=\"hint\">" + html_escape(fv.hint) + "</div>";
  h += "<div class=\"raw\">読取原文: <span>" + (f.raw.empty() ? std::string("（なし）") : html_escape(f.raw)) + "</span></div>";
  if (!fv.reasons.empty()) {
    h += "<ul class=\"reasons\">";
    for (const auto& r : fv.reasons) h += "<li>" + html_escape(r) + "</li>";
    h += "</ul>";
  }
  const std::string note = entries_note(fv, reviewer);
  h += "<div class=\"note\">" + html_escape(note) + "</div><div class=\"err\" role=\"alert\"></div></td>";
  char conf[32];
  std::snprintf(conf, sizeof conf, "%.0f%%", f.confidence * 100.0);
  h += "<td class=\"conf\">" + std::string(conf) + "</td><td class=\"state\"><span class=\"badge\">" +
       review_label(f.review) + "</span></td></tr>\n";
}

}  // namespace

std::string render_record(const RecordView& v, const QueueFilter& filter, const std::string& reviewer,
                          std::optional<long long> next) {
  const engine::StoredRecord& r = v.record;
  const std::string id = std::to_string(r.id);
  const std::string q = filter_query(filter);
  const std::string queue_url = "/queue" + (q.empty() ? "" : "?" + q);
  const std::string next_url = next ? "/records/" + std::to_string(*next) + (q.empty() ? "" : "?" + q) : queue_url;
  int remaining = 0;
  for (const auto& fv : v.fields)
    remaining += fv.doubtful && fv.field.review == engine::FieldReview::kOcr && !entered_by(fv, reviewer);

  std::string h = page_head("帳票 #" + id + " — kamiflow 確認画面");
  h += "<header class=\"top\"><a class=\"back\" href=\"" + html_escape(queue_url) + "\" tabindex=\"-1\">← 一覧</a><h1>帳票 #" +
       id + " " + html_escape(v.form_title.empty() ? r.form_id : v.form_title) + "</h1><div class=\"who\">確認者: " +
       html_escape(reviewer) + "</div></header>\n";
  h += "<main class=\"record\" id=\"record\" data-id=\"" + id + "\" data-next=\"" + html_escape(next_url) +
       "\" data-queue=\"" + html_escape(queue_url) + "\" data-state=\"" +
       std::string(engine::record_state_name(r.state)) + "\" data-verdict=\"" +
       std::string(engine::record_verdict_name(r.verdict)) + "\" data-rotation=\"" + std::to_string(r.rotation) + "\">\n";
  h += "<aside class=\"pageview\"><img class=\"thumb\" src=\"/records/" + id +
       "/page.jpg?w=640\" alt=\"ページ全体\"><div class=\"src\">" + html_escape(r.source_file) + " · " +
       std::to_string(r.page) + " ページ目</div><div class=\"status\" id=\"status\">状態: <b id=\"state-label\">" +
       state_label(r) + "</b> · 残り <b id=\"remaining\">" + std::to_string(remaining) + "</b> 項目</div>";
  if (v.checks >= 2)
    h += "<p class=\"double\">ダブルチェックの様式です: 要確認項目は二人が別々に入力し、一致しなければ三人目が決めます（コンペア）。</p>";
  if (!v.has_template)
    h += "<p class=\"error\">この様式のテンプレートが読み込まれていないため、訂正できません。</p>";
  if (!v.reasons.empty()) {
    h += "<ul class=\"rec-reasons\">";
    for (const auto& reason : v.reasons) h += "<li>" + html_escape(reason) + "</li>";
    h += "</ul>";
  }
  h += "<dl class=\"keys\"><dt>Enter</dt><dd>確定して次の要確認項目へ</dd><dt>入力</dt><dd>値を置き換える</dd>"
       "<dt>Tab / Shift+Tab</dt><dd>項目を移動</dd><dt>F2</dt><dd>ページを拡大（この項目の位置）</dd>"
       "<dt>F8</dt><dd>再スキャン指示</dd><dt>F9</dt><dd>却下（理由を入力）</dd><dt>Esc</dt><dd>入力を元に戻す・閉じる</dd>"
       "<dt>PageDown</dt><dd>次の帳票</dd></dl></aside>\n";
  h += "<section class=\"fields\"><table class=\"fields\"><thead><tr><th>項目</th><th>読取画像</th><th>値</th>"
       "<th>信頼度</th><th>状態</th></tr></thead><tbody>\n";
  for (const auto& fv : v.fields) field_row(h, v, fv, reviewer);
  h += "</tbody></table></section>\n</main>\n";
  h += "<div class=\"overlay\" id=\"zoom\" hidden><div class=\"zoom-frame\" id=\"zoom-frame\"><img id=\"zoom-img\" "
       "data-src=\"/records/" + id + "/page.jpg\" alt=\"ページ拡大\"><div class=\"zoom-box\" id=\"zoom-box\"></div></div>"
       "<p class=\"hint\">F2 または Esc で閉じる</p></div>\n";
  h += "<div class=\"overlay\" id=\"verdict\" hidden><div class=\"dialog\"><h2 id=\"verdict-title\"></h2>"
       "<label for=\"verdict-reason\">理由</label> <input id=\"verdict-reason\" autocomplete=\"off\">"
       "<div class=\"err\" id=\"verdict-err\" role=\"alert\"></div><p class=\"hint\">Enter で決定、Esc で取消</p></div></div>\n";
  h += "<div class=\"banner\" id=\"done\" tabindex=\"-1\" hidden>この帳票の確認が終わりました。Enter で次の帳票へ。</div>\n";
  return h + page_foot();
}

}  // namespace kamiflow::review::http
