// `kamiflow eval`: extraction over a generated batch, compared with its ground truth (see
// kamiflow/engine/eval.hpp). Pages are extracted by a worker pool, one Extractor per worker
// (each owns its Tesseract engines); results are compared in manifest order, so the report does
// not depend on scheduling. Only extraction is timed, not loading templates or creating workers.
#include <atomic>
#include <chrono>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "engine/eval/eval.hpp"
#include "samples/generator/samples.hpp"
#include "engine/templates/loader.hpp"
#include "kamiflow/ocr/extractor.hpp"
#include "kamiflow/ocr/page_source.hpp"

namespace kamiflow::eval {
namespace {

struct PageTask {
  nlohmann::json truth;
  std::filesystem::path file;
  int page = 1;  // 1-based
};

Result<nlohmann::json> read_json(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot open " + path.string());
  std::stringstream ss;
  ss << in.rdbuf();
  auto j = nlohmann::json::parse(ss.str(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status::InvalidInput(path.string() + " is not valid JSON");
  return j;
}

Result<std::vector<samples::TemplatePtr>> load_templates(const EvalOptions& o) {
  if (o.templates.empty()) return samples::load_forms(samples::default_forms_dir());
  std::vector<samples::TemplatePtr> out;
  for (const auto& path : o.templates) {
    KF_ASSIGN_OR_RETURN(samples::TemplatePtr t, load_template(path.string()));
    out.push_back(std::move(t));
  }
  return out;
}

Result<std::vector<PageTask>> load_tasks(const std::filesystem::path& dir) {
  KF_ASSIGN_OR_RETURN(nlohmann::json manifest, read_json(dir / "manifest.json"));
  if (!manifest.contains("pages") || !manifest["pages"].is_array())
    return Status::InvalidInput((dir / "manifest.json").string() + " has no \"pages\" list");
  std::vector<PageTask> tasks;
  for (const auto& p : manifest["pages"]) {
    if (!p.contains("truth") || !p.contains("file")) return Status::InvalidInput("manifest page entry lacks truth/file");
    PageTask t;
    KF_ASSIGN_OR_RETURN(t.truth, read_json(dir / p["truth"].get<std::string>()));
    t.file = dir / p["file"].get<std::string>();
    t.page = p.value("page", 1);
    tasks.push_back(std::move(t));
  }
  return tasks;
}

Result<ocr::Record> extract_one(ocr::Extractor& extractor, const PageTask& task) {
  KF_ASSIGN_OR_RETURN(auto source, ocr::PageSource::open(task.file.string()));
  if (task.page < 1 || task.page > source->page_count())
    return Status::NotFound(task.file.string() + " has no page " + std::to_string(task.page));
  KF_ASSIGN_OR_RETURN(ocr::PageImage image, source->page(task.page - 1));
  ocr::PageInfo info;
  info.source_file = task.file.string();
  info.page = task.page;
  return extractor.extract(image, info);
}

}  // namespace

Result<EvalRun> run_eval(const EvalOptions& o) {
  KF_ASSIGN_OR_RETURN(auto templates, load_templates(o));
  std::vector<std::string> known;
  for (const auto& t : templates) known.push_back(t->id);
  KF_ASSIGN_OR_RETURN(std::vector<PageTask> tasks, load_tasks(o.dir));

  int n = o.jobs > 0 ? o.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  n = std::max(1, std::min<int>(n, static_cast<int>(tasks.size())));
  ocr::ExtractOptions extract_options;
  extract_options.tessdata_dir = o.tessdata_dir;
  extract_options.previous_reading = o.previous_reading;
  std::vector<std::unique_ptr<ocr::Extractor>> extractors;
  for (int i = 0; i < n; ++i) {
    KF_ASSIGN_OR_RETURN(auto e, ocr::Extractor::create(templates, extract_options));
    extractors.push_back(std::move(e));
  }

  std::vector<std::optional<Result<ocr::Record>>> outcomes(tasks.size());
  std::atomic<std::size_t> next{0};
  auto worker = [&](ocr::Extractor& extractor) {
    for (std::size_t i; (i = next.fetch_add(1)) < tasks.size();) {
      try {
        outcomes[i].emplace(extract_one(extractor, tasks[i]));
      } catch (const std::exception& e) {  // a bug, not a verdict on the page: still counted
        outcomes[i].emplace(Status::Internal(tasks[i].file.string() + ": " + e.what()));
      }
    }
  };
  auto t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int i = 1; i < n; ++i) threads.emplace_back(worker, std::ref(*extractors[static_cast<std::size_t>(i)]));
  worker(*extractors[0]);
  for (auto& t : threads) t.join();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  EvalAccumulator acc;
  for (std::size_t i = 0; i < tasks.size(); ++i) acc.add(compare_page(tasks[i].truth, *outcomes[i], known));
  return EvalRun{acc.report(seconds), acc.observations()};
}

}  // namespace kamiflow::eval
