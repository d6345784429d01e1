// kamiflow::samples: sample forms and synthetic scans with ground truth (`kamiflow samples`).
//
// Contract: generate() fills the given templates with fictitious values, degrades each page like a
// scan, and writes page files, one multi-page PDF, one multi-page TIFF, one ground-truth JSON per
// page and a manifest.json into `out_dir` (see docs/samples.md). Output depends only on the
// options and templates: the same seed gives the same bytes, whatever the number of jobs. Files
// appear atomically (temp + rename). Thread-safety: generate() uses its own worker threads; call
// it from one thread at a time. Personal data in the output is fictitious by construction.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "kamiflow/ocr/form_template.hpp"
#include "kamiflow/status.hpp"

namespace kamiflow::samples {

using TemplatePtr = std::shared_ptr<const ocr::FormTemplate>;

struct GenerateOptions {
  int count = 10;                // pages of known forms (cycled over the forms)
  std::uint64_t seed = 1;
  std::filesystem::path out_dir;
  int unknown_pages = 0;         // extra pages of a layout that is no template ("unclassified")
  bool corrupt = false;          // add one truncated file whose truth expects rejection
  int multipage = -1;            // pages in each of batch.pdf and batch.tif; -1: count/10 (2..10)
  double render_dpi = 300;       // clean rendering resolution before scanning
  int jobs = 0;                  // worker threads; 0: hardware concurrency
  // Share of pages whose writer fills the digit boxes by hand with real handwritten digits
  // (MNIST's validation split, from data_dir; empty = ocr::default_data_dir()); 0 = fonts only.
  double handwriting_rate = 0.5;
  std::string data_dir;
};

struct GenerateSummary {
  int pages = 0;                     // pages with ground truth (including corrupt)
  std::vector<std::string> files;    // files written, relative to out_dir, in order
};

// `unknown` may be null when options.unknown_pages == 0.
[[nodiscard]] Result<GenerateSummary> generate(const std::vector<TemplatePtr>& forms, const TemplatePtr& unknown,
                                               const GenerateOptions& options);

// The shipped sample forms: samples/forms/ beside the current directory when present (a source
// checkout), else the source tree kamiflow was built from.
[[nodiscard]] std::filesystem::path default_forms_dir();
// samples/unknown_forms/<id>/template.lua: layouts used for "unclassified" demo pages.
[[nodiscard]] std::filesystem::path default_unknown_forms_dir();

// Loads <dir>/<id>/template.lua for each id (all subdirectories when `ids` is empty), sorted by id.
// `require_blank` false lets a form load before its blank.png exists (for --render-blanks).
[[nodiscard]] Result<std::vector<TemplatePtr>> load_forms(const std::filesystem::path& dir,
                                                          const std::vector<std::string>& ids = {},
                                                          bool require_blank = true);

// The blank form image of `form` at its reference resolution, PNG-encoded (grey, dpi recorded).
[[nodiscard]] Result<std::string> render_blank_png(const ocr::FormTemplate& form);
// Writes render_blank_png() to form.reference_image for each form.
[[nodiscard]] Status write_blanks(const std::vector<TemplatePtr>& forms);

}  // namespace kamiflow::samples
