// Locating, loading and rendering the shipped sample forms (see kamiflow/engine/samples.hpp).
#include <algorithm>

#include <opencv2/imgproc.hpp>

#include "samples/generator/samples.hpp"
#include "engine/templates/loader.hpp"
#include "samples/generator/render.hpp"
#include "samples/generator/write.hpp"

namespace kamiflow::samples {
namespace {

std::filesystem::path samples_subdir(const char* name) {
  std::error_code ec;
  std::filesystem::path local = std::filesystem::path("samples") / name;
  if (std::filesystem::is_directory(local, ec)) return std::filesystem::absolute(local, ec);
  return std::filesystem::path(KAMIFLOW_SOURCE_DIR) / "samples" / name;
}


}  // namespace

std::filesystem::path default_forms_dir() { return samples_subdir("forms"); }
std::filesystem::path default_unknown_forms_dir() { return samples_subdir("unknown_forms"); }

Result<std::vector<TemplatePtr>> load_forms(const std::filesystem::path& dir, const std::vector<std::string>& ids,
                                            bool require_blank) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return Status::NotFound("no forms directory " + dir.string());
  std::vector<std::string> wanted = ids;
  if (wanted.empty()) {
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
      if (std::filesystem::exists(entry.path() / "template.lua")) wanted.push_back(entry.path().filename().string());
    std::sort(wanted.begin(), wanted.end());
  }
  if (wanted.empty()) return Status::NotFound("no <id>/template.lua under " + dir.string());
  std::vector<TemplatePtr> out;
  for (const auto& id : wanted) {
    auto path = dir / id / "template.lua";
    if (!std::filesystem::exists(path, ec)) return Status::NotFound("no sample form '" + id + "' (" + path.string() + ")");
    TemplateLoadOptions options;
    options.require_reference_image = require_blank;
    KF_ASSIGN_OR_RETURN(TemplatePtr t, load_template(path.string(), options));
    out.push_back(std::move(t));
  }
  return out;
}

Result<std::string> render_blank_png(const ocr::FormTemplate& form) {
  ScannedPage page;
  cv::cvtColor(render_blank(form, form.reference_dpi), page.image, cv::COLOR_BGR2GRAY);
  page.plan.colour = "grey";
  page.plan.format = "png";
  page.plan.dpi = static_cast<int>(form.reference_dpi);
  return encode_page(page);
}

Status write_blanks(const std::vector<TemplatePtr>& forms) {
  for (const auto& f : forms) {
    if (f->reference_image.empty()) return Status::InvalidInput(f->id + ": template names no reference image");
    KF_ASSIGN_OR_RETURN(std::string png, render_blank_png(*f));
    KF_RETURN_IF_ERROR(write_file_atomic(f->reference_image, png));
  }
  return Status::Ok();
}

}  // namespace kamiflow::samples
