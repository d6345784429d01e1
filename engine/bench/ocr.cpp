// `kamiflow bench`: the floor (captured Tesseract calls replayed through initialised engines) and
// the baseline (the `tesseract` CLI, one process per crop, as pytesseract runs it).
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <map>

#include "engine/bench/bench.hpp"
#include "page_image_access.hpp"
#include "tesseract_engine.hpp"

extern char** environ;

namespace kamiflow::engine::bench::detail {
namespace {

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

ocr::OcrRequest request_of(const ocr::OcrCall& c) {
  ocr::OcrRequest r;
  r.mode = static_cast<ocr::LineMode>(c.page_seg_mode);
  r.whitelist = c.whitelist;
  r.retry_without_whitelist = c.retry_without_whitelist;
  r.dpi = c.dpi;
  return r;
}

// Runs argv with stdout/stderr to /dev/null and waits; the exit code, or -1 when it did not run.
int spawn_and_wait(const std::vector<std::string>& args, char** envp) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, argv[0], &fa, nullptr, argv.data(), envp);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) return -1;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

std::string model_label(const ocr::OcrCall& call) {
  std::filesystem::path dir(call.tessdata_dir);
  if (!dir.has_filename()) dir = dir.parent_path();  // a trailing slash
  const std::string name = dir.filename().string();
  return call.lang + " " + (name.empty() ? "default" : name);
}

Result<TimedCalls> replay_floor(const std::vector<CapturedCall>& calls, long min_page) {
  // Engines first, one per language, each warmed up by one untimed call: the floor is what remains
  // when Init and first-call allocations are already paid, as in a long batch.
  // Keyed by model directory too: the same language may be read by two models.
  std::map<std::string, std::unique_ptr<ocr::TesseractEngine>> engines;
  auto key = [](const ocr::OcrCall& c) { return c.lang + "@" + c.tessdata_dir; };
  for (const auto& c : calls) {
    if (engines.count(key(c.call))) continue;
    KF_ASSIGN_OR_RETURN(auto engine, ocr::TesseractEngine::create(c.call.lang, c.call.tessdata_dir));
    KF_ASSIGN_OR_RETURN(ocr::OcrRead warm, engine->read(ocr::PageImageAccess::mat(c.call.image), request_of(c.call)));
    (void)warm;
    engines.emplace(key(c.call), std::move(engine));
  }
  TimedCalls out;
  for (const auto& c : calls) {
    if (c.page_on_worker < min_page) continue;
    ocr::TesseractEngine& engine = *engines.at(key(c.call));
    const cv::Mat& img = ocr::PageImageAccess::mat(c.call.image);
    const ocr::OcrRequest req = request_of(c.call);
    auto t0 = Clock::now();
    Result<ocr::OcrRead> r = engine.read(img, req);
    const double ms = ms_since(t0);
    out.total_ms += ms;
    ++out.calls;
    auto& [model_calls, model_ms] = out.by_model[model_label(c.call)];
    ++model_calls;
    model_ms += ms;
    if (!r.ok()) ++out.failures;
  }
  return out;
}

Result<TimedCalls> run_cli(const std::vector<const ocr::OcrCall*>& calls, const std::filesystem::path& dir,
                           const std::string& program, bool keep_omp_limit) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IOError("cannot create " + dir.string() + ": " + ec.message());
  // The children get this process's environment (as a script would), optionally minus the limit.
  std::vector<std::string> env_store;
  for (char** e = environ; *e; ++e) {
    if (!keep_omp_limit && std::strncmp(*e, "OMP_THREAD_LIMIT=", 17) == 0) continue;
    env_store.emplace_back(*e);
  }
  std::vector<char*> envp;
  for (auto& e : env_store) envp.push_back(e.data());
  envp.push_back(nullptr);

  TimedCalls out;
  for (size_t i = 0; i < calls.size(); ++i) {
    const std::filesystem::path png = dir / ("crop_" + std::to_string(i) + ".png");
    // Writing the crop is part of the scripted route too (pytesseract saves a temp file), but it is
    // cheap next to the process and is left out so the baseline errs in its own favour.
    if (!std::filesystem::exists(png, ec)) KF_RETURN_IF_ERROR(calls[i]->image.write_png(png.string()));
    const auto argv = tesseract_cli_argv(program, png.string(), *calls[i]);
    auto t0 = Clock::now();
    const int rc = spawn_and_wait(argv, envp.data());
    out.total_ms += ms_since(t0);
    ++out.calls;
    if (rc != 0) ++out.failures;
  }
  if (out.calls > 0 && out.failures == out.calls)
    return Status::NotFound("every `" + program + "` call failed: is the tesseract CLI installed?");
  return out;
}

}  // namespace kamiflow::engine::bench::detail
