// export_records: select, sort, lay out, check and write, one file per form (contract in export.hpp).
#include "engine/export/export.hpp"

#include <glob.h>

#include <algorithm>
#include <map>
#include <optional>

#include "engine/base/messages.hpp"
#include "engine/export/cp932_safe.hpp"
#include "engine/export/values.hpp"
#include "engine/export/writers.hpp"
#include "engine/templates/loader.hpp"

namespace kamiflow::exporting {
namespace {

using engine::StoredRecord;

std::string expand(std::string pattern, const std::string& form) {
  for (auto at = pattern.find("{form}"); at != std::string::npos; at = pattern.find("{form}", at + 1))
    pattern.replace(at, 6, form);
  return pattern;
}

// The columns of a form: the layout's, or every field of the template in template order.
std::vector<Column> columns_of(const FormLayout* layout, const ocr::FormTemplate& form) {
  if (layout && !layout->columns.empty()) return layout->columns;
  std::vector<Column> cols;
  for (const auto& f : form.fields) {
    Column c;
    c.name = f.name;
    cols.push_back(c);
  }
  return cols;
}

std::string header_of(const Column& c, const ocr::FormTemplate& form, HeaderStyle style) {
  if (c.header) return *c.header;
  if (c.kind == Column::Kind::kMeta || style == HeaderStyle::kId) return c.name;
  const ocr::FieldSpec* f = form.find_field(c.name);
  return f && !f->label.empty() ? f->label : c.name;
}

std::string meta_value(const StoredRecord& r, const ocr::FormTemplate& form, const std::string& name) {
  if (name == "record_id") return std::to_string(r.id);
  if (name == "form_id") return r.form_id;
  if (name == "form_title") return form.title;
  if (name == "source_file") return r.source_file;
  if (name == "page") return std::to_string(r.page);
  if (name == "state") return std::string(engine::record_state_name(r.state));
  if (name == "batch_id") return std::to_string(r.batch_id);
  if (name == "created_at") return r.created_at;
  if (name == "file_sha256") return r.file_sha256;
  std::string flags;  // review_flags
  for (const auto& f : r.fields)
    for (const auto& fl : f.flags) flags += (flags.empty() ? "" : " ") + f.name + ":" + fl;
  return flags;
}

std::string state_reason(engine::RecordState s) {
  if (s == engine::RecordState::kNeedsReview)
    return ui("要確認: 確認が済んでいません（kamiflow review で確認・修正すると出力されます）",
              "needs review: not yet reviewed (review it with kamiflow review, then export again)");
  return ui("出力設定の states に含まれない状態です", "its state is not in the profile's states");
}

bool before(const StoredRecord* a, const StoredRecord* b) {
  return std::tie(a->source_file, a->page, a->file_sha256, a->id) < std::tie(b->source_file, b->page, b->file_sha256, b->id);
}

struct RowOutcome {
  std::vector<std::string> cells;
  std::string refusal;                 // non-empty: hold the record back
  std::vector<std::string> mappings;  // CP932 replacements, for one warning
};

RowOutcome lay_out(const StoredRecord& r, const ocr::FormTemplate& form, const std::vector<Column>& cols,
                   const ExportProfile& profile, std::optional<Cp932Guard>& cp932) {
  RowOutcome out;
  std::map<std::string, const engine::StoredField*> by_name;
  for (const auto& f : r.fields) by_name[f.name] = &f;
  for (const Column& c : cols) {
    std::string cell;
    if (c.kind == Column::Kind::kConstant) {
      cell = c.constant;
    } else if (c.kind == Column::Kind::kMeta) {
      cell = meta_value(r, form, c.name);
    } else {
      const ocr::FieldSpec* spec = form.find_field(c.name);
      auto it = by_name.find(c.name);
      const std::string value = it == by_name.end() ? "" : it->second->value;
      Result<std::string> formatted = spec ? format_field(*spec, value, c, profile) : Result<std::string>(value);
      if (!formatted.ok()) {
        out.refusal = formatted.status().message();
        return out;
      }
      cell = *formatted;
    }
    if (cp932) {
      auto checked = cp932->check(cell, profile.unencodable == Unencodable::kMap);
      if (!checked.ok()) {
        const std::string column = header_of(c, form, HeaderStyle::kLabel);
        out.refusal = ui("文字 " + checked.status().message() + " は CP932 にありません（欄「" + column +
                             "」）: 正しい字を確認のうえ修正するか、出力設定を unencodable = \"map\" にしてください",
                         "character " + checked.status().message() + " is not in CP932 (column '" + column +
                             "'): correct it, or set unencodable = \"map\" in the profile");
        return out;
      }
      for (auto& m : checked->mappings) out.mappings.push_back(c.name + ": " + m);
      cell = std::move(checked->text);
    }
    out.cells.push_back(std::move(cell));
  }
  return out;
}

HeldBack held(const StoredRecord& r, std::string reason, bool refused) {
  return {r.id, r.form_id, r.source_file, std::string(engine::record_state_name(r.state)), r.page, std::move(reason), refused};
}

}  // namespace

nlohmann::json ExportSummary::to_json() const {
  nlohmann::json j;
  j["exported"] = exported;
  j["refused"] = refused;
  j["files"] = nlohmann::json::array();
  for (const auto& f : files) j["files"].push_back({{"form_id", f.form_id}, {"path", f.path}, {"rows", f.rows}});
  j["held_back"] = nlohmann::json::array();
  for (const auto& h : held_back)
    j["held_back"].push_back({{"record_id", h.record_id}, {"form_id", h.form_id}, {"source_file", h.source_file},
                              {"page", h.page}, {"state", h.state}, {"refused", h.refused}, {"reason", h.reason}});
  j["warnings"] = nlohmann::json::array();
  for (const auto& w : warnings)
    j["warnings"].push_back({{"record_id", w.record_id}, {"source_file", w.source_file}, {"page", w.page},
                             {"message", w.message}});
  return j;
}

Result<ExportSummary> export_records(const std::vector<StoredRecord>& records, const ExportRequest& request) {
  const ExportProfile& profile = request.profile;
  std::map<std::string, TemplatePtr> templates;
  for (const auto& t : request.templates) templates[t->id] = t;

  // The forms in scope: those the profile lists, or every template's.
  std::vector<std::string> forms;
  if (profile.only_listed_forms) {
    for (const auto& [id, layout] : profile.forms) {
      if (!templates.count(id))
        return Status::InvalidInput(profile.name + ": forms." + id + ": no template has this id (templates: " +
                                    std::to_string(templates.size()) + " loaded)");
      forms.push_back(id);
    }
  } else {
    for (const auto& [id, t] : templates) forms.push_back(id);
  }

  ExportSummary summary;
  std::map<std::string, std::vector<const StoredRecord*>> by_form;
  std::vector<const StoredRecord*> sorted;
  for (const auto& r : records) sorted.push_back(&r);
  std::sort(sorted.begin(), sorted.end(), before);
  for (const StoredRecord* r : sorted) {
    if (std::find(forms.begin(), forms.end(), r->form_id) != forms.end()) {
      by_form[r->form_id].push_back(r);
    } else if (!templates.count(r->form_id)) {
      summary.held_back.push_back(held(*r, ui("様式「" + r->form_id + "」のテンプレートが読み込まれていません: --template で指定してください",
                                              "no template loaded for form '" + r->form_id + "': pass it with --template"), false));
    }  // else: a known form the profile does not list, left out on purpose
  }

  std::optional<Cp932Guard> cp932;
  if (profile.format == Format::kCsv && profile.encoding == Encoding::kCp932) {
    KF_ASSIGN_OR_RETURN(Cp932Guard g, Cp932Guard::create());
    cp932.emplace(std::move(g));
  }

  for (const std::string& id : forms) {
    const ocr::FormTemplate& form = *templates.at(id);
    auto layout_it = profile.forms.find(id);
    const FormLayout* layout = layout_it == profile.forms.end() ? nullptr : &layout_it->second;
    const std::vector<Column> cols = columns_of(layout, form);
    for (const Column& c : cols)
      if (c.kind == Column::Kind::kField && !form.find_field(c.name))
        return Status::InvalidInput(profile.name + ": forms." + id + ": template " + form.source_path +
                                    " has no field '" + c.name + "'");
    Table table;
    table.sheet_name = form.title.empty() ? id : form.title;
    if (profile.header != HeaderStyle::kNone)
      for (const Column& c : cols) table.header.push_back(header_of(c, form, profile.header));
    for (const StoredRecord* r : by_form[id]) {
      const std::string state(engine::record_state_name(r->state));
      if (std::find(profile.states.begin(), profile.states.end(), state) == profile.states.end()) {
        summary.held_back.push_back(held(*r, state_reason(r->state), false));
        continue;
      }
      RowOutcome row = lay_out(*r, form, cols, profile, cp932);
      if (!row.refusal.empty()) {
        summary.held_back.push_back(held(*r, row.refusal, true));
        ++summary.refused;
        continue;
      }
      if (!row.mappings.empty()) {
        std::string list;
        for (const auto& m : row.mappings) list += (list.empty() ? "" : ", ") + m;
        summary.warnings.push_back({r->id, r->source_file, r->page,
                                    ui("CP932 にない文字を置き換えました: ", "replaced characters CP932 lacks: ") + list});
      }
      table.rows.push_back(std::move(row.cells));
    }
    const std::string name = expand(layout && !layout->file.empty() ? layout->file : profile.file, id);
    std::filesystem::path path = std::filesystem::path(name).is_absolute() ? std::filesystem::path(name)
                                                                          : request.out_dir / name;
    std::error_code ec;
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) return Status::IOError("cannot create " + path.parent_path().string() + ": " + ec.message());
    Status st = profile.format == Format::kXlsx ? write_xlsx_table(path, table) : write_csv_table(path, table, profile);
    KF_RETURN_IF_ERROR(st.WithContext("writing " + path.string()));
    summary.exported += table.rows.size();
    summary.files.push_back({id, path.string(), table.rows.size()});
  }
  return summary;
}

Result<std::vector<TemplatePtr>> load_export_templates(const ExportProfile& profile,
                                                       const std::vector<std::string>& extra) {
  std::vector<std::string> paths;
  for (const auto& pattern : profile.templates) {
    glob_t g{};
    const int rc = ::glob(pattern.c_str(), 0, nullptr, &g);
    for (std::size_t i = 0; rc == 0 && i < g.gl_pathc; ++i) paths.emplace_back(g.gl_pathv[i]);
    globfree(&g);
    if (rc == GLOB_NOMATCH) return Status::InvalidInput(profile.name + ": templates: '" + pattern + "' matches no file");
  }
  paths.insert(paths.end(), extra.begin(), extra.end());
  if (paths.empty())
    return Status::InvalidInput(profile.name + ": no templates: list them in the profile (templates = { ... }) or "
                                               "pass --template");
  std::vector<TemplatePtr> out;
  std::map<std::string, std::string> seen;
  for (const auto& p : paths) {
    TemplateLoadOptions o;
    o.require_reference_image = false;  // exporting needs labels and options, not the image
    KF_ASSIGN_OR_RETURN(TemplatePtr t, load_template(p, o));
    auto [it, fresh] = seen.emplace(t->id, p);
    if (!fresh) {
      if (std::filesystem::weakly_canonical(it->second) == std::filesystem::weakly_canonical(p)) continue;
      return Status::InvalidInput("two templates declare form id '" + t->id + "': " + it->second + " and " + p);
    }
    out.push_back(t);
  }
  return out;
}

}  // namespace kamiflow::exporting
