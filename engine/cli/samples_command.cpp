// `kamiflow samples`: generates synthetic scans of the sample forms with ground truth, or
// re-renders the committed blank form images from their templates (--render-blanks).
#include <iostream>

#include "engine/cli/commands.hpp"
#include "samples/generator/samples.hpp"

namespace kamiflow::cli {
namespace {

struct SamplesArgs {
  std::string form = "all";
  std::string forms_dir;
  std::string out = "out/samples";
  samples::GenerateOptions options;
  bool render_blanks = false;
  bool force = false;
};

ExitCode run_samples(const SamplesArgs& a, CliContext& ctx) {
  std::filesystem::path dir = a.forms_dir.empty() ? samples::default_forms_dir() : std::filesystem::path(a.forms_dir);
  std::vector<std::string> ids;
  if (a.form != "all") ids.push_back(a.form);
  auto forms = samples::load_forms(dir, ids, !a.render_blanks);
  if (!forms.ok()) {
    std::cerr << "error: " << forms.status().ToString() << "\n";
    return ExitCode::kUsage;
  }
  if (a.render_blanks) {
    auto unknown = samples::load_forms(samples::default_unknown_forms_dir(), {}, false);
    std::vector<samples::TemplatePtr> all = *forms;
    if (a.forms_dir.empty() && unknown.ok()) all.insert(all.end(), unknown->begin(), unknown->end());
    // A template author's blank.png may be a real scan of the printed form: never overwrite an
    // existing image unless asked to.
    std::vector<samples::TemplatePtr> to_write;
    for (const auto& f : all) {
      std::error_code ec;
      if (!a.force && std::filesystem::exists(f->reference_image, ec)) {
        std::cerr << "kept " << f->reference_image << " (it exists; --force overwrites it)\n";
        continue;
      }
      to_write.push_back(f);
    }
    if (Status st = samples::write_blanks(to_write); !st.ok()) {
      std::cerr << "error: " << st.ToString() << "\n";
      return ExitCode::kFailure;
    }
    for (const auto& f : to_write) std::cout << f->reference_image << "\n";
    return ExitCode::kOk;
  }
  samples::TemplatePtr unknown;
  if (a.options.unknown_pages > 0) {
    auto u = samples::load_forms(samples::default_unknown_forms_dir());
    if (!u.ok()) {
      std::cerr << "error: " << u.status().ToString() << "\n";
      return ExitCode::kFailure;
    }
    unknown = u->front();
  }
  samples::GenerateOptions o = a.options;
  o.out_dir = a.out;
  auto summary = samples::generate(*forms, unknown, o);
  if (!summary.ok()) {
    std::cerr << "error: " << summary.status().ToString() << "\n";
    return ExitCode::kFailure;
  }
  ctx.logger->info("wrote {} pages ({} files) to {}", summary->pages, summary->files.size(), a.out);
  return ExitCode::kOk;
}

}  // namespace

Command add_samples_command(CLI::App& parent) {
  auto args = std::make_shared<SamplesArgs>();
  CLI::App* app = parent.add_subcommand(
      "samples", "Generate synthetic scans of the sample forms with ground truth (fictitious data)");
  app->add_option("--form", args->form, "Form id (directory under samples/forms), or 'all'")->capture_default_str();
  app->add_option("--count", args->options.count, "Pages of known forms to generate")->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  app->add_option("--seed", args->options.seed, "Random seed: the same seed gives the same bytes")->capture_default_str();
  app->add_option("--out", args->out, "Output directory")->capture_default_str();
  app->add_option("--unknown", args->options.unknown_pages, "Add N pages of a form that is no template")
      ->check(CLI::NonNegativeNumber);
  app->add_flag("--corrupt", args->options.corrupt, "Add one truncated file (its truth expects rejection)");
  app->add_option("--multipage", args->options.multipage,
                  "Pages in each of batch.pdf and batch.tif (default: count/10, 2..10; 0 for none)");
  app->add_option("--jobs,-j", args->options.jobs, "Worker threads (default: all cores)");
  app->add_option("--handwriting-rate", args->options.handwriting_rate,
                  "Share of pages whose digit boxes are written by hand (real MNIST digits); 0 = fonts only")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  app->add_option("--forms-dir", args->forms_dir, "Directory of <id>/template.lua (default: samples/forms)");
  app->add_flag("--render-blanks", args->render_blanks,
                "Render each form's blank.png from its template.lua instead of generating pages (an existing image is kept)");
  app->add_flag("--force", args->force, "With --render-blanks: overwrite existing blank images");
  return {app, [args](CliContext& ctx) { return run_samples(*args, ctx); }};
}

}  // namespace kamiflow::cli
