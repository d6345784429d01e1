// The Extractor end to end on a sample form: a filled-in, rotated, noisy scan of the 印鑑登録申請書
// becomes a Record with the right values; pages it cannot use are Unclassified or Rejected.
#include "kamiflow/ocr/extractor.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/templates/loader.hpp"
#include "ocr_render_support.hpp"
#include "page_image_access.hpp"
#include "test_support.hpp"

namespace kamiflow::ocr {
namespace {

using testing::Canvas;

std::shared_ptr<const FormTemplate> load(const std::string& form) {
  auto t = load_template((testing::source_dir() / "samples/forms" / form / "template.lua").string());
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return t.ok() ? t.value() : nullptr;
}

// The blank form at 300 dpi with values written into the fields, scanned slightly rotated.
PageImage filled_inkan(const FormTemplate& t, double angle_deg) {
  cv::Mat blank = cv::imread(t.reference_image, cv::IMREAD_COLOR);
  Canvas c(t.width_mm, t.height_mm, 300);
  cv::resize(blank, c.img, c.img.size(), 0, 0, cv::INTER_CUBIC);
  // 申請日: 令和, 年, 月, 日 are printed; only the numbers are written, in their slots.
  c.text("6", 150, 32, 5);
  c.text("5", 163, 32, 5);
  c.text("10", 175, 32, 5);
  c.text("ヤマダ タロウ", 50, 54.5, 4.5);
  c.text("山田 太郎", 50, 64, 6);
  c.text("昭和55年3月21日", 50, 77.5, 4.5);
  c.circle(155, 80, 5, 3.6);  // 男
  const char* postal = "1000013";
  const FieldSpec* pc = t.find_field("postal_code");
  for (int i = 0; i < 7; ++i) c.text(std::string(1, postal[i]), pc->cells[i].x + 1.6, pc->cells[i].y + 1.3, 5.2);
  c.text("03-3581-1111", 131, 87.5, 4.5);
  c.text("東京都千代田区霞が関1-1-1", 50, 98.5, 5);
  c.line(50.5, 124, 51.8, 125.6);  // ✓ 本人
  c.line(51.8, 125.6, 54.8, 121);
  c.line(100.5, 132.5, 103.5, 135.5);  // ✗ 運転免許証
  c.line(103.5, 132.5, 100.5, 135.5);
  c.seal(185, 68, 5);  // seal stamped at the end of the name box
  cv::Mat rotated;
  cv::Mat m = cv::getRotationMatrix2D(cv::Point2f(c.img.cols / 2.f, c.img.rows / 2.f), angle_deg, 1.0);
  cv::warpAffine(c.img, rotated, m, c.img.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar::all(255));
  return PageImageAccess::wrap(testing::degrade(rotated, 17, 9, 30), 300);
}

class ExtractorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    inkan_ = load("inkan_touroku");
    sodai_ = load("sodai_gomi");
  }
  static void TearDownTestSuite() {
    inkan_.reset();
    sodai_.reset();
  }
  static std::shared_ptr<const FormTemplate> inkan_, sodai_;
};
std::shared_ptr<const FormTemplate> ExtractorTest::inkan_, ExtractorTest::sodai_;

TEST_F(ExtractorTest, ReadsAFilledRotatedScan) {
  ASSERT_TRUE(inkan_ && sodai_);
  ExtractOptions options;
  options.keep_crops = true;
  auto ex = Extractor::create({inkan_, sodai_}, options);
  ASSERT_TRUE(ex.ok()) << ex.status().ToString();
  auto t0 = std::chrono::steady_clock::now();
  auto rec = (*ex)->extract(filled_inkan(*inkan_, 1.2), {"scan.png", 1, "abc"});
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  ASSERT_TRUE(rec.ok()) << rec.status().ToString();
  const StageTimes& st = (*ex)->last_stage_times();
  std::printf("[ measure  ] page: %.0f ms (classify %.0f, register %.0f, recognise %.0f, normalise %.0f) "
              "incl. Tesseract Init\n", ms, st.classify_ms, st.register_ms, st.recognise_ms, st.normalise_ms);
  EXPECT_EQ(rec->form_id, "inkan_touroku");
  EXPECT_EQ(rec->source_file, "scan.png");
  EXPECT_EQ(rec->rotation_degrees, 0);
  EXPECT_NEAR(std::abs(rec->skew_degrees), 1.2, 0.5);
  auto value = [&](const char* name) {
    const FieldResult* f = rec->find(name);
    return f ? f->value : std::string("<missing>");
  };
  const char* dump = std::getenv("KAMIFLOW_TEST_DUMP");  // a directory: write the crops for a look
  for (const auto& f : rec->fields) {
    if (dump) testing::write_file(std::filesystem::path(dump) / (f.name + ".png"), std::string(f.crop_png.begin(), f.crop_png.end()));
    std::printf("  %-16s raw=%-28s value=%-22s conf=%.2f flags=%s\n", f.name.c_str(), f.raw.c_str(),
                f.value.c_str(), f.confidence, nlohmann::json(f.flags).dump().c_str());
  }
  EXPECT_EQ(value("application_date"), "2024-05-10");
  EXPECT_EQ(value("kana"), "ヤマダタロウ");
  EXPECT_EQ(value("name"), "山田太郎");
  EXPECT_EQ(value("birth_date"), "1980-03-21");
  EXPECT_EQ(value("sex"), "male");
  EXPECT_EQ(value("postal_code"), "100-0013");
  // IPA Gothic's dotted zero reads as Q/@/nothing in eng about half the time: it may be wrong, but
  // then never silently.
  const FieldResult* phone = rec->find("phone");
  if (phone->value != "03-3581-1111") {
    EXPECT_TRUE(phone->needs_review()) << phone->value;
  }
  EXPECT_EQ(value("applicant_type"), "self");
  EXPECT_EQ(value("id_documents"), "drivers_license");
  EXPECT_EQ(value("agent_name"), "");
  EXPECT_TRUE(rec->find("agent_name")->flags.empty());  // blank and optional: nothing to review
  const FieldResult* name = rec->find("name");
  EXPECT_FALSE(name->crop_png.empty());
  EXPECT_GT(name->box.w, 1500);  // 144 mm at 300 dpi, in page pixels
}

TEST_F(ExtractorTest, NoiseIsUnclassifiedAndSingleTemplateMismatchIsRejected) {
  ASSERT_TRUE(inkan_ && sodai_);
  cv::Mat noise(3508, 2480, CV_8UC1);
  cv::randu(noise, 0, 256);
  PageImage page = PageImageAccess::wrap(noise, 300);
  auto both = Extractor::create({inkan_, sodai_});
  ASSERT_TRUE(both.ok());
  auto r = (*both)->extract(page, {"noise.png", 2, ""});
  EXPECT_EQ(r.status().code(), StatusCode::kUnclassified) << r.status().ToString();
  EXPECT_NE(r.status().message().find("noise.png page 2"), std::string::npos);

  auto one = Extractor::create({inkan_});
  ASSERT_TRUE(one.ok());
  auto r1 = (*one)->extract(page, {"noise.png", 1, ""});
  EXPECT_EQ(r1.status().code(), StatusCode::kRejected) << r1.status().ToString();
  EXPECT_NE(r1.status().message().find("could not align to template inkan_touroku"), std::string::npos);
}

TEST_F(ExtractorTest, CreateFailsWithoutTemplates) {
  EXPECT_EQ(Extractor::create({}).status().code(), StatusCode::kInvalidInput);
}

}  // namespace
}  // namespace kamiflow::ocr
