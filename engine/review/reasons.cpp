#include "engine/review/reasons.hpp"

#include <algorithm>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "engine/report/html_report.hpp"

namespace kamiflow::review {
namespace {

nlohmann::json parse(const engine::StoredRecord& r) {
  nlohmann::json doc = nlohmann::json::parse(r.json, nullptr, false);
  return doc.is_object() ? doc : nlohmann::json::object();
}

const nlohmann::json* json_field(const nlohmann::json& doc, const std::string& name) {
  if (!doc.contains("fields") || !doc["fields"].is_array()) return nullptr;
  for (const auto& f : doc["fields"])
    if (f.is_object() && f.value("name", "") == name) return &f;
  return nullptr;
}

void add_unique(std::vector<std::string>& out, std::string s) {
  if (!s.empty() && std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
}

}  // namespace

std::string flag_sentence_ja(std::string_view flag) {
  struct Entry {
    std::string_view flag, text;
  };
  static constexpr Entry kText[] = {
      {ocr::flag::kLowConfidence, "読み取りの確からしさが低い"},
      {ocr::flag::kInvalid, "値が項目の規則に合わない"},
      {ocr::flag::kBlankRequired, "必須項目が空欄"},
      {ocr::flag::kMultipleMarks, "複数の選択肢に印がある"},
      {ocr::flag::kNoMark, "どの選択肢にも印がない"},
      {ocr::flag::kUnreadable, "読み取れなかった"},
      {ocr::flag::kDisagreement, "二通りの読み取り結果が一致しない"},
      {ocr::flag::kModelDisagreement, "二つの文字認識モデルの結果が一致しない"},
      {ocr::flag::kReadingMismatch, "フリガナと氏名の読みが合わない"},
      {ocr::flag::kIncomplete, "一部が未記入"},
  };
  for (const auto& e : kText)
    if (e.flag == flag) return std::string(e.text);
  return std::string(flag_label_ja(flag));
}

std::string reason_key_label_ja(std::string_view key) {
  if (key == "workflow") return "業務ルール";
  return std::string(flag_label_ja(key));
}

std::vector<std::string> field_reasons_ja(const engine::StoredRecord& r, const engine::StoredField& f) {
  std::vector<std::string> out;
  for (const auto& fl : f.flags) {
    std::string s = flag_sentence_ja(fl);
    if (fl == ocr::flag::kLowConfidence) {
      char buf[48];
      std::snprintf(buf, sizeof buf, "（信頼度 %.0f%%）", f.confidence * 100.0);
      s += buf;
    }
    add_unique(out, s);
  }
  const nlohmann::json doc = parse(r);
  if (const nlohmann::json* jf = json_field(doc, f.name)) {
    if (jf->contains("reasons") && (*jf)["reasons"].is_array())
      for (const auto& m : (*jf)["reasons"])
        if (m.is_string()) add_unique(out, "検証: " + m.get<std::string>());
    if (jf->contains("alternatives") && (*jf)["alternatives"].is_array()) {
      std::string alts;
      for (const auto& a : (*jf)["alternatives"])
        if (a.is_string() && a.get<std::string>() != f.value) alts += (alts.empty() ? "" : " / ") + a.get<std::string>();
      if (!alts.empty()) add_unique(out, "別の読み取り結果: " + alts);
    }
  }
  if (doc.contains("validation") && doc["validation"].is_object()) {
    const auto& v = doc["validation"];
    if (v.contains(f.name) && v[f.name].is_string()) add_unique(out, "業務ルール: " + v[f.name].get<std::string>());
  }
  return out;
}

std::vector<std::string> record_reasons_ja(const engine::StoredRecord& r) {
  std::vector<std::string> out;
  const nlohmann::json doc = parse(r);
  if (doc.contains("review_reason") && doc["review_reason"].is_string())
    add_unique(out, "業務ルールの指摘: " + doc["review_reason"].get<std::string>());
  if (r.verdict == engine::RecordVerdict::kRescan) add_unique(out, "再スキャン指示: " + r.verdict_reason);
  if (r.verdict == engine::RecordVerdict::kRejected) add_unique(out, "却下: " + r.verdict_reason);
  return out;
}

std::vector<std::string> reason_keys(const engine::StoredRecord& r) {
  std::vector<std::string> out;
  for (const auto& f : r.fields)
    for (const auto& fl : f.flags) add_unique(out, fl);
  const nlohmann::json doc = parse(r);
  if (doc.contains("review_reason") && doc["review_reason"].is_string()) add_unique(out, "workflow");
  return out;
}

}  // namespace kamiflow::review
