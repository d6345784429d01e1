// Builds the HTML report from a records database: StoredRecord → ocr::Record → ReportPage, plus the
// journal's rejected pages, thumbnails from the input files, and ground truth when given.
#include "engine/report/store_report.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "engine/report/html_report.hpp"
#include "engine/store/record_store.hpp"
#include "engine/templates/loader.hpp"
#include "kamiflow/ocr/page_source.hpp"

namespace kamiflow {
namespace {

namespace fs = std::filesystem;
using TemplateMap = std::map<std::string, std::shared_ptr<const ocr::FormTemplate>>;

std::vector<std::uint8_t> read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

Result<TemplateMap> load_templates(const StoreReportOptions& options) {
  TemplateMap out;
  for (const auto& t : options.loaded_templates) out[t->id] = t;
  for (const auto& p : options.templates) {
    KF_ASSIGN_OR_RETURN(auto t, load_template(p.string()));
    out[t->id] = t;
  }
  return out;
}

ocr::Record to_record(const engine::StoredRecord& s) {
  ocr::Record r;
  r.form_id = s.form_id;
  r.source_file = s.source_file;
  r.page = s.page;
  r.file_sha256 = s.file_sha256;
  r.alignment_score = s.alignment_score;
  r.rotation_degrees = s.rotation;
  for (const auto& f : s.fields) {
    ocr::FieldResult fr;
    fr.name = f.name;
    fr.type = ocr::parse_field_type(f.type).value_or(ocr::FieldType::kText);
    fr.raw = f.raw;
    fr.value = f.value;
    fr.confidence = f.confidence;
    fr.flags = f.flags;
    fr.box = f.box;
    if (!f.crop_path.empty()) fr.crop_png = read_bytes(f.crop_path);
    r.fields.push_back(std::move(fr));
  }
  return r;
}

std::vector<std::uint8_t> thumbnail(const std::string& file, int page, int px) {
  auto source = ocr::PageSource::open(file);
  if (!source.ok() || page < 1 || page > (*source)->page_count()) return {};
  auto image = (*source)->page(page - 1);
  if (!image.ok()) return {};
  return image->encode_png_scaled(px).value_or({});
}

PageStatus status_of(engine::RecordState s) {
  return s == engine::RecordState::kNeedsReview ? PageStatus::kNeedsReview : PageStatus::kAccepted;
}

}  // namespace

Result<StoreReportSummary> write_store_report(const StoreReportOptions& options, const Logger& logger) {
  KF_ASSIGN_OR_RETURN(auto store, engine::RecordStore::open(options.db));
  KF_ASSIGN_OR_RETURN(TemplateMap templates, load_templates(options));
  KF_ASSIGN_OR_RETURN(auto records, store->records());
  KF_ASSIGN_OR_RETURN(auto journal, store->journal_entries());

  std::vector<std::string> known_forms;
  for (const auto& [id, t] : templates) known_forms.push_back(id);

  std::vector<ReportPage> pages;
  for (const auto& stored : records) {
    ocr::Record record = to_record(stored);
    auto tmpl = templates.find(record.form_id);
    ReportPage page = page_from_record(record, tmpl == templates.end() ? nullptr : tmpl->second.get());
    page.status = status_of(stored.state);
    page.thumbnail_png = thumbnail(record.source_file, record.page, options.thumbnail_px);
    if (options.truth) {
      auto expected = options.truth->observe(record.source_file, record.page, Result<ocr::Record>(record), known_forms);
      for (auto& f : page.fields) {
        if (!expected) break;
        if (auto e = expected->find(f.name); e != expected->end()) f.expected = e->second;
      }
    }
    pages.push_back(std::move(page));
  }
  for (const auto& entry : journal) {
    if (entry.state == engine::PageState::kDone) continue;
    ReportPage page;
    page.source_file = entry.ref.source_file;
    page.page = entry.ref.page;
    page.status = entry.state == engine::PageState::kUnclassified ? PageStatus::kUnclassified : PageStatus::kRejected;
    page.reason = entry.reason;
    page.thumbnail_png = thumbnail(entry.ref.source_file, entry.ref.page, options.thumbnail_px);
    if (options.truth) {
      Status why = entry.state == engine::PageState::kUnclassified ? Status::Unclassified(entry.reason)
                                                                   : Status::Rejected(entry.reason);
      (void)options.truth->observe(entry.ref.source_file, entry.ref.page, Result<ocr::Record>(why), known_forms);
    }
    pages.push_back(std::move(page));
  }
  std::stable_sort(pages.begin(), pages.end(), [](const ReportPage& a, const ReportPage& b) {
    return std::tie(a.source_file, a.page) < std::tie(b.source_file, b.page);
  });

  ReportInput input;
  input.title = options.title;
  input.summary = summarize_pages(pages);
  KF_ASSIGN_OR_RETURN(nlohmann::json batch, store->latest_batch_summary());
  input.summary.seconds = batch.value("seconds", 0.0);
  input.summary.pages_per_second = batch.value("pages_per_second", 0.0);
  StoreReportSummary out;
  if (options.truth) {
    TruthRates r = options.truth->rates();
    input.summary.field_exact_rate = out.field_exact_rate = r.field_exact_rate;
    input.summary.silent_error_rate = out.silent_error_rate = r.silent_error_rate;
    input.summary.review_rate = out.review_rate = r.review_rate;
  }
  input.pages = std::move(pages);
  KF_RETURN_IF_ERROR(write_html_report(input, options.out_dir));

  out.pages = input.summary.pages;
  out.records = input.summary.records;
  out.needs_review = input.summary.needs_review;
  out.rejected = input.summary.rejected;
  out.unclassified = input.summary.unclassified;
  out.report_path = (fs::path(options.out_dir) / "report.html").string();
  logger->debug("report: {} pages written to {}", out.pages, out.report_path);
  return out;
}

}  // namespace kamiflow
