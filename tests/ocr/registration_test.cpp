// Registration and classification on synthetic structured forms drawn here with OpenCV: the
// reference is saved as a PNG (as templates ship it), pages are transformed copies with known
// geometry, so every mm point's true page position is known and alignment error is measurable.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <ctime>
#include <random>
#include <thread>

#include <opencv2/core/utility.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "registration.hpp"
#include "test_support.hpp"

namespace kamiflow::ocr {
namespace {

using kamiflow::testing::TempDir;

constexpr double kRefDpi = 150;
constexpr double kRefPpmm = kRefDpi / 25.4;

// Draws in millimetres on an A4 canvas.
struct Canvas {
  cv::Mat img;
  double ppmm;
  cv::Point p(double x, double y) const { return {cvRound(x * ppmm), cvRound(y * ppmm)}; }
  void rect(double x, double y, double w, double h, int t = 1) {
    cv::rectangle(img, p(x, y), p(x + w, y + h), cv::Scalar(0), t);
  }
  void text(const std::string& s, double x, double y, double size_mm, int t = 1) {
    cv::putText(img, s, p(x, y), cv::FONT_HERSHEY_SIMPLEX, size_mm * ppmm / 22.0, cv::Scalar(0), t, cv::LINE_AA);
  }
};

std::string word(std::mt19937& rng) {
  static const char* kWords[] = {"NAME", "ADDRESS", "DATE", "BIRTH", "PHONE", "SEAL", "CITY", "WARD", "CODE",
                                 "FAMILY", "REASON", "OFFICE", "NUMBER", "KANA", "TOWN", "SIGN"};
  return kWords[rng() % 16];
}

// Three layouts that share a frame and a title style (as a city's forms do) but differ inside.
cv::Mat draw_form(int layout, double dpi) {
  Canvas c{cv::Mat(cvRound(297 * dpi / 25.4), cvRound(210 * dpi / 25.4), CV_8UC1, cv::Scalar(255)), dpi / 25.4};
  std::mt19937 rng(1234 + layout);
  c.rect(10, 10, 190, 277, 2);
  c.text(layout == 0 ? "SEAL REGISTRATION" : layout == 1 ? "MOVING NOTICE" : "TAX CERTIFICATE", 50, 25, 7, 2);
  if (layout == 0) {
    for (int r = 0; r < 8; ++r) {  // labelled rows
      c.rect(15, 40 + r * 14, 40, 12);
      c.rect(55, 40 + r * 14, 140, 12);
      c.text(word(rng), 17, 49 + r * 14, 4);
    }
    for (int i = 0; i < 12; ++i) c.rect(30 + i * 9, 165, 8, 10);  // digit boxes
    for (int i = 0; i < 4; ++i) { c.rect(20 + i * 45, 190, 5, 5); c.text(word(rng), 27 + i * 45, 195, 4); }
    c.rect(140, 210, 50, 50);
    c.text("SEAL", 155, 238, 5);
    for (int r = 0; r < 3; ++r) c.text(word(rng) + " " + word(rng) + " " + word(rng), 20, 220 + r * 10, 4);
  } else if (layout == 1) {
    for (int r = 0; r < 12; ++r) cv::line(c.img, c.p(15, 45 + r * 10), c.p(195, 45 + r * 10), cv::Scalar(0), 1);
    for (const double x : {15.0, 60.0, 110.0, 150.0, 195.0}) cv::line(c.img, c.p(x, 45), c.p(x, 155), cv::Scalar(0), 1);
    for (int r = 0; r < 11; ++r) c.text(word(rng), 17 + (r % 3) * 45, 52 + r * 10, 4);
    c.rect(20, 170, 80, 30);
    c.rect(110, 170, 80, 30);
    for (int i = 0; i < 7; ++i) c.rect(25 + i * 10, 215, 9, 12);
    for (int r = 0; r < 4; ++r) c.text(word(rng) + " " + word(rng), 110, 220 + r * 12, 5);
  } else {
    for (int i = 0; i < 6; ++i)
      for (int j = 0; j < 5; ++j) c.rect(20 + j * 35, 40 + i * 30, 30, 25);
    for (int i = 0; i < 6; ++i) c.text(word(rng), 22, 58 + i * 30, 4);
    cv::circle(c.img, c.p(160, 250), cvRound(15 * c.ppmm), cv::Scalar(0), 2);
    for (int r = 0; r < 3; ++r) c.text(word(rng) + " " + word(rng), 20, 230 + r * 12, 5);
  }
  return c.img;
}

struct Scene {
  TempDir dir;
  FormTemplate tmpl;
  std::shared_ptr<const ReferenceModel> ref;
};

std::unique_ptr<Scene> make_scene(int layout) {
  auto s = std::make_unique<Scene>();
  const auto path = s->dir / ("form" + std::to_string(layout) + ".png");
  EXPECT_TRUE(cv::imwrite(path.string(), draw_form(layout, kRefDpi)));
  s->tmpl.id = "layout" + std::to_string(layout);
  s->tmpl.reference_image = path.string();
  s->tmpl.reference_dpi = kRefDpi;
  auto ref = build_reference(s->tmpl);
  EXPECT_TRUE(ref.ok()) << ref.status().ToString();
  if (ref.ok()) s->ref = *ref;
  return s;
}

// A scan of the form: printed at `scale` × reference resolution, turned `degrees` (counter-
// clockwise as displayed), shifted, optionally with a keystone. Returns page and ref→page map.
struct Scan {
  cv::Mat page;
  cv::Matx33d ref_to_page;
};
Scan scan_of(const cv::Mat& form, double scale, double degrees, cv::Point2d shift, double keystone = 0) {
  const cv::Size size(cvRound(form.cols * scale), cvRound(form.rows * scale));
  const cv::Mat rot = cv::getRotationMatrix2D(cv::Point2f(size.width / 2.f, size.height / 2.f), degrees, 1.0);
  const cv::Matx33d scale_m(scale, 0, 0, 0, scale, 0, 0, 0, 1);
  cv::Matx33d r(rot.at<double>(0, 0), rot.at<double>(0, 1), rot.at<double>(0, 2) + shift.x, rot.at<double>(1, 0),
                rot.at<double>(1, 1), rot.at<double>(1, 2) + shift.y, 0, 0, 1);
  const cv::Matx33d persp(1, 0, 0, 0, 1, 0, keystone / size.width, 0, 1);
  Scan s;
  s.ref_to_page = r * persp * scale_m;
  cv::warpPerspective(form, s.page, cv::Mat(s.ref_to_page), size, cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(255));
  return s;
}

cv::Point2d apply(const cv::Matx33d& h, cv::Point2d p) {
  const cv::Vec3d v = h * cv::Vec3d(p.x, p.y, 1);
  return {v[0] / v[2], v[1] / v[2]};
}

// Largest distance, in mm, between known form points and where the alignment maps them.
double max_error_mm(const Alignment& a, const Scan& s) {
  double worst = 0;
  for (double x = 15; x <= 195; x += 30) {
    for (double y = 15; y <= 285; y += 30) {
      const cv::Point2d ref_px(x * kRefPpmm - 0.5, y * kRefPpmm - 0.5);  // pixel-centre convention
      const cv::Point2d mm = apply(cv::Matx33d(a.page_to_mm), apply(s.ref_to_page, ref_px));
      worst = std::max(worst, std::hypot(mm.x - x, mm.y - y));
    }
  }
  return worst;
}

void add_noise(cv::Mat& m, double sigma, int seed) {
  cv::Mat n(m.size(), CV_16SC1);
  cv::theRNG().state = static_cast<std::uint64_t>(seed);
  cv::randn(n, 0, sigma);
  cv::Mat m16;
  m.convertTo(m16, CV_16SC1);
  m16 += n;
  m16.convertTo(m, CV_8UC1);
}

// Handwriting-like strokes inside boxes: a filled form, not a blank one.
void scribble(cv::Mat& m, double ppmm) {
  std::mt19937 rng(7);
  for (int i = 0; i < 40; ++i) {
    const cv::Point a(cvRound((60 + rng() % 120) * ppmm), cvRound((42 + rng() % 110) * ppmm));
    cv::line(m, a, a + cv::Point(cvRound((5 + rng() % 20) * ppmm), cvRound(((rng() % 7) - 3.0) * ppmm)), cv::Scalar(30), 2);
  }
}

struct Case {
  const char* name;
  double scale, degrees;
  cv::Point2d shift;
  double keystone;
  int degrade;  // 0 clean, 1 noise+blur+JPEG, 2 fax binarised, 3 filled in
};

class AlignCase : public ::testing::TestWithParam<Case> {};

TEST_P(AlignCase, MapsKnownPointsWithinAMillimetre) {
  static const std::unique_ptr<Scene> scene = make_scene(0);
  ASSERT_TRUE(scene->ref);
  const Case& c = GetParam();
  const cv::Mat form = draw_form(0, kRefDpi);
  Scan s = scan_of(form, c.scale, c.degrees, c.shift, c.keystone);
  if (c.degrade == 1) {
    cv::GaussianBlur(s.page, s.page, {3, 3}, 0.8);
    add_noise(s.page, 12, 3);
    std::vector<std::uint8_t> jpg;
    cv::imencode(".jpg", s.page, jpg, {cv::IMWRITE_JPEG_QUALITY, 35});
    s.page = cv::imdecode(jpg, cv::IMREAD_GRAYSCALE);
  } else if (c.degrade == 2) {
    add_noise(s.page, 25, 5);
    cv::threshold(s.page, s.page, 150, 255, cv::THRESH_BINARY);
  } else if (c.degrade == 3) {
    scribble(s.page, kRefPpmm * c.scale);
  }
  const Alignment a = align(s.page, *scene->ref);
  ASSERT_TRUE(a.ok) << c.name << ": " << a.reason;
  const double err = max_error_mm(a, s);
  std::printf("[ align    ] %-18s score %.2f inliers %4d rotation %7.2f max error %.3f mm\n", c.name, a.score,
              a.inliers, a.rotation_degrees, err);
  EXPECT_LT(err, c.degrade == 0 ? 0.5 : 1.0) << c.name;
  EXPECT_GT(a.score, 0.5) << c.name;
  double want = c.degrees;
  if (want > 180) want -= 360;
  // Under a keystone the rotation differs across the page; it is measured at the form's centre.
  EXPECT_NEAR(std::remainder(a.rotation_degrees - want, 360.0), 0, c.keystone > 0 ? 3.0 : 0.5) << c.name;
}

INSTANTIATE_TEST_SUITE_P(
    Scans, AlignCase,
    ::testing::Values(Case{"rotate3_200dpi", 1.3, 3, {25, -15}, 0, 0}, Case{"skew_minus4_300dpi", 2.0, -4, {-30, 40}, 0, 0},
                      Case{"upside_down", 1.3, 181.5, {10, 10}, 0, 0}, Case{"quarter_turn", 1.0, 90, {0, 0}, 0, 0},
                      Case{"keystone", 1.3, 1, {0, 0}, 0.04, 0}, Case{"jpeg_noise_blur", 1.3, -2, {5, 5}, 0, 1},
                      Case{"fax_binarised", 1.36, 1.2, {0, 0}, 0, 2}, Case{"filled_in", 1.3, 0.5, {0, 0}, 0, 3},
                      Case{"shrunk_90pct", 1.2, 2, {0, 0}, 0, 0}),
    [](const ::testing::TestParamInfo<Case>& i) { return std::string(i.param.name); });

// warp_region samples with warpAffine on tiles where the homography is nearly affine; the result
// must be what one perspective warp of the whole region gives, on a strongly projective scan too.
TEST(Registration, WarpRegionEqualsOnePerspectiveWarp) {
  cv::Mat page(1400, 1000, CV_8UC1);
  cv::randu(page, 0, 255);
  cv::GaussianBlur(page, page, {0, 0}, 2.5);  // smooth, so that sub-pixel differences stay small
  const BoxMm box{20, 40, 150, 12};
  const double dpi = 300, mmpp = 25.4 / dpi, margin = 2;
  for (const double keystone : {0.0, 2e-6, 4e-5}) {
    Alignment a;
    // page px → mm: about 5 px/mm, rotated 2°, with a projective term.
    const double c = std::cos(0.035), s = std::sin(0.035);
    a.page_to_mm = cv::Mat(cv::Matx33d(0.2 * c, -0.2 * s, 3, 0.2 * s, 0.2 * c, -2, keystone, keystone / 2, 1));
    const cv::Mat got = warp_region(page, a, box, dpi, margin);
    const cv::Matx33d out_to_mm(mmpp, 0, box.x - margin + 0.5 * mmpp, 0, mmpp, box.y - margin + 0.5 * mmpp, 0, 0, 1);
    const cv::Matx33d out_to_page = cv::Matx33d(a.page_to_mm).inv() * out_to_mm;
    cv::Mat want;
    cv::warpPerspective(page, want, cv::Mat(out_to_page), got.size(), cv::INTER_LINEAR | cv::WARP_INVERSE_MAP,
                        cv::BORDER_CONSTANT, cv::Scalar::all(255));
    ASSERT_EQ(got.size(), cv::Size(cvRound(154 / mmpp), cvRound(16 / mmpp)));
    cv::Mat diff;
    cv::absdiff(got, want, diff);
    double worst = 0;
    cv::minMaxLoc(diff, nullptr, &worst);
    EXPECT_LE(worst, 3) << "keystone " << keystone;
    EXPECT_LT(cv::mean(diff)[0], 0.5) << "keystone " << keystone;
  }
}

TEST(Registration, WarpRegionShowsTheTemplatesBox) {
  auto scene = make_scene(0);
  ASSERT_TRUE(scene->ref);
  const Scan s = scan_of(draw_form(0, kRefDpi), 1.3, 183, {12, -8});
  const Alignment a = align(s.page, *scene->ref);
  ASSERT_TRUE(a.ok) << a.reason;
  const BoxMm digits{28, 163, 112, 14};  // the digit-box row
  const cv::Mat got = warp_region(s.page, a, digits, 200, 1);
  const cv::Mat want = reference_region(*scene->ref, digits, 200, 1);
  ASSERT_EQ(got.size(), cv::Size(cvRound(114 * 200 / 25.4), cvRound(16 * 200 / 25.4)));
  ASSERT_EQ(want.size(), got.size());
  cv::Mat corr;
  cv::matchTemplate(got, want, corr, cv::TM_CCOEFF_NORMED);
  EXPECT_GT(corr.at<float>(0, 0), 0.8);

  // page_rect: the box's corners, mapped by the known geometry, lie inside the rect it returns.
  const cv::Rect r = page_rect(a, digits, s.page.size());
  for (const cv::Point2d mm : {cv::Point2d(28, 163), cv::Point2d(140, 177)}) {
    const cv::Point2d p = apply(s.ref_to_page, {mm.x * kRefPpmm - 0.5, mm.y * kRefPpmm - 0.5});
    EXPECT_TRUE(cv::Rect(r.x - 2, r.y - 2, r.width + 4, r.height + 4).contains(cv::Point(cvRound(p.x), cvRound(p.y))))
        << r << " " << p;
  }
  EXPECT_NEAR(r.width, 112 * kRefPpmm * 1.3, 0.1 * 112 * kRefPpmm * 1.3);
}

TEST(Registration, BlankAndNoisePagesAreRejectedWithReasons) {
  auto scene = make_scene(0);
  ASSERT_TRUE(scene->ref);
  const cv::Mat blank(1754, 1240, CV_8UC1, cv::Scalar(255));
  const Alignment b = align(blank, *scene->ref);
  EXPECT_FALSE(b.ok);
  EXPECT_FALSE(b.reason.empty());

  cv::Mat noise(1754, 1240, CV_8UC1);
  cv::theRNG().state = 99;
  cv::randu(noise, 0, 256);
  const Alignment n = align(noise, *scene->ref);
  EXPECT_FALSE(n.ok) << "score " << n.score;
  EXPECT_FALSE(n.reason.empty());
  std::printf("[ reject   ] blank: %s\n[ reject   ] noise: %s\n", b.reason.c_str(), n.reason.c_str());
}

TEST(Classification, PicksTheRightFormAndRefusesAnUnknownOne) {
  auto a = make_scene(0), b = make_scene(1);
  ASSERT_TRUE(a->ref && b->ref);
  const std::vector<std::shared_ptr<const ReferenceModel>> refs = {a->ref, b->ref};
  const std::vector<std::string> ids = {"seal", "moving"};
  for (int layout = 0; layout < 3; ++layout) {
    Scan s = scan_of(draw_form(layout, kRefDpi), 1.3, layout == 1 ? 178 : 2.5, {10, 5});
    add_noise(s.page, 8, layout);
    const Classification c = classify(s.page, refs, ids, 0.05, 0.35);
    std::printf("[ classify ] layout %d → %d: %s\n", layout, c.best, c.explain().c_str());
    EXPECT_EQ(c.best, layout < 2 ? layout : -1) << c.explain();
    ASSERT_EQ(c.scores.size(), 2u);
    ASSERT_EQ(c.alignments.size(), 2u);
    if (c.best >= 0) {
      // The winner's alignment is the full one (refined), exactly what align() alone gives, even
      // though classify() aligned the other template only quickly and shared the page's features.
      const Alignment alone = align(s.page, *refs[static_cast<std::size_t>(c.best)]);
      ASSERT_TRUE(alone.ok);
      EXPECT_EQ(cv::norm(c.alignments[static_cast<std::size_t>(c.best)].page_to_mm, alone.page_to_mm, cv::NORM_INF), 0.0);
      EXPECT_DOUBLE_EQ(c.scores[static_cast<std::size_t>(c.best)], alone.score);
      // And a quick alignment scores about what the full one does: it is what non-contenders keep.
      PageFeatures features(s.page);
      const Alignment quick = align(features, *refs[static_cast<std::size_t>(c.best)], AlignDepth::kQuick);
      ASSERT_TRUE(quick.ok) << quick.reason;
      EXPECT_NEAR(quick.score, alone.score, 0.1);
    }
    EXPECT_NE(c.explain().find("seal="), std::string::npos);
  }
}

// A manual measurement, not a timed test: run with --gtest_also_run_disabled_tests.
TEST(Registration, DISABLED_TimeAt300DpiA4) {
  cv::setNumThreads(1);  // as in workers
  auto scene = make_scene(0);
  ASSERT_TRUE(scene->ref);
  Scan s = scan_of(draw_form(0, kRefDpi), 2.0, 181, {10, 10});
  ASSERT_EQ(s.page.size(), cv::Size(2480, 3508));
  cv::Mat bgr;
  cv::cvtColor(s.page, bgr, cv::COLOR_GRAY2BGR);
  for (const cv::Mat* page : {&s.page, &bgr}) {
    const int runs = 10;
    const auto t0 = std::chrono::steady_clock::now();
    const std::clock_t c0 = std::clock();
    double err = 0;
    for (int i = 0; i < runs; ++i) err = std::max(err, max_error_mm(align(*page, *scene->ref), s));
    const double wall = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count() / runs;
    const double cpu = 1000.0 * static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC / runs;
    std::printf("[ time     ] %d channel(s): %.1f ms wall, %.1f ms CPU per align, max error %.3f mm\n",
                page->channels(), wall, cpu, err);
  }
}

TEST(Registration, AlignIsReentrantOnASharedReference) {
  auto scene = make_scene(1);
  ASSERT_TRUE(scene->ref);
  const Scan s = scan_of(draw_form(1, kRefDpi), 1.3, -3, {4, 4});
  const Alignment serial = align(s.page, *scene->ref);
  ASSERT_TRUE(serial.ok) << serial.reason;
  Alignment results[2];
  std::thread t0([&] { results[0] = align(s.page, *scene->ref); });
  std::thread t1([&] { results[1] = align(s.page, *scene->ref); });
  t0.join();
  t1.join();
  for (const Alignment& r : results) {
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(cv::norm(r.page_to_mm, serial.page_to_mm, cv::NORM_INF), 0);
  }
}

TEST(Registration, ReferenceErrorsNameTheTemplate) {
  FormTemplate t;
  t.id = "nothing";
  EXPECT_EQ(build_reference(t).status().code(), StatusCode::kInvalidInput);
  t.reference_image = "/nonexistent/blank.png";
  auto missing = build_reference(t);
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("nothing"), std::string::npos);

  TempDir dir;
  ASSERT_TRUE(cv::imwrite((dir / "small.png").string(), draw_form(0, 75)));
  t.reference_image = (dir / "small.png").string();  // 75 dpi image declared as 150 dpi
  EXPECT_EQ(build_reference(t).status().code(), StatusCode::kInvalidInput);
}

}  // namespace
}  // namespace kamiflow::ocr
