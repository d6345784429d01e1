// PDF files rendered page by page with poppler-cpp at limits.pdf_dpi. Encrypted (password
// protected) PDFs are refused: an unattended batch has no one to type the password.
#include <memory>

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>

#include "page_image_access.hpp"
#include "page_source_internal.hpp"
#include "pdf_render_child.hpp"

namespace kamiflow::ocr::page_source_detail {
namespace {

class PdfPageSource final : public PageSource {
 public:
  PdfPageSource(std::string path, std::unique_ptr<poppler::document> doc, const PageSourceLimits& limits)
      : path_(std::move(path)), doc_(std::move(doc)), limits_(limits), pages_(doc_->pages()) {}
  ~PdfPageSource() override {
    std::lock_guard lock(poppler_mutex());  // poppler is only ever entered under the mutex
    doc_.reset();
  }

  int page_count() const override { return pages_; }
  const std::string& path() const override { return path_; }
  std::string format() const override { return "pdf"; }

  Result<PageImage> page(int index) override {
    const std::string ctx = page_context(path_, index);
    if (index < 0 || index >= page_count()) {
      return Status::InvalidInput(ctx + ": no such page (file has " + std::to_string(page_count()) + ")");
    }
    std::unique_lock lock(poppler_mutex());
    std::unique_ptr<poppler::page> pg(doc_->create_page(index));
    if (!pg) return Status::Corruption(ctx + ": PDF page object is missing or broken");
    // Refuse before rendering: a page declared 5 m wide would otherwise allocate gigabytes.
    const poppler::rectf box = pg->page_rect(poppler::crop_box);
    image_header::PageHeader h;
    h.width = static_cast<long long>(box.width() / 72.0 * limits_.pdf_dpi + 0.5);
    h.height = static_cast<long long>(box.height() / 72.0 * limits_.pdf_dpi + 0.5);
    if (h.width <= 0 || h.height <= 0) return Status::Corruption(ctx + ": PDF page has an empty page box");
    Status size_ok = image_header::check_pixels(h, limits_.max_pixels);
    if (!size_ok.ok()) return size_ok.WithContext(ctx);

    Result<cv::Mat> rendered = render_page_bgr(*pg, limits_.pdf_dpi, h.width, h.height,
                                               RenderBudget{limits_.page_seconds, limits_.page_memory_bytes}, lock);
    if (!rendered.ok()) return rendered.status().WithContext(ctx);
    return PageImageAccess::wrap(std::move(rendered).value(), limits_.pdf_dpi);
  }

 private:
  std::string path_;
  std::unique_ptr<poppler::document> doc_;
  PageSourceLimits limits_;
  int pages_;
};

}  // namespace

Result<std::unique_ptr<PageSource>> open_pdf(const std::string& path, const PageSourceLimits& limits) {
  std::unique_lock lock(poppler_mutex());
  std::unique_ptr<poppler::document> doc(poppler::document::load_from_file(path));
  if (!doc) return Status::Corruption(path + ": PDF could not be parsed (truncated or corrupt)");
  if (doc->is_locked()) return Status::Unsupported(path + ": encrypted PDF (a password is required to open it)");
  const int pages = doc->pages();
  if (pages <= 0) return Status::Corruption(path + ": PDF has no pages");
  if (pages > limits.max_pages) {
    return Status::ResourceLimit(path + ": PDF has " + std::to_string(pages) + " pages (limit " +
                                 std::to_string(limits.max_pages) + ")");
  }
  auto* source = new PdfPageSource(path, std::move(doc), limits);
  lock.unlock();  // the source's destructor takes the mutex itself
  return std::unique_ptr<PageSource>(source);
}

}  // namespace kamiflow::ocr::page_source_detail
