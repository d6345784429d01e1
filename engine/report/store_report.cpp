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

// The stored record, with the saved crops shown only when the page image cannot be read again (add_view).
ocr::Record to_record(const engine::StoredRecord& s) {
  ocr::Record r = engine::to_ocr_record(s);
  for (std::size_t i = 0; i < s.fields.size() && i < r.fields.size(); ++i)
    if (!s.fields[i].crop_path.empty() && !std::filesystem::exists(s.source_file))
      r.fields[i].crop_png = read_bytes(s.fields[i].crop_path);
  return r;
}

Result<ocr::PageImage> decode(const std::string& file, int page) {
  KF_ASSIGN_OR_RETURN(auto source, ocr::PageSource::open(file));
  if (page < 1 || page > source->page_count()) return Status::NotFound(file + " has no page " + std::to_string(page));
  return source->page(page - 1);
}

// A box of the unturned page, in the upright view image scaled by `s` (rotation as in
// PageImage::encode_jpeg_upright: clockwise quarter turns).
ocr::PixelBox view_box(const ocr::PixelBox& b, int W, int H, int rotation, double s) {
  const int q = ((rotation % 360) + 360) % 360;
  ocr::PixelBox r = b;
  if (q == 90) r = {H - b.y - b.h, b.x, b.h, b.w};
  if (q == 180) r = {W - b.x - b.w, H - b.y - b.h, b.w, b.h};
  if (q == 270) r = {b.y, W - b.x - b.w, b.h, b.w};
  auto sc = [s](int v) { return static_cast<int>(v * s + 0.5); };
  return {sc(r.x), sc(r.y), sc(r.w), sc(r.h)};
}

// The page's one view image, and where each field sits in it. A file that can no longer be read
// leaves the page without (the stored crops, when any, are shown instead).
void add_view(ReportPage& page, const engine::StoredRecord* stored, const std::string& file, int page_no,
              int rotation, int view_px, int quality) {
  auto image = decode(file, page_no);
  if (!image.ok()) return;
  auto jpeg = image->encode_jpeg_upright(rotation, view_px, quality);
  if (!jpeg.ok()) return;
  page.view_jpeg = std::move(*jpeg);
  if (!stored) return;
  const int W = image->width(), H = image->height(), longest = std::max(W, H);
  const double s = view_px > 0 && longest > view_px ? static_cast<double>(view_px) / longest : 1.0;
  for (std::size_t i = 0; i < page.fields.size() && i < stored->fields.size(); ++i) {
    const ocr::PixelBox& b = stored->fields[i].box;
    if (b.w > 0 && b.h > 0) page.fields[i].view_box = view_box(b, W, H, rotation, s);
  }
}

// Reviewed records are 確認済; a clerk's verdict makes a record 却下 with the clerk's reason.
PageStatus status_of(const engine::StoredRecord& r, std::string& reason) {
  if (r.verdict != engine::RecordVerdict::kNone) {
    reason = std::string(r.verdict == engine::RecordVerdict::kRescan ? "再スキャン指示" : "確認者が却下") +
             (r.verdict_reason.empty() ? "" : ": " + r.verdict_reason);
    return PageStatus::kRejected;
  }
  if (r.state == engine::RecordState::kNeedsReview) return PageStatus::kNeedsReview;
  if (r.state == engine::RecordState::kReviewed) {
    reason.clear();
    return PageStatus::kReviewed;
  }
  reason.clear();
  return PageStatus::kAccepted;
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
    page.status = status_of(stored, page.reason);
    add_view(page, &stored, record.source_file, record.page, record.rotation_degrees, options.view_px,
             options.view_quality);
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
    add_view(page, nullptr, entry.ref.source_file, entry.ref.page, 0, options.thumbnail_px, options.view_quality);
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
  input.pages_per_file = options.pages_per_file;
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
