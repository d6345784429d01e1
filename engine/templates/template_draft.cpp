// From detected structure to a draft template: names from a dictionary of common labels, types
// from the evidence, normalisers and validators that the role implies (a postal code is read as
// NNN-NNNN, a phone number hyphenated), and a note per field saying what the guess rests on.
#include "engine/templates/template_draft.hpp"

#include <cmath>
#include <cstdio>
#include <set>
#include <utility>

#include "engine/templates/loader.hpp"

namespace kamiflow {
namespace {

using ocr::AreaKind;
using ocr::FieldType;

struct Entry {
  const char* label;
  const char* id;
};

// Roles, most specific first: the first entry whose label occurs in the printed label wins.
constexpr Entry kRoles[] = {
    {"フリガナ", "kana"}, {"ふりがな", "kana"}, {"生年月日", "birth_date"}, {"郵便番号", "postal_code"},
    {"〒", "postal_code"}, {"電話", "phone"}, {"TEL", "phone"}, {"個人番号", "my_number"},
    {"マイナンバー", "my_number"}, {"氏名", "name"}, {"名前", "name"}, {"住所", "address"},
    {"所在地", "address"}, {"性別", "sex"}, {"続柄", "relationship"}, {"口座番号", "account_number"},
    {"預金種目", "account_type"}, {"金融機関", "bank"}, {"支店", "branch"}, {"申請日", "application_date"},
    {"申込日", "application_date"}, {"請求日", "claim_date"}, {"届出日", "notification_date"},
    {"取得日", "acquisition_date"}, {"希望日", "requested_date"}, {"年月日", "date"},
    {"確認書類", "id_documents"}, {"理由", "reason"}, {"連絡事項", "remarks"}, {"備考", "remarks"},
    {"品名", "item_detail"}, {"品目", "items"}, {"数量", "quantity"}, {"場所", "place"},
    {"住居", "housing"}, {"職業", "occupation"}, {"年金", "pension"}, {"区分", "category"},
    {"受付", "received"}, {"連絡先", "phone"}, {"種類", "kind"}, {"日", "date"}, {"番号", "number"},
};
// Whose value it is: prepended to the role ("代理人氏名" → agent_name).
constexpr Entry kPrefixes[] = {
    {"代理人", "agent"}, {"配偶者", "spouse"}, {"世帯主", "householder"}, {"被保険者", "insured"},
    {"児童", "child"}, {"申請者", "applicant"}, {"請求者", "claimant"}, {"届出人", "notifier"},
    {"収集先", "collection"}, {"異動", "move"}, {"新", "new"}, {"旧", "old"},
};
constexpr Entry kOptions[] = {
    {"その他", "other"}, {"祖父母", "grandparent"}, {"男", "male"}, {"女", "female"}, {"本人", "self"},
    {"代理人", "agent"}, {"父", "father"}, {"母", "mother"}, {"普通", "ordinary"}, {"当座", "current"},
    {"一戸建", "house"}, {"集合住宅", "apartment"}, {"厚生年金", "employees_pension"},
    {"国民年金", "national_pension"}, {"共済", "mutual_aid"}, {"運転免許", "drivers_license"},
    {"パスポート", "passport"}, {"旅券", "passport"}, {"マイナンバー", "mynumber_card"},
    {"健康保険", "health_insurance"}, {"在留カード", "residence_card"}, {"転入", "moved_in"},
    {"出生", "birth"}, {"世帯主", "householder"}, {"妻", "wife"}, {"夫", "husband"}, {"子", "child"},
    {"家具", "furniture"}, {"寝具", "bedding"}, {"自転車", "bicycle"}, {"家電", "appliance"},
    {"はい", "yes"}, {"いいえ", "no"}, {"有", "yes"}, {"無", "no"},
};

bool contains(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }

// Longest dictionary label found in `label`, so 祖父母 wins over 父 and その他 over 他.
const Entry* longest_in(const std::string& label, const Entry* begin, const Entry* end) {
  const Entry* best = nullptr;
  for (const Entry* e = begin; e != end; ++e) {
    if (contains(label, e->label) && (!best || std::string(e->label).size() > std::string(best->label).size())) best = e;
  }
  return best;
}

const Entry* first_in(const std::string& label, const Entry* begin, const Entry* end) {
  for (const Entry* e = begin; e != end; ++e) {
    if (contains(label, e->label)) return e;
  }
  return nullptr;
}

std::string unique(std::string name, std::set<std::string>& used) {
  std::string out = name;
  for (int n = 2; used.count(out); ++n) out = name + "_" + std::to_string(n);
  used.insert(out);
  return out;
}

std::string numbered(const char* stem, size_t n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s_%02zu", stem, n);
  return buf;
}

// 令和　年　月　日 printed in the cell: the writing slots lie between the printed parts.
ocr::PrintedParts date_parts(const ocr::DetectedArea& a) {
  const ocr::DetectedText *era = nullptr, *y = nullptr, *m = nullptr, *d = nullptr;
  for (const auto& w : a.printed) {
    for (const char* e : {"令和", "平成", "昭和", "大正", "明治"}) {
      if (!era && contains(w.text, e)) era = &w;
    }
    if (!y && contains(w.text, "年")) y = &w;
    else if (!m && contains(w.text, "月")) m = &w;
    else if (!d && contains(w.text, "日")) d = &w;
  }
  ocr::PrintedParts parts;
  if (!era || !y || !m || !d || era == y) return parts;
  std::string era_name;
  for (const char* e : {"令和", "平成", "昭和", "大正", "明治"}) {
    if (contains(era->text, e)) era_name = e;
  }
  const auto slot = [&](const char* name, const ocr::DetectedText& before, const ocr::DetectedText& after) {
    const double x0 = before.box.x + before.box.w + 0.3, x1 = after.box.x - 0.3;
    return ocr::WritingSlot{name, {x0, a.box.y, x1 - x0, a.box.h}};
  };
  if (!(era->box.x < y->box.x && y->box.x < m->box.x && m->box.x < d->box.x)) return parts;
  parts.era = era_name;
  parts.slots = {slot("year", *era, *y), slot("month", *y, *m), slot("day", *m, *d)};
  return parts;
}

void set_role_reading(ocr::FieldSpec& f, const std::string& role) {
  if (role == "postal_code") {
    f.normalisers = {"nfkc", "digits_only", "postal_code"};
    f.validators = {"postal_code"};
  } else if (role == "phone") {
    f.normalisers = {"nfkc", "phone"};
    f.validators = {"phone"};
  } else if (role == "my_number") {
    f.validators = {"my_number"};
  } else if (role == "name" || role == "address") {
    f.normalisers = {"nfkc", "strip_spaces"};
  }
}

}  // namespace

std::string label_to_id(const std::string& label) {
  const Entry* role = first_in(label, std::begin(kRoles), std::end(kRoles));
  const Entry* prefix = longest_in(label, std::begin(kPrefixes), std::end(kPrefixes));
  if (prefix && role && std::string(role->id) == prefix->id) prefix = nullptr;
  if (role && prefix) return std::string(prefix->id) + "_" + role->id;
  if (role) return role->id;
  if (prefix) return prefix->id;
  return "";
}

std::string option_to_id(const std::string& label) {
  const Entry* e = longest_in(label, std::begin(kOptions), std::end(kOptions));
  return e ? e->id : "";
}

TemplateDraft draft_template(const ocr::FormStructure& s, const std::string& id, const std::string& reference_image_name) {
  TemplateDraft d;
  d.form.id = id;
  d.form.width_mm = s.width_mm;
  d.form.height_mm = s.height_mm;
  d.form.reference_image = reference_image_name;
  d.form.reference_dpi = s.dpi;
  // The title: the tallest printed line in the top fifth of the page.
  double tallest = 0;
  for (const auto& n : s.notes) {
    if (n.box.y < s.height_mm / 5 && n.box.h > tallest && !n.text.empty()) tallest = n.box.h, d.form.title = n.text;
  }
  bool circle_note = false;
  for (const auto& n : s.notes) circle_note = circle_note || contains(n.text, "で囲");
  std::set<std::string> used;
  for (size_t i = 0; i < s.areas.size(); ++i) {
    ocr::DetectedArea a = s.areas[i];
    // Of two models' reads of the label, the one the dictionary knows.
    for (const auto& alt : a.label.alternatives) {
      if (label_to_id(a.label.text).empty() && !label_to_id(alt).empty()) a.label.text = alt;
    }
    ocr::FieldSpec f;
    f.label = a.label.text;
    f.box = a.box;
    const std::string role_id = [&] {
      const Entry* r = first_in(a.label.text, std::begin(kRoles), std::end(kRoles));
      return r ? std::string(r->id) : std::string();
    }();
    std::string base = label_to_id(a.label.text);
    std::string why = a.label.text.empty() ? "no label found" : "label 「" + a.label.text + "」";
    if (base.empty()) base = numbered("field", i + 1);
    const bool date_role = role_id == "birth_date" || role_id == "date" ||
                           (role_id.size() > 5 && role_id.compare(role_id.size() - 5, 5, "_date") == 0);
    switch (a.kind) {
      case AreaKind::kCharBoxes:
        f.type = FieldType::kDigitBoxes;
        f.cells = a.cells;
        why += "; a row of " + std::to_string(a.cells.size()) + " character boxes → digit_boxes";
        break;
      case AreaKind::kCheckboxes:
        f.type = FieldType::kCheckboxGroup;
        // 「複数可」「複数回答」 in the label says several may be ticked; otherwise one, to be checked.
        f.multiple = contains(a.label.text, "複数");
        why += "; " + std::to_string(a.options.size()) + " check boxes → checkbox_group" +
               (f.multiple ? " (「複数」 in the label: multiple)" : " (set multiple = true if several may be ticked)");
        break;
      case AreaKind::kChoices:
        f.type = FieldType::kCircledChoice;
        why += "; " + std::to_string(a.options.size()) + " printed choices" +
               (circle_note ? " and 「○で囲む」 on the form" : "") + " → circled_choice";
        break;
      case AreaKind::kWriting:
        if (role_id == "kana") f.type = FieldType::kKana, why += " → kana";
        else if (date_role) f.type = FieldType::kDate, why += " → date";
        else if (role_id == "phone" || role_id == "postal_code") f.type = FieldType::kDigits, why += " → digits";
        else why += "; an empty ruled cell → text";
        if (f.type == FieldType::kDate) f.parts = date_parts(a);
        if (!f.parts.empty()) why += " (era and 年/月/日 printed: parts)";
        break;
    }
    const FieldTypeDefaults defaults = field_type_defaults(f.type);
    f.read = defaults.read;
    f.normalisers = defaults.normalisers;
    f.validators = defaults.validators;
    if (f.type != FieldType::kCheckboxGroup && f.type != FieldType::kCircledChoice) set_role_reading(f, role_id);
    std::set<std::string> values;
    for (size_t k = 0; k < a.options.size(); ++k) {
      std::string v = option_to_id(a.options[k].text);
      if (v.empty()) v = numbered("option", k + 1);
      f.options.push_back({unique(v, values), a.options[k].text, a.options[k].box});
    }
    f.name = unique(base, used);
    d.form.fields.push_back(std::move(f));
    d.notes.push_back(why);
  }
  // フリガナ right above a name: its reading.
  for (auto& f : d.form.fields) {
    if (f.type != FieldType::kKana) continue;
    for (const auto& n : d.form.fields) {
      if (n.type != FieldType::kText || n.label.find("名") == std::string::npos) continue;
      if (std::abs(n.box.y - (f.box.y + f.box.h)) < 1.0 && std::abs(n.box.x - f.box.x) < 1.0) f.reading_of = n.name;
    }
  }
  return d;
}

}  // namespace kamiflow
