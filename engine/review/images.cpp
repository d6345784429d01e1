// ReviewService images: the page a record came from, decoded from its input file (the last few
// kept decoded, since a reviewer looks at one page's fields in a row), turned upright; a field's
// region cut from it, or the crop saved by the batch when the input file is gone.
#include <fstream>
#include <iterator>

#include "engine/review/service.hpp"
#include "kamiflow/ocr/page_source.hpp"

namespace kamiflow::review {
namespace {

constexpr std::size_t kCachedPages = 4;
constexpr int kFieldMarginPx = 12;  // a little context around the box, as a clerk would look

}  // namespace

Result<ocr::PageImage> ReviewService::page_of(const engine::StoredRecord& r) {
  const std::string key = r.file_sha256 + ":" + std::to_string(r.page);
  for (const auto& [k, img] : page_cache_)
    if (k == key) return img;
  KF_ASSIGN_OR_RETURN(auto source, ocr::PageSource::open(r.source_file));
  if (r.page < 1 || r.page > source->page_count())
    return Status::NotFound(r.source_file + " has no page " + std::to_string(r.page));
  KF_ASSIGN_OR_RETURN(ocr::PageImage img, source->page(r.page - 1));
  page_cache_.emplace_back(key, img);
  if (page_cache_.size() > kCachedPages) page_cache_.erase(page_cache_.begin());
  return img;
}

Result<std::vector<std::uint8_t>> ReviewService::page_jpeg(long long id, int max_side) {
  std::lock_guard lock(mu_);
  KF_ASSIGN_OR_RETURN(engine::StoredRecord r, store_->record(id));
  KF_ASSIGN_OR_RETURN(ocr::PageImage img, page_of(r));
  return img.encode_jpeg_upright(r.rotation, max_side, 85);
}

Result<std::vector<std::uint8_t>> ReviewService::field_png(long long id, const std::string& field) {
  std::lock_guard lock(mu_);
  KF_ASSIGN_OR_RETURN(engine::StoredRecord r, store_->record(id));
  for (const auto& f : r.fields) {
    if (f.name != field) continue;
    auto img = page_of(r);
    if (img.ok()) return img->encode_region_png(f.box.x, f.box.y, f.box.w, f.box.h, kFieldMarginPx, r.rotation);
    if (f.crop_path.empty()) return img.status();
    std::ifstream in(f.crop_path, std::ios::binary);
    if (!in) return img.status();
    return std::vector<std::uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return Status::NotFound("record " + std::to_string(id) + " has no field '" + field + "'");
}

}  // namespace kamiflow::review
