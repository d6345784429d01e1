// check_entry(): a reviewer's typed value through the field's own normalisers and validators
// (normalise_and_validate, shared with the OCR path) or, for choices, against the options.
#include "kamiflow/ocr/entry.hpp"

#include <vector>

#include "field_postprocess.hpp"
#include "kamiflow/ocr/text.hpp"

namespace kamiflow::ocr {
namespace {

std::string label_of(const FieldSpec& spec) { return spec.label.empty() ? spec.name : spec.label; }

Status refuse(const FieldSpec& spec, const std::string& what) {
  return Status::InvalidInput("「" + label_of(spec) + "」には使えない値です: " + what);
}

// The rule that failed, in words a clerk acts on; the rule's own message follows in parentheses.
// `why` is "normaliser NAME: …" (normalise_and_validate) or a validator's "NAME: …".
std::string explain(const std::string& why) {
  struct Rule {
    const char* name;
    const char* ja;
  };
  static constexpr Rule kRules[] = {
      {"date_iso", "日付として読めません（例: 令和7年4月10日、2025-04-10）"},
      {"date", "存在しない日付です"},
      {"postal_code", "郵便番号は7桁の数字です（例: 100-0001）"},
      {"phone", "電話番号の形ではありません（例: 03-1234-5678）"},
      {"my_number", "個人番号は12桁で、最後の検査用数字が合う必要があります"},
      {"katakana", "カタカナで入力してください"},
  };
  std::string rule = why;
  if (rule.starts_with("normaliser ")) rule = rule.substr(11);
  for (const auto& r : kRules) {
    const std::string prefix = std::string(r.name) + ":";
    if (rule.starts_with(prefix)) return std::string(r.ja) + "（" + why + "）";
  }
  return why;
}

// "male, female" or "男、女" → the option values, each once, in the template's order.
Result<std::string> check_choice(const FieldSpec& spec, std::string_view typed) {
  std::string norm = text::nfkc(typed);
  for (std::size_t p; (p = norm.find("、")) != std::string::npos;) norm.replace(p, 3, ",");
  std::vector<bool> chosen(spec.options.size(), false);
  std::size_t start = 0;
  int count = 0;
  while (start <= norm.size()) {
    std::size_t end = norm.find(',', start);
    if (end == std::string::npos) end = norm.size();
    const std::string part = text::strip_spaces(norm.substr(start, end - start));
    start = end + 1;
    if (part.empty()) continue;
    bool known = false;
    for (std::size_t i = 0; i < spec.options.size(); ++i)
      if (part == spec.options[i].value || part == text::strip_spaces(text::nfkc(spec.options[i].label))) {
        known = true;
        if (!chosen[i]) ++count;
        chosen[i] = true;
      }
    if (!known) {
      std::string list;
      for (const auto& o : spec.options) list += (list.empty() ? "" : "、") + o.label + "（" + o.value + "）";
      return refuse(spec, "「" + part + "」は選択肢にありません。選択肢: " + list);
    }
  }
  if (count > 1 && !spec.multiple) return refuse(spec, "選択できるのは一つだけです");
  std::string out;
  for (std::size_t i = 0; i < spec.options.size(); ++i)
    if (chosen[i]) out += (out.empty() ? "" : ",") + spec.options[i].value;
  return out;
}

}  // namespace

Result<std::string> check_entry(const FieldSpec& spec, std::string_view typed) {
  const bool blank = text::strip_spaces(typed).empty();
  if (blank) {
    if (spec.required) return refuse(spec, "必須項目です（空欄にはできません）");
    return std::string();
  }
  if (spec.type == FieldType::kCheckboxGroup || spec.type == FieldType::kCircledChoice)
    return check_choice(spec, typed);
  std::string value(typed);
  std::string why;
  if (!normalise_and_validate(spec, value, why)) return refuse(spec, explain(why));
  return value;
}

}  // namespace kamiflow::ocr
