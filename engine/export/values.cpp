#include "engine/export/values.hpp"

#include <array>
#include <cstdio>

#include "engine/base/messages.hpp"
#include "kamiflow/ocr/text.hpp"

namespace kamiflow::exporting {
namespace {

bool is_choice(const ocr::FieldSpec& spec) {
  return spec.type == ocr::FieldType::kCheckboxGroup || spec.type == ocr::FieldType::kCircledChoice;
}

std::string two(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }

// 令和7年4月11日 → 5070411 (era 1 明治 … 5 令和, then YYMMDD): the code many 住民記録 systems use.
Result<std::string> wareki_code(const std::string& wareki) {
  static const std::array<const char*, 5> kEraNames = {"明治", "大正", "昭和", "平成", "令和"};
  for (std::size_t e = 0; e < kEraNames.size(); ++e) {
    const std::string era = kEraNames[e];
    if (wareki.rfind(era, 0) != 0) continue;
    std::string rest = wareki.substr(era.size());
    int y = 0, m = 0, d = 0;
    if (rest.rfind("元", 0) == 0) rest = "1" + rest.substr(std::string("元").size());
    if (std::sscanf(rest.c_str(), "%d年%d月%d日", &y, &m, &d) != 3) break;
    return std::to_string(e + 1) + two(y) + two(m) + two(d);
  }
  return Status::Internal("unexpected 和暦 text " + wareki);
}

}  // namespace

Result<std::string> format_date(const std::string& value, DateStyle style) {
  std::string iso = value;
  if (!text::check_iso_date(value).ok()) {
    auto parsed = text::date_to_iso(value);  // a reviewer may have typed 令和7年4月11日
    if (!parsed.ok())
      return Status::InvalidInput(ui("日付として読めません（「" + value + "」）: 確認して修正してください",
                                     "not a date ('" + value + "'): check and correct it"));
    iso = *parsed;
  }
  switch (style) {
    case DateStyle::kIso:
      return iso;
    case DateStyle::kYyyymmdd:
      return iso.substr(0, 4) + iso.substr(5, 2) + iso.substr(8, 2);
    case DateStyle::kWareki:
      return text::iso_to_wareki(iso);
    case DateStyle::kWarekiCode: {
      KF_ASSIGN_OR_RETURN(std::string w, text::iso_to_wareki(iso));
      return wareki_code(w);
    }
  }
  return iso;
}

Result<std::string> format_field(const ocr::FieldSpec& spec, const std::string& value, const Column& col,
                                 const ExportProfile& profile) {
  if (value.empty()) return col.blank;
  auto mapped = [&](const std::string& v, const std::string& label) -> Result<std::string> {
    if (auto it = col.map.find(v); it != col.map.end()) return it->second;
    if (auto it = col.map.find(label); !label.empty() && it != col.map.end()) return it->second;
    return Status::InvalidInput(ui("「" + (label.empty() ? v : label) + "」は欄「" + spec.label +
                                       "」の変換表にありません: 出力設定（プロファイル）の map に追加してください",
                                   "'" + (label.empty() ? v : label) + "' is not in the map of column '" + spec.name +
                                       "': add it to the profile's map"));
  };
  if (is_choice(spec)) {
    std::string out;
    std::size_t start = 0;
    while (start <= value.size()) {
      const std::size_t comma = value.find(',', start);
      const std::string one = value.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      start = comma == std::string::npos ? value.size() + 1 : comma + 1;
      if (one.empty()) continue;
      std::string label;
      for (const auto& o : spec.options)
        if (o.value == one) label = o.label;
      std::string cell;
      if (!col.map.empty()) {
        KF_ASSIGN_OR_RETURN(cell, mapped(one, label));
      } else {
        cell = col.choices.value_or(profile.choices) == ChoiceStyle::kLabel && !label.empty() ? label : one;
      }
      out += (out.empty() ? "" : profile.separator) + cell;
    }
    return out;
  }
  std::string cell = value;
  if (spec.type == ocr::FieldType::kDate) {
    KF_ASSIGN_OR_RETURN(cell, format_date(value, col.date.value_or(profile.date)));
  }
  if (!col.map.empty()) return mapped(cell, "");
  return cell;
}

}  // namespace kamiflow::exporting
