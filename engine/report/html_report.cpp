// The report's data side: status and flag names, page_from_record(), summarize_pages(),
// html_escape(). Rendering is in html_report_render.cpp, file writing in html_report_write.cpp.
#include "engine/report/html_report.hpp"

#include <string>

namespace kamiflow {

std::string_view page_status_name(PageStatus s) {
  switch (s) {
    case PageStatus::kAccepted: return "accepted";
    case PageStatus::kNeedsReview: return "needs_review";
    case PageStatus::kRejected: return "rejected";
    case PageStatus::kUnclassified: return "unclassified";
    case PageStatus::kReviewed: return "reviewed";
  }
  return "unknown";
}

std::string_view page_status_label_ja(PageStatus s) {
  switch (s) {
    case PageStatus::kAccepted: return "受理";
    case PageStatus::kNeedsReview: return "要確認";
    case PageStatus::kRejected: return "却下";
    case PageStatus::kUnclassified: return "分類不能";
    case PageStatus::kReviewed: return "確認済";
  }
  return "不明";
}

std::string_view flag_label_ja(std::string_view flag) {
  // Kept beside the flag list in ocr/record.hpp; a flag missing here still shows, in English.
  struct Entry {
    std::string_view flag, label;
  };
  static constexpr Entry kLabels[] = {
      {ocr::flag::kLowConfidence, "信頼度低"},  {ocr::flag::kInvalid, "検証エラー"},
      {ocr::flag::kBlankRequired, "必須未記入"}, {ocr::flag::kMultipleMarks, "複数選択"},
      {ocr::flag::kNoMark, "未選択"},            {ocr::flag::kUnreadable, "読取不能"},
      {ocr::flag::kDisagreement, "読取不一致"},   {ocr::flag::kModelDisagreement, "モデル間不一致"},
      {ocr::flag::kReadingMismatch, "読み不一致"},
      {ocr::flag::kIncomplete, "一部未記入"},
  };
  for (const auto& e : kLabels)
    if (e.flag == flag) return e.label;
  return flag;
}

std::optional<bool> ReportField::is_correct() const {
  if (correct) return correct;
  if (!expected) return std::nullopt;
  return value == *expected;
}

ReportPage page_from_record(const ocr::Record& record, const ocr::FormTemplate* form) {
  ReportPage page;
  page.source_file = record.source_file;
  page.page = record.page;
  page.form_id = record.form_id;
  page.form_title = form ? form->title : "";
  page.rotation_degrees = record.rotation_degrees;
  page.alignment_score = record.alignment_score;

  std::string flagged;  // "氏名（信頼度低）、生年月日（検証エラー）": what the clerk must look at
  for (const auto& f : record.fields) {
    ReportField field;
    field.name = f.name;
    const ocr::FieldSpec* spec = form ? form->find_field(f.name) : nullptr;
    field.label = spec ? spec->label : "";
    field.type = std::string(ocr::field_type_name(f.type));
    field.crop_png = f.crop_png;
    field.raw = f.raw;
    field.value = f.value;
    field.confidence = f.confidence;
    field.flags = f.flags;
    if (field.needs_review()) {
      if (!flagged.empty()) flagged += "、";
      flagged += field.label.empty() ? field.name : field.label;
      flagged += "（";
      for (std::size_t i = 0; i < f.flags.size(); ++i) {
        if (i) flagged += "・";
        flagged += flag_label_ja(f.flags[i]);
      }
      flagged += "）";
    }
    page.fields.push_back(std::move(field));
  }
  if (record.needs_review()) {
    page.status = PageStatus::kNeedsReview;
    page.reason = "確認が必要な項目: " + flagged;
  }
  return page;
}

ReportSummary summarize_pages(const std::vector<ReportPage>& pages) {
  ReportSummary s;
  s.pages = static_cast<int>(pages.size());
  for (const auto& p : pages) {
    switch (p.status) {
      case PageStatus::kAccepted: ++s.records; break;
      case PageStatus::kReviewed: ++s.records; break;
      case PageStatus::kNeedsReview: ++s.records; ++s.needs_review; break;
      case PageStatus::kRejected: ++s.rejected; break;
      case PageStatus::kUnclassified: ++s.unclassified; break;
    }
  }
  return s;
}

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default:
        // NUL and other C0 controls are not allowed in HTML text; OCR garbage can contain them.
        if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) {
          out += "\xEF\xBF\xBD";  // U+FFFD
        } else {
          out += ch;
        }
    }
  }
  return out;
}

}  // namespace kamiflow
