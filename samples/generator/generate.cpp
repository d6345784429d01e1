// `kamiflow samples` batch generation (see kamiflow/engine/samples.hpp): plans which form and which
// container each page gets, runs the page pipeline (values → fill → scan → encode) on worker
// threads, and writes ground truth and the manifest. Every random choice for page i comes from
// streams derived from (seed, i), so pages do not depend on each other or on thread scheduling.
#include <algorithm>
#include <cmath>
#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>

#include "samples/generator/samples.hpp"
#include "samples/generator/degrade.hpp"
#include "samples/generator/fill.hpp"
#include "samples/generator/render.hpp"
#include "samples/generator/values.hpp"
#include "samples/generator/write.hpp"

namespace kamiflow::samples {
namespace {

enum class Expect { kRecord, kUnclassified, kRejected };

struct PageJob {
  int index = 0;                     // 0-based position in the batch
  const ocr::FormTemplate* form = nullptr;
  Expect expect = Expect::kRecord;
  Container container = Container::kSingleFile;
  int container_page = 1;            // 1-based page number inside its file
  std::string stem;                  // "page_0007"
};

struct PageResult {
  nlohmann::json truth;
  std::optional<ScannedPage> held;   // pages bound for batch.pdf / batch.tif
  std::string file;
  Status status;
};

std::string stem_for(int index) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "page_%04d", index + 1);
  return buf;
}

std::string extension(const std::string& format) {
  return format == "jpeg" ? ".jpg" : format == "tiff" ? ".tif" : "." + format;
}

const char* expect_name(Expect e) {
  return e == Expect::kRecord ? "record" : e == Expect::kUnclassified ? "unclassified" : "rejected";
}

// Spreads the container pages through the batch so that each container holds a mix of forms.
std::vector<PageJob> plan_jobs(const std::vector<TemplatePtr>& forms, const TemplatePtr& unknown,
                               const GenerateOptions& o) {
  std::vector<PageJob> jobs;
  int total = o.count + o.unknown_pages;
  for (int i = 0; i < total; ++i) {
    PageJob j;
    j.index = i;
    j.stem = stem_for(i);
    if (i < o.count) {
      j.form = forms[static_cast<std::size_t>(i) % forms.size()].get();
    } else {
      j.form = unknown.get();
      j.expect = Expect::kUnclassified;
    }
    jobs.push_back(j);
  }
  int k = o.multipage >= 0 ? o.multipage : (o.count >= 6 ? std::clamp(o.count / 10, 2, 10) : 0);
  k = std::min(k, total / 2);
  for (int c = 0; c < k; ++c) {
    auto& tif = jobs[static_cast<std::size_t>((2 * c) * total / (2 * k))];
    auto& pdf = jobs[static_cast<std::size_t>((2 * c + 1) * total / (2 * k))];
    tif.container = Container::kMultiTiff, tif.container_page = c + 1;
    pdf.container = Container::kPdf, pdf.container_page = c + 1;
  }
  if (o.corrupt) {
    PageJob j;
    j.index = total;
    j.stem = stem_for(total);
    j.form = forms[static_cast<std::size_t>(total) % forms.size()].get();
    j.expect = Expect::kRejected;
    jobs.push_back(j);
  }
  return jobs;
}

nlohmann::json field_truth(const ocr::FieldSpec& f, const FieldValue& v, const FieldDrawing& d) {
  nlohmann::json j{{"type", std::string(ocr::field_type_name(f.type))},
                   {"value", v.value},
                   {"drawn", v.drawn},
                   {"blank", v.blank}};
  if (!d.font.empty()) j["font"] = d.font, j["size_mm"] = std::round(d.em_mm * 100) / 100;
  if (!d.mark.empty() && !v.blank) j["mark"] = d.mark;
  if (!d.writing.empty()) j["writing"] = d.writing;
  return j;
}

PageResult run_job(const PageJob& job, const std::map<const ocr::FormTemplate*, cv::Mat>& blanks,
                   const GenerateOptions& o, const HandwritingBank* hand) {
  PageResult r;
  const ocr::FormTemplate& form = *job.form;
  Rng value_rng = Rng::derive(o.seed, static_cast<std::uint64_t>(job.index), "values");
  Rng fill_rng = Rng::derive(o.seed, static_cast<std::uint64_t>(job.index), "fill");
  Rng scan_rng = Rng::derive(o.seed, static_cast<std::uint64_t>(job.index), "scan");
  Rng noise_rng = Rng::derive(o.seed, static_cast<std::uint64_t>(job.index), "noise");
  Rng hand_rng = Rng::derive(o.seed, static_cast<std::uint64_t>(job.index), "hand");

  std::vector<FieldValue> values = make_field_values(form, value_rng);
  cv::Mat page = blanks.at(job.form).clone();
  FillReport fill =
      fill_page(page, MmScale{o.render_dpi}, form, values, fill_rng, 0.3, {hand, o.handwriting_rate, &hand_rng});
  ScannedPage scanned;
  scanned.plan = plan_scan(scan_rng, job.container);
  if (job.expect == Expect::kRejected) scanned.plan.format = "png", scanned.plan.upside_down = false;
  scanned.image = apply_scan(page, o.render_dpi, scanned.plan, noise_rng);

  nlohmann::json degradations = scanned.plan.to_json();
  degradations["seal"] = fill.seal;
  auto r2 = [](double v) { return std::round(v * 100) / 100; };
  if (fill.seal)
    degradations["seal_box_mm"] = {r2(fill.seal_box.x), r2(fill.seal_box.y), r2(fill.seal_box.w), r2(fill.seal_box.h)};
  nlohmann::json fields = nlohmann::json::object();
  if (job.expect == Expect::kRecord)
    for (std::size_t i = 0; i < form.fields.size(); ++i)
      fields[form.fields[i].name] = field_truth(form.fields[i], values[i], fill.fields[i]);

  switch (job.container) {
    case Container::kPdf: r.file = "batch.pdf"; break;
    case Container::kMultiTiff: r.file = "batch.tif"; break;
    case Container::kSingleFile: r.file = job.stem + extension(scanned.plan.format); break;
  }
  r.truth = {{"form_id", job.expect == Expect::kRecord ? form.id : job.expect == Expect::kUnclassified ? "unclassified" : ""},
             {"expect", expect_name(job.expect)},
             {"file", r.file},
             {"page", job.container_page},
             {"index", job.index + 1},
             {"fields", fields},
             {"degradations", degradations}};
  if (job.container != Container::kSingleFile) {
    r.held = std::move(scanned);
    return r;
  }
  auto bytes = encode_page(scanned);
  if (!bytes.ok()) {
    r.status = bytes.status().WithContext(r.file);
    return r;
  }
  std::string data = std::move(bytes).value();
  if (job.expect == Expect::kRejected) {  // a transfer cut short: the PNG stops mid-stream
    std::size_t keep = data.size() * 2 / 5;
    r.truth["corruption"] = "truncated to " + std::to_string(keep) + " of " + std::to_string(data.size()) + " bytes";
    data.resize(keep);
  }
  r.status = write_file_atomic(o.out_dir / r.file, data);
  return r;
}

}  // namespace

Result<GenerateSummary> generate(const std::vector<TemplatePtr>& forms, const TemplatePtr& unknown,
                                 const GenerateOptions& o) {
  if (forms.empty()) return Status::InvalidInput("no sample forms to generate from");
  if (o.count < 0 || o.unknown_pages < 0) return Status::InvalidInput("page counts must not be negative");
  if (o.unknown_pages > 0 && !unknown) return Status::InvalidInput("--unknown needs an unknown-form layout");
  std::error_code ec;
  std::filesystem::create_directories(o.out_dir, ec);
  if (ec) return Status::IOError("cannot create " + o.out_dir.string() + ": " + ec.message());

  std::shared_ptr<const HandwritingBank> hand;
  if (o.handwriting_rate > 0) {
    auto bank = HandwritingBank::load(o.data_dir.empty() ? ocr::default_data_dir() : o.data_dir);
    if (!bank.ok()) return bank.status().WithContext("handwritten digits (--handwriting-rate 0 draws fonts only)");
    hand = *bank;
  }
  std::vector<PageJob> jobs = plan_jobs(forms, unknown, o);
  std::map<const ocr::FormTemplate*, cv::Mat> blanks;  // rendered once, cloned per page
  for (const auto& j : jobs)
    if (!blanks.count(j.form)) blanks.emplace(j.form, render_blank(*j.form, o.render_dpi));

  std::vector<PageResult> results(jobs.size());
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < jobs.size();) {
      try {
        results[i] = run_job(jobs[i], blanks, o, hand.get());
      } catch (const std::exception& e) {  // OpenCV reports failures by throwing
        results[i].status = Status::Internal(jobs[i].stem + ": " + e.what());
      }
    }
  };
  int n_threads = o.jobs > 0 ? o.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  n_threads = std::min<int>(n_threads, static_cast<int>(jobs.size()));
  std::vector<std::thread> threads;
  for (int t = 1; t < n_threads; ++t) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();

  GenerateSummary summary;
  std::vector<const ScannedPage*> pdf_pages, tif_pages;
  nlohmann::json manifest_pages = nlohmann::json::array();
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    auto& r = results[i];
    KF_RETURN_IF_ERROR(r.status);
    if (r.held) (jobs[i].container == Container::kPdf ? pdf_pages : tif_pages).push_back(&*r.held);
    else summary.files.push_back(r.file);
    std::string truth_name = jobs[i].stem + ".json";
    KF_RETURN_IF_ERROR(write_file_atomic(o.out_dir / truth_name, r.truth.dump(2) + "\n"));
    manifest_pages.push_back({{"truth", truth_name}, {"file", r.file}, {"page", r.truth["page"]},
                              {"form_id", r.truth["form_id"]}, {"expect", r.truth["expect"]}});
    summary.files.push_back(truth_name);
  }
  if (!tif_pages.empty()) {
    KF_RETURN_IF_ERROR(write_multipage_tiff(tif_pages, o.out_dir / "batch.tif"));
    summary.files.push_back("batch.tif");
  }
  if (!pdf_pages.empty()) {
    KF_ASSIGN_OR_RETURN(std::string pdf, encode_pdf(pdf_pages, "kamiflow sample batch"));
    KF_RETURN_IF_ERROR(write_file_atomic(o.out_dir / "batch.pdf", pdf));
    summary.files.push_back("batch.pdf");
  }
  nlohmann::json form_ids = nlohmann::json::array();
  for (const auto& f : forms) form_ids.push_back(f->id);
  nlohmann::json manifest{{"generator", "kamiflow samples"},
                          {"seed", o.seed},
                          {"count", o.count},
                          {"unknown", o.unknown_pages},
                          {"corrupt", o.corrupt},
                          {"render_dpi", o.render_dpi},
                          {"forms", form_ids},
                          {"pages", manifest_pages}};
  KF_RETURN_IF_ERROR(write_file_atomic(o.out_dir / "manifest.json", manifest.dump(2) + "\n"));
  summary.files.push_back("manifest.json");
  summary.pages = static_cast<int>(jobs.size());
  return summary;
}

}  // namespace kamiflow::samples
