// Template previews draw each box where the template says: over the blank form at the template's
// millimetres, over a scan where the registration maps them. Checked by sampling the drawn colour
// along every field border, cell and option box.
#include <gtest/gtest.h>

#include <cmath>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/templates/loader.hpp"
#include "kamiflow/ocr/page_source.hpp"
#include "kamiflow/ocr/template_preview.hpp"
#include "page_image_access.hpp"
#include "test_support.hpp"

namespace kamiflow::ocr {
namespace {

using Map = std::function<cv::Point2d(double, double)>;

bool near_colour(const cv::Mat& img, cv::Point2d p, const unsigned char (&c)[3]) {
  // Within 2 px of the point: the border is 2 px wide and rounding moves it by one.
  for (int dy = -2; dy <= 2; ++dy) {
    for (int dx = -2; dx <= 2; ++dx) {
      const int x = static_cast<int>(std::lround(p.x)) + dx, y = static_cast<int>(std::lround(p.y)) + dy;
      if (x < 0 || y < 0 || x >= img.cols || y >= img.rows) continue;
      const cv::Vec3b v = img.at<cv::Vec3b>(y, x);
      if (std::abs(v[0] - c[0]) < 40 && std::abs(v[1] - c[1]) < 40 && std::abs(v[2] - c[2]) < 40) return true;
    }
  }
  return false;
}

// Share of points along the box's bottom and right edges (the top carries the caption) in colour.
double border_hits(const cv::Mat& img, const Map& to_px, const BoxMm& b, const unsigned char (&c)[3]) {
  int hits = 0, n = 0;
  for (double t = 0.1; t < 0.95; t += 0.1) {
    n += 2;
    hits += near_colour(img, to_px(b.x + t * b.w, b.y + b.h), c);
    hits += near_colour(img, to_px(b.x + b.w, b.y + t * b.h), c);
  }
  return static_cast<double>(hits) / n;
}

// A name or value drawn across a neighbour's border may recolour a point or two of it; over the
// whole form almost every sampled point must be in its box's colour.
void expect_drawn(const cv::Mat& img, const FormTemplate& form, const Map& to_px) {
  double sum = 0;
  int boxes = 0;
  const auto check = [&](double hits, const std::string& what) {
    EXPECT_GE(hits, 0.8) << what;
    sum += hits;
    ++boxes;
  };
  for (const auto& f : form.fields) {
    check(border_hits(img, to_px, f.box, PreviewColours::kField), f.name);
    for (const auto& c : f.cells) check(border_hits(img, to_px, c, PreviewColours::kCell), f.name + " cell");
    for (const auto& o : f.options) check(border_hits(img, to_px, o.box, PreviewColours::kOption), f.name + "." + o.value);
  }
  EXPECT_GT(boxes, 20);
  EXPECT_GE(sum / boxes, 0.95);
  // And nowhere else: the middle of a wide text box stays the form's own grey.
  for (const auto& f : form.fields) {
    if (f.type != FieldType::kText || f.box.w < 40) continue;
    EXPECT_FALSE(near_colour(img, to_px(f.box.x + f.box.w / 2, f.box.y + f.box.h / 2 + 1), PreviewColours::kField)) << f.name;
  }
}

std::shared_ptr<const FormTemplate> inkan() {
  auto t = load_template((kamiflow::testing::source_dir() / "samples/forms/inkan_touroku/template.lua").string());
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return *t;
}

TEST(TemplatePreview, DrawsEveryBoxWhereTheTemplateSays) {
  const auto form = inkan();
  auto img = render_template_preview(*form);
  ASSERT_TRUE(img.ok()) << img.status().ToString();
  const double ppmm = form->reference_dpi / 25.4;
  expect_drawn(PageImageAccess::mat(*img), *form, [ppmm](double x, double y) { return cv::Point2d(x * ppmm, y * ppmm); });
}

// The blank turned by 2° and moved, at 200 dpi, as a scan: the boxes follow the registration.
TEST(TemplatePreview, OverAScanDrawsBoxesWhereTheRegistrationMapsThem) {
  const auto form = inkan();
  const cv::Mat blank = cv::imread(form->reference_image, cv::IMREAD_GRAYSCALE);
  ASSERT_FALSE(blank.empty());
  const double f = 200.0 / form->reference_dpi;
  cv::Mat big;
  cv::resize(blank, big, cv::Size(), f, f, cv::INTER_CUBIC);
  const cv::Mat rot = cv::getRotationMatrix2D(cv::Point2f(big.cols / 2.0f, big.rows / 2.0f), 2.0, 1.0);
  cv::Mat m = rot.clone();
  m.at<double>(0, 2) += 25;
  m.at<double>(1, 2) -= 15;
  cv::Mat scan;
  cv::warpAffine(big, scan, m, big.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(255));
  const PageImage page = PageImageAccess::wrap(scan, 200);
  auto img = render_scan_preview(*form, page, {{"name", "山田太郎"}});
  ASSERT_TRUE(img.ok()) << img.status().ToString();
  const double ppmm = 200 / 25.4;
  expect_drawn(PageImageAccess::mat(*img), *form, [&](double x, double y) {
    const double px = x * ppmm, py = y * ppmm;
    return cv::Point2d(m.at<double>(0, 0) * px + m.at<double>(0, 1) * py + m.at<double>(0, 2),
                       m.at<double>(1, 0) * px + m.at<double>(1, 1) * py + m.at<double>(1, 2));
  });
}

TEST(TemplatePreview, AScanThatDoesNotAlignSaysSo) {
  const auto form = inkan();
  const PageImage noise = PageImageAccess::wrap(cv::Mat(1754, 1240, CV_8UC1, cv::Scalar(255)), 150);
  auto img = render_scan_preview(*form, noise);
  ASSERT_FALSE(img.ok());
  EXPECT_NE(img.status().message().find("could not align"), std::string::npos) << img.status().message();
}

}  // namespace
}  // namespace kamiflow::ocr
