// ReviewService: queue, record views, checked entries and verdicts (images in images.cpp).
#include "engine/review/service.hpp"

#include <algorithm>
#include <filesystem>

#include "engine/review/reasons.hpp"
#include "engine/templates/loader.hpp"
#include "kamiflow/ocr/entry.hpp"

namespace kamiflow::review {
namespace {

namespace fs = std::filesystem;

bool in_queue(const engine::StoredRecord& r) {
  return r.state == engine::RecordState::kNeedsReview && r.verdict == engine::RecordVerdict::kNone;
}

bool matches(const engine::StoredRecord& r, const QueueFilter& f) {
  if (!f.form.empty() && r.form_id != f.form) return false;
  if (f.batch != 0 && r.batch_id != f.batch) return false;
  if (!f.reason.empty()) {
    auto keys = reason_keys(r);
    if (std::find(keys.begin(), keys.end(), f.reason) == keys.end()) return false;
  }
  return true;
}

}  // namespace

Result<std::vector<TemplatePtr>> load_template_dir(const std::string& dir, std::vector<std::string>* skipped) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Status::NotFound("template directory " + dir + " does not exist");
  std::vector<fs::path> candidates;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.is_directory() && fs::exists(e.path() / "template.lua")) candidates.push_back(e.path() / "template.lua");
    else if (e.is_regular_file() && e.path().extension() == ".lua") candidates.push_back(e.path());
  }
  std::sort(candidates.begin(), candidates.end());
  std::vector<TemplatePtr> out;
  for (const auto& p : candidates) {
    auto t = load_template(p.string());
    if (t.ok()) out.push_back(*t);
    else if (skipped) skipped->push_back(p.string() + ": " + t.status().message());
  }
  return out;
}

ReviewService::ReviewService(std::unique_ptr<engine::RecordStore> store, std::vector<TemplatePtr> templates)
    : store_(std::move(store)) {
  for (auto& t : templates) templates_[t->id] = std::move(t);
}

Result<std::unique_ptr<ReviewService>> ReviewService::open(const std::string& db, std::vector<TemplatePtr> templates) {
  engine::RecordStoreOptions options;
  options.create_if_missing = false;  // a mistyped --db is an error, never a new empty queue
  KF_ASSIGN_OR_RETURN(auto store, engine::RecordStore::open(db, options));
  return std::unique_ptr<ReviewService>(new ReviewService(std::move(store), std::move(templates)));
}

const ocr::FormTemplate* ReviewService::find_template(const std::string& form_id) const {
  auto it = templates_.find(form_id);
  return it == templates_.end() ? nullptr : it->second.get();
}

Result<QueueView> ReviewService::queue(const QueueFilter& filter) {
  std::lock_guard lock(mu_);
  KF_ASSIGN_OR_RETURN(auto records, store_->records());
  QueueView v;
  for (const auto& r : records) {
    if (r.verdict == engine::RecordVerdict::kRescan) ++v.counts.rescan;
    else if (r.verdict == engine::RecordVerdict::kRejected) ++v.counts.rejected;
    else if (r.state == engine::RecordState::kReviewed) ++v.counts.reviewed;
    else if (r.state == engine::RecordState::kAccepted) ++v.counts.accepted;
    if (!in_queue(r)) continue;
    ++v.counts.needs_review;
    ++v.counts.by_form[r.form_id];
    ++v.counts.by_batch[r.batch_id];
    for (const auto& k : reason_keys(r)) ++v.counts.by_reason[k];
    if (!matches(r, filter)) continue;
    QueueItem item;
    item.id = r.id;
    item.batch_id = r.batch_id;
    item.form_id = r.form_id;
    const ocr::FormTemplate* t = find_template(r.form_id);
    item.form_title = t ? t->title : "";
    item.source_file = r.source_file;
    item.page = r.page;
    item.reasons = reason_keys(r);
    for (const auto& f : r.fields)
      if (r.is_doubtful(f)) {
        ++item.doubtful;
        item.checked += f.review != engine::FieldReview::kOcr;
      }
    v.items.push_back(std::move(item));
  }
  return v;
}

Result<std::optional<long long>> ReviewService::next_in_queue(long long id, const QueueFilter& filter) {
  KF_ASSIGN_OR_RETURN(QueueView v, queue(filter));
  std::optional<long long> first;
  for (const auto& item : v.items) {
    if (item.id == id) continue;
    if (!first) first = item.id;
    if (item.id > id) return std::optional<long long>(item.id);
  }
  return first;
}

Result<RecordView> ReviewService::record(long long id) {
  std::lock_guard lock(mu_);
  KF_ASSIGN_OR_RETURN(engine::StoredRecord r, store_->record(id));
  RecordView v;
  const ocr::FormTemplate* t = find_template(r.form_id);
  v.has_template = t != nullptr;
  v.form_title = t ? t->title : "";
  v.reasons = record_reasons_ja(r);
  v.checks = t ? t->review_checks : 1;
  KF_ASSIGN_OR_RETURN(std::vector<engine::ReviewEntry> entries, store_->open_review_entries(id));
  for (const auto& f : r.fields) {
    FieldView fv;
    fv.field = f;
    const ocr::FieldSpec* spec = t ? t->find_field(f.name) : nullptr;
    fv.label = spec && !spec->label.empty() ? spec->label : f.name;
    fv.doubtful = r.is_doubtful(f);
    fv.reasons = field_reasons_ja(r, f);
    for (const auto& e : entries)
      if (e.field == f.name) fv.entries.push_back(e);
    if (spec && !spec->options.empty()) {
      fv.hint = spec->multiple ? "選択肢（複数可、「,」区切り）: " : "選択肢: ";
      for (std::size_t i = 0; i < spec->options.size(); ++i)
        fv.hint += (i ? "、" : "") + spec->options[i].label + "（" + spec->options[i].value + "）";
    } else if (spec && spec->type == ocr::FieldType::kDate) {
      fv.hint = "和暦でも入力できます（例: 令和7年4月10日）";
    }
    v.fields.push_back(std::move(fv));
  }
  v.record = std::move(r);
  return v;
}

Result<std::string> ReviewService::checked_value(const engine::StoredRecord& r, const std::string& field,
                                                 const std::string& typed) {
  const ocr::FormTemplate* t = find_template(r.form_id);
  if (!t)
    return Status::InvalidInput("様式「" + r.form_id + "」のテンプレートが読み込まれていないため、入力を検証できません" +
                                " (--templates で様式のフォルダを指定してください)");
  const ocr::FieldSpec* spec = t->find_field(field);
  if (!spec) return Status::NotFound("様式「" + r.form_id + "」に項目「" + field + "」はありません");
  return ocr::check_entry(*spec, typed);
}

Result<EntryOutcome> ReviewService::enter(long long id, const std::string& field, const std::string& typed,
                                          const std::string& reviewer) {
  std::lock_guard lock(mu_);
  KF_ASSIGN_OR_RETURN(engine::StoredRecord r, store_->record(id));
  KF_ASSIGN_OR_RETURN(std::string value, checked_value(r, field, typed));
  const ocr::FormTemplate* t = find_template(r.form_id);
  bool doubtful = false, decided = false;
  for (const auto& f : r.fields)
    if (f.name == field) doubtful = r.is_doubtful(f), decided = f.review != engine::FieldReview::kOcr;
  if (t && t->review_checks >= 2 && doubtful && !decided) {
    KF_ASSIGN_OR_RETURN(std::vector<engine::ReviewEntry> all, store_->open_review_entries(id));
    std::vector<engine::ReviewEntry> open;
    for (auto& e : all)
      if (e.field == field) open.push_back(std::move(e));
    for (const auto& e : open)
      if (e.reviewer == reviewer)
        return Status::InvalidInput("ダブルチェックの項目です。同じ確認者は二度入力できません（別の確認者が入力してください）");
    const bool first = open.empty(), disagree = open.size() == 1 && open[0].value != value;
    if (first || disagree) {
      KF_RETURN_IF_ERROR(store_->add_review_entry(id, field, value, reviewer));
      return EntryOutcome{first ? "first" : "compare", value, engine::FieldReview::kOcr, r.state};
    }
    // The second entry agrees with the first, or a third reviewer settles a disagreement.
  }
  KF_ASSIGN_OR_RETURN(engine::FieldReview review, store_->review_field(id, field, value, reviewer));
  KF_ASSIGN_OR_RETURN(engine::StoredRecord after, store_->record(id));
  return EntryOutcome{"", value, review, after.state};
}

Status ReviewService::accept(long long id, const std::map<std::string, std::string>& typed,
                             const std::string& reviewer) {
  std::lock_guard lock(mu_);
  KF_ASSIGN_OR_RETURN(engine::StoredRecord r, store_->record(id));
  if (const ocr::FormTemplate* t = find_template(r.form_id); t && t->review_checks >= 2)
    return Status::InvalidInput("様式「" + r.form_id + "」はダブルチェック（review = { checks = 2 }）です。"
                                "確認画面（kamiflow review serve）で二人が入力してください");
  std::map<std::string, std::string> values;
  for (const auto& [field, text] : typed) {
    KF_ASSIGN_OR_RETURN(std::string v, checked_value(r, field, text));
    values[field] = std::move(v);
  }
  return store_->mark_reviewed(id, values, reviewer);
}

Status ReviewService::verdict(long long id, engine::RecordVerdict verdict, const std::string& reason,
                              const std::string& reviewer) {
  std::lock_guard lock(mu_);
  if (verdict == engine::RecordVerdict::kRejected && reason.empty())
    return Status::InvalidInput("却下の理由を入力してください");
  return store_->set_verdict(id, verdict, reason, reviewer);
}

Result<std::vector<engine::AuditEntry>> ReviewService::history(long long id) {
  std::lock_guard lock(mu_);
  KF_RETURN_IF_ERROR(store_->record(id).status());
  return store_->audit_trail(id);
}

}  // namespace kamiflow::review
