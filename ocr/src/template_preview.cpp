// Template previews: boxes drawn where the template (and, over a scan, the registration) puts them.
// Names and read values are drawn with the IPA Gothic font when it is installed (values are
// Japanese), else with OpenCV's Hershey font, which shows ASCII only.
#include "kamiflow/ocr/template_preview.hpp"

#include <cmath>
#include <filesystem>
#include <functional>
#include <memory>
#include <vector>

#include <opencv2/freetype.hpp>
#include <opencv2/imgproc.hpp>

#include "page_image_access.hpp"
#include "registration.hpp"

namespace kamiflow::ocr {
namespace {

constexpr const char* kFont = "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf";

cv::Scalar colour(const unsigned char (&c)[3]) { return cv::Scalar(c[0], c[1], c[2]); }

class Painter {
 public:
  explicit Painter(cv::Mat& img) : img_(img) {
    if (std::filesystem::exists(kFont)) {
      ft_ = cv::freetype::createFreeType2();
      ft_->loadFontData(kFont, 0);
    }
  }
  // No white backing: it would hide the very borders the author is checking.
  void text(const std::string& s, cv::Point at, int height_px, const cv::Scalar& c) {
    if (s.empty()) return;
    height_px = std::max(10, height_px);
    if (ft_) ft_->putText(img_, s, {at.x + 2, at.y}, height_px, c, -1, cv::LINE_AA, true);
    else cv::putText(img_, s, {at.x + 2, at.y}, cv::FONT_HERSHEY_SIMPLEX, height_px / 30.0, c, 1, cv::LINE_AA);
  }

 private:
  cv::Mat& img_;
  cv::Ptr<cv::freetype::FreeType2> ft_;
};

using MmToPx = std::function<cv::Point2d(double, double)>;

void outline(cv::Mat& img, const MmToPx& to_px, const BoxMm& b, const cv::Scalar& c, int thickness) {
  std::vector<cv::Point> poly;
  for (auto [x, y] : {std::pair{b.x, b.y}, {b.x + b.w, b.y}, {b.x + b.w, b.y + b.h}, {b.x, b.y + b.h}}) {
    const cv::Point2d p = to_px(x, y);
    poly.emplace_back(static_cast<int>(std::lround(p.x)), static_cast<int>(std::lround(p.y)));
  }
  cv::polylines(img, poly, true, c, thickness, cv::LINE_8);
}

cv::Mat draw(cv::Mat img, const FormTemplate& form, const MmToPx& to_px, double px_per_mm,
             const std::map<std::string, std::string>& values) {
  if (img.channels() == 1) cv::cvtColor(img, img, cv::COLOR_GRAY2BGR);
  Painter painter(img);
  const int thick = 2;
  const int text_px = static_cast<int>(std::lround(2.6 * px_per_mm));
  for (const auto& f : form.fields) {
    for (const auto& c : f.cells) outline(img, to_px, c, colour(PreviewColours::kCell), thick);
    for (const auto& o : f.options) outline(img, to_px, o.box, colour(PreviewColours::kOption), thick);
    outline(img, to_px, f.box, colour(PreviewColours::kField), thick);
  }
  // Text after every box, so no outline crosses a name.
  for (const auto& f : form.fields) {
    for (const auto& o : f.options) {
      const cv::Point2d p = to_px(o.box.x, o.box.y + o.box.h + 2.6);
      painter.text(o.value, {static_cast<int>(p.x), static_cast<int>(p.y)}, text_px * 3 / 4, colour(PreviewColours::kOption));
    }
    std::string caption = f.name + " (" + std::string(field_type_name(f.type)) + ")";
    auto v = values.find(f.name);
    if (v != values.end()) caption += " = " + (v->second.empty() ? std::string("∅") : v->second);
    // Inside the box, top left; above a row of character boxes, which it would cover.
    const cv::Point2d p = f.cells.empty() ? to_px(f.box.x + 0.6, f.box.y + 3.0) : to_px(f.box.x, f.box.y - 0.6);
    painter.text(caption, {static_cast<int>(p.x), static_cast<int>(p.y)}, text_px, colour(PreviewColours::kField));
  }
  return img;
}

}  // namespace

Result<PageImage> render_template_preview(const FormTemplate& form) {
  auto ref = build_reference(form);
  if (!ref.ok()) return ref.status();
  const double ppmm = reference_dpi(**ref) / 25.4;
  const MmToPx to_px = [ppmm](double x, double y) { return cv::Point2d(x * ppmm, y * ppmm); };
  return PageImageAccess::wrap(draw(reference_gray(**ref).clone(), form, to_px, ppmm, {}), reference_dpi(**ref));
}

Result<PageImage> render_scan_preview(const FormTemplate& form, const PageImage& scan,
                                      const std::map<std::string, std::string>& values) {
  auto ref = build_reference(form);
  if (!ref.ok()) return ref.status();
  const cv::Mat& page = PageImageAccess::mat(scan);
  if (page.empty()) return Status::InvalidInput("preview: empty scan");
  const Alignment a = align(page, **ref);
  if (!a.ok) return Status::Rejected("could not align the scan to template " + form.id + ": " + a.reason);
  const cv::Mat mm_to_page = a.page_to_mm.inv();
  const MmToPx to_px = [mm_to_page](double x, double y) {
    std::vector<cv::Point2d> in{{x, y}}, out;
    cv::perspectiveTransform(in, out, mm_to_page);
    return out[0];
  };
  const cv::Point2d o = to_px(0, 0), e = to_px(10, 0);
  const double ppmm = std::hypot(e.x - o.x, e.y - o.y) / 10;
  return PageImageAccess::wrap(draw(page.clone(), form, to_px, ppmm, values), scan.dpi());
}

}  // namespace kamiflow::ocr
