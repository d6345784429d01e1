// `kamiflow extract --template T.lua [--template U.lua ...] [--crops DIR] [--jobs N] FILE...`:
// reads every page of every FILE against the templates and prints one JSON line per page, in
// input order. A page that cannot be classified, aligned or decoded prints a "rejected" line with
// the reason and the command goes on; the exit code is then kRejects. No workflow, no sinks: the
// quickest way to see what kamiflow reads from a scan.
#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/batch/reasons.hpp"
#include "engine/batch/runner.hpp"
#include "engine/cli/commands.hpp"
#include "engine/cli/conventions.hpp"
#include "engine/os/atomic_file.hpp"
#include "engine/templates/loader.hpp"
#include "kamiflow/ocr/extractor.hpp"
#include "kamiflow/ocr/page_source.hpp"

namespace kamiflow::cli {
namespace {

struct ExtractOptionsCli {
  std::vector<std::string> templates;
  std::vector<std::string> files;
  std::string crops_dir;
  int jobs = 1;
};

struct PageJob {
  std::string file;
  int index = 0;  // 0-based
  std::string sha256;
  Status open_error;       // the file could not be opened: one rejected line for it
  std::string crop_label;  // crops are <crop_label>_p<page>_<field>.png
};

std::string stem_of(const std::string& file) { return std::filesystem::path(file).stem().string(); }

// The file's stem, plus the start of its content hash when another input has the same stem
// (scans/a.png and more/a.png), so that crops of different files never overwrite each other.
std::string crop_label(const std::string& file, const std::string& sha256,
                       const std::map<std::string, int>& inputs_per_stem) {
  const std::string stem = stem_of(file);
  return inputs_per_stem.at(stem) > 1 && !sha256.empty() ? stem + "-" + sha256.substr(0, 8) : stem;
}

struct PageOutcome {
  std::string line;
  bool rejected = false;
  bool failed = false;  // not the page's fault (e.g. language data missing)
};

// "reason" is for the clerk (what happened, what to do); "detail" is the technical cause.
std::string rejected_line(const std::string& file, int page, const Status& why) {
  return nlohmann::json{{"source_file", file},
                        {"page", page},
                        {"rejected", true},
                        {"unclassified", why.code() == StatusCode::kUnclassified},
                        {"reason", engine::clerk_reason(why)},
                        {"detail", why.ToString()}}
      .dump();
}

// Decodes and reads one page. `source` caches the open file between consecutive pages.
PageOutcome process(const PageJob& job, ocr::Extractor& extractor, std::unique_ptr<ocr::PageSource>& source,
                    const std::string& crops_dir) {
  if (!job.open_error.ok()) return {rejected_line(job.file, 0, job.open_error), true, false};
  if (!source || source->path() != job.file) {
    auto opened = ocr::PageSource::open(job.file);
    if (!opened.ok()) return {rejected_line(job.file, job.index + 1, opened.status()), true, false};
    source = std::move(opened).value();
  }
  Result<ocr::PageImage> page = source->page(job.index);
  if (!page.ok()) return {rejected_line(job.file, job.index + 1, page.status()), true, false};
  Result<ocr::Record> rec = extractor.extract(*page, ocr::PageInfo{job.file, job.index + 1, job.sha256});
  if (!rec.ok()) {
    const StatusCode c = rec.status().code();
    // The page's own fault (unreadable, too small, over its time budget) is a rejection; a missing
    // model or an internal error is kamiflow's, and fails the run.
    const bool page_fault = c != StatusCode::kInternal && c != StatusCode::kNotFound && c != StatusCode::kIOError;
    return {rejected_line(job.file, job.index + 1, rec.status()), true, !page_fault};
  }
  if (!crops_dir.empty()) {
    for (const auto& f : rec->fields) {
      if (f.crop_png.empty()) continue;
      auto target = std::filesystem::path(crops_dir) /
                    (job.crop_label + "_p" + std::to_string(job.index + 1) + "_" + f.name + ".png");
      Status st = write_file_atomically(
          target, std::string_view(reinterpret_cast<const char*>(f.crop_png.data()), f.crop_png.size()));
      if (!st.ok()) std::cerr << "warning: " << st.message() << "\n";
    }
  }
  return {ocr::to_json(*rec).dump(), false, false};
}

// Folders become the scans in them (sorted, as `batch` reads them), "-" a copy of stdin; a
// named file that does not exist stays, so that it gets its own "rejected" line.
Result<std::vector<std::string>> scan_files(const std::vector<std::string>& given) {
  std::vector<std::string> files;
  for (const auto& in : given) {
    std::error_code ec;
    if (!std::filesystem::is_directory(in, ec)) {
      files.push_back(in);
      continue;
    }
    KF_ASSIGN_OR_RETURN(std::vector<std::string> inside, engine::expand_inputs({in}, false));
    files.insert(files.end(), inside.begin(), inside.end());
  }
  return spool_stdin_inputs(files);
}

ExitCode run(const ExtractOptionsCli& given, CliContext& ctx) {
  ExtractOptionsCli o = given;
  auto files = scan_files(given.files);
  if (!files.ok()) {
    std::cerr << "error: " << files.status().message() << "\n";
    return ExitCode::kFailure;
  }
  o.files = *files;
  std::vector<std::shared_ptr<const ocr::FormTemplate>> templates;
  for (const auto& path : o.templates) {
    auto t = load_template(path);
    if (!t.ok()) {
      std::cerr << "error: " << t.status().message() << "\n";
      return ExitCode::kUsage;
    }
    templates.push_back(std::move(t).value());
  }
  if (!o.crops_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(o.crops_dir, ec);
    if (ec) {
      std::cerr << "error: cannot create " << o.crops_dir << ": " << ec.message() << "\n";
      return ExitCode::kFailure;
    }
  }
  ocr::ExtractOptions options;
  options.keep_crops = !o.crops_dir.empty();

  // The page list first (page counts come from headers, cheap), so output can follow input order.
  std::vector<PageJob> jobs;
  std::map<std::string, int> inputs_per_stem;
  for (const auto& file : o.files) ++inputs_per_stem[stem_of(file)];
  for (const auto& file : o.files) {
    auto src = ocr::PageSource::open(file);
    if (!src.ok()) {
      jobs.push_back({file, 0, "", src.status(), ""});
      continue;
    }
    auto sha = ocr::sha256_file(file);
    const std::string digest = sha.ok() ? *sha : "";
    const std::string label = crop_label(file, digest, inputs_per_stem);
    for (int i = 0; i < (*src)->page_count(); ++i) jobs.push_back({file, i, digest, Status::Ok(), label});
  }

  // The first worker's Extractor is made here, before any page: what it lacks (the digit model,
  // language data) is kamiflow's fault, not any page's, so it is said once and nothing is read,
  // instead of a "rejected" line per page whose clerk reason would blame the file.
  auto first = ocr::Extractor::create(templates, options);
  if (!first.ok()) {
    std::cerr << "error: " << first.status().message() << "\n";
    return ExitCode::kFailure;
  }
  const int workers = std::max(1, std::min<int>(o.jobs, static_cast<int>(jobs.size())));
  std::vector<PageOutcome> outcomes(jobs.size());
  std::vector<char> done(jobs.size(), 0);
  std::mutex mu;
  std::condition_variable cv;
  std::atomic<size_t> next{0};
  Status setup_error;
  auto worker = [&](Result<std::unique_ptr<ocr::Extractor>> made) {
    // One Extractor (and so one set of Tesseract engines) per worker thread.
    std::unique_ptr<ocr::PageSource> source;  // kept while the worker stays on the same file
    for (size_t i; (i = next.fetch_add(1)) < jobs.size();) {
      PageOutcome out;
      if (made.ok()) {
        out = process(jobs[i], **made, source, o.crops_dir);
      } else {
        out = {rejected_line(jobs[i].file, jobs[i].index + 1, made.status()), true, true};
      }
      std::lock_guard<std::mutex> lock(mu);
      if (!made.ok() && setup_error.ok()) setup_error = made.status();
      outcomes[i] = std::move(out);
      done[i] = 1;
      cv.notify_all();
    }
  };
  std::vector<std::thread> threads;
  threads.emplace_back(worker, std::move(first));
  for (int w = 1; w < workers; ++w)
    threads.emplace_back([&] { worker(ocr::Extractor::create(templates, options)); });

  bool any_rejected = false, any_failed = false;
  for (size_t i = 0; i < jobs.size(); ++i) {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return done[i] != 0; });
    std::cout << outcomes[i].line << "\n" << std::flush;
    any_rejected |= outcomes[i].rejected;
    any_failed |= outcomes[i].failed;
    if (outcomes[i].rejected) {  // one line per page, the clerk's reason (the JSON line has the detail)
      const auto j = nlohmann::json::parse(outcomes[i].line, nullptr, false);
      ctx.logger->warn("{} page {}: {}", jobs[i].file, jobs[i].open_error.ok() ? jobs[i].index + 1 : 0,
                       j.is_object() ? j.value("reason", std::string("rejected")) : std::string("rejected"));
    }
  }
  for (auto& t : threads) t.join();
  if (!setup_error.ok()) std::cerr << "error: " << setup_error.message() << "\n";
  if (any_failed) return ExitCode::kFailure;
  return any_rejected ? ExitCode::kRejects : ExitCode::kOk;
}

}  // namespace

Command add_extract_command(CLI::App& parent) {
  auto options = std::make_shared<ExtractOptionsCli>();
  CLI::App* app = parent.add_subcommand("extract", "Read scanned forms against templates; one JSON line per page");
  app->add_option("-t,--template", options->templates, "Form template (.lua); repeat for several")->required();
  app->add_option("--crops", options->crops_dir, "Write each field's crop as DIR/<file>_p<page>_<field>.png (<file>-<hash> when two inputs share a name)");
  app->add_option("-j,--jobs", options->jobs, "Worker threads (one Tesseract per worker and language)")
      ->check(CLI::Range(1, 64));
  app->add_option("files", options->files, "Scans (PNG, JPEG, TIFF, BMP, PDF), folders of scans, or - for one scan on stdin")->required();
  return {app, [options](CliContext& ctx) { return run(*options, ctx); }};
}

}  // namespace kamiflow::cli
