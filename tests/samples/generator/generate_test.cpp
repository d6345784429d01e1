// Tests for the samples generator (engine/src/samples_*.cpp): same seed → same bytes, the ground
// truth describes what was actually drawn, and the committed blank forms are exactly what their
// templates render to.
#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <nlohmann/json.hpp>

#include "samples/generator/samples.hpp"
#include "samples/generator/degrade.hpp"
#include "samples/generator/fill.hpp"
#include "samples/generator/render.hpp"
#include "samples/generator/values.hpp"
#include "test_support.hpp"

namespace kamiflow::samples {
namespace {

using kamiflow::testing::TempDir;
namespace fs = std::filesystem;

std::vector<TemplatePtr> shipped_forms() {
  auto forms = load_forms(kamiflow::testing::source_dir() / "samples" / "forms");
  EXPECT_TRUE(forms.ok()) << forms.status().ToString();
  return forms.ok() ? *forms : std::vector<TemplatePtr>{};
}

TemplatePtr unknown_form() {
  auto u = load_forms(kamiflow::testing::source_dir() / "samples" / "unknown_forms");
  EXPECT_TRUE(u.ok()) << u.status().ToString();
  return u.ok() ? u->front() : nullptr;
}

std::map<std::string, std::string> read_dir(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out[e.path().filename().string()] = kamiflow::testing::read_file(e.path());
  return out;
}

TEST(SamplesForms, ShippedFormsCoverEveryFieldType) {
  std::set<ocr::FieldType> types;
  bool single = false, multiple = false;
  auto forms = shipped_forms();
  ASSERT_GE(forms.size(), 4u);
  for (const auto& f : forms)
    for (const auto& field : f->fields) {
      types.insert(field.type);
      if (field.type == ocr::FieldType::kCheckboxGroup) (field.multiple ? multiple : single) = true;
    }
  EXPECT_EQ(types.size(), 7u);
  EXPECT_TRUE(single && multiple);
}

// The speed targets are stated for "a 20-field A4 300 dpi form": one sample form is that form.
TEST(SamplesForms, OneShippedFormHasTwentyFieldsOnA4) {
  bool found = false;
  for (const auto& f : shipped_forms())
    if (f->id == "jido_teate") {
      found = true;
      EXPECT_EQ(f->fields.size(), 20u);
      EXPECT_EQ(f->width_mm, 210.0);
      EXPECT_EQ(f->height_mm, 297.0);
    }
  EXPECT_TRUE(found);
}

TEST(SamplesForms, CommittedBlanksAreWhatTheTemplatesRender) {
  auto forms = shipped_forms();
  forms.push_back(unknown_form());
  for (const auto& f : forms) {
    ASSERT_TRUE(f);
    auto png = render_blank_png(*f);
    ASSERT_TRUE(png.ok()) << png.status().ToString();
    cv::Mat fresh = cv::imdecode(std::vector<std::uint8_t>(png->begin(), png->end()), cv::IMREAD_UNCHANGED);
    cv::Mat committed = cv::imread(f->reference_image, cv::IMREAD_UNCHANGED);
    ASSERT_FALSE(committed.empty()) << f->reference_image << " missing: run kamiflow samples --render-blanks";
    ASSERT_EQ(fresh.size(), committed.size()) << f->id;
    ASSERT_EQ(fresh.type(), committed.type()) << f->id;
    EXPECT_EQ(cv::countNonZero(fresh != committed), 0)
        << f->id << ": blank.png is stale; run `kamiflow samples --render-blanks` and commit it";
  }
}

// Counts pixels that filling changed (darker by > 60 grey levels) inside a box shrunk by `inset`
// of its size on each side, so printed rules at the edge never count.
int ink_in(const cv::Mat& diff, const MmScale& s, ocr::BoxMm b, double inset) {
  b = {b.x + b.w * inset, b.y + b.h * inset, b.w * (1 - 2 * inset), b.h * (1 - 2 * inset)};
  return cv::countNonZero(diff(s.rect(b) & cv::Rect(0, 0, diff.cols, diff.rows)) > 60);
}

TEST(SamplesFill, GroundTruthMatchesTheInkOnTheCleanPage) {
  MmScale s{150};
  for (const auto& form : shipped_forms()) {
    cv::Mat blank = render_blank(*form, s.dpi), blank_grey;
    cv::cvtColor(blank, blank_grey, cv::COLOR_BGR2GRAY);
    for (std::uint64_t seed = 0; seed < 4; ++seed) {
      Rng vr(seed), fr(seed + 100);
      auto values = make_field_values(*form, vr);
      cv::Mat page = blank.clone(), grey, diff;
      fill_page(page, s, *form, values, fr, /*seal_probability=*/0);
      cv::cvtColor(page, grey, cv::COLOR_BGR2GRAY);
      cv::subtract(blank_grey, grey, diff);  // how much darker each pixel became
      for (std::size_t i = 0; i < form->fields.size(); ++i) {
        const auto& f = form->fields[i];
        const auto& v = values[i];
        std::string where = form->id + "." + f.name + " seed " + std::to_string(seed);
        switch (f.type) {
          case ocr::FieldType::kDigitBoxes:
            for (std::size_t c = 0; c < f.cells.size(); ++c)
              EXPECT_EQ(ink_in(diff, s, f.cells[c], 0.15) > 4, !v.blank) << where << " cell " << c;
            if (!v.blank) {
              std::string digits;
              for (char ch : v.value)
                if (ch != '-') digits += ch;
              EXPECT_EQ(digits, v.drawn) << where;
            }
            break;
          case ocr::FieldType::kCheckboxGroup:
          case ocr::FieldType::kCircledChoice:
            for (std::size_t k = 0; k < f.options.size(); ++k) {
              bool marked = std::find(v.marked.begin(), v.marked.end(), k) != v.marked.end();
              // A tick or fill lands inside its square; a circle goes round its label, so look at
              // the whole option box plus a margin for circles.
              ocr::BoxMm b = f.options[k].box;
              if (f.type == ocr::FieldType::kCircledChoice) b = {b.x - 1.5, b.y - 1.2, b.w + 3, b.h + 2.4};
              EXPECT_EQ(ink_in(diff, s, b, f.type == ocr::FieldType::kCircledChoice ? 0 : 0.2) > 4, marked)
                  << where << " option " << f.options[k].value;
            }
            break;
          default:
            EXPECT_EQ(ink_in(diff, s, f.box, 0.05) > 10, !v.blank) << where;
            break;
        }
      }
    }
  }
}

TEST(SamplesGenerate, SameSeedSameBytesDifferentSeedDifferentBytes) {
  auto forms = shipped_forms();
  auto unknown = unknown_form();
  TempDir a, b, c;
  GenerateOptions o;
  o.count = 3;
  o.multipage = 1;  // one page each into batch.pdf and batch.tif
  o.unknown_pages = 1;
  o.corrupt = true;
  o.seed = 42;
  o.render_dpi = 150;  // determinism does not depend on resolution; keeps the test fast
  o.out_dir = a.path();
  ASSERT_TRUE(generate(forms, unknown, o).ok());
  o.out_dir = b.path();
  o.jobs = 1;  // scheduling must not matter
  auto summary = generate(forms, unknown, o);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  o.out_dir = c.path();
  o.seed = 43;
  ASSERT_TRUE(generate(forms, unknown, o).ok());

  auto da = read_dir(a.path()), db = read_dir(b.path()), dc = read_dir(c.path());
  EXPECT_EQ(da.size(), summary->files.size());
  ASSERT_EQ(da.size(), db.size());
  for (const auto& [name, bytes] : da) {
    ASSERT_TRUE(db.count(name)) << name;
    EXPECT_TRUE(bytes == db[name]) << name << " differs between two runs with the same seed";
  }
  EXPECT_TRUE(da.count("batch.pdf") && da.count("batch.tif"));
  EXPECT_NE(da["batch.pdf"], dc["batch.pdf"]);
  EXPECT_NE(da["page_0001.json"], dc["page_0001.json"]);

  // The manifest lists every page with its truth; the special pages say what to expect.
  auto manifest = nlohmann::json::parse(da["manifest.json"]);
  ASSERT_EQ(manifest["pages"].size(), 5u);
  std::map<std::string, int> expects;
  for (const auto& p : manifest["pages"]) {
    expects[p["expect"]]++;
    auto truth = nlohmann::json::parse(da[p["truth"].get<std::string>()]);
    EXPECT_EQ(truth["file"], p["file"]);
    EXPECT_TRUE(da.count(p["file"].get<std::string>())) << p["file"];
    if (p["expect"] == "record") {
      EXPECT_EQ(truth["fields"].size(), 0u + [&] {
        for (const auto& f : forms)
          if (f->id == truth["form_id"]) return f->fields.size();
        return std::size_t{0};
      }());
    }
    if (p["expect"] == "rejected") {
      const std::string& bytes = da[p["file"].get<std::string>()];
      EXPECT_TRUE(cv::imdecode(std::vector<std::uint8_t>(bytes.begin(), bytes.end()), cv::IMREAD_UNCHANGED).empty());
    }
  }
  EXPECT_EQ(expects["record"], 3);
  EXPECT_EQ(expects["unclassified"], 1);
  EXPECT_EQ(expects["rejected"], 1);
}

TEST(SamplesDegrade, PlansStayInRangeAndAboutOneInTenIsUpsideDown) {
  int upside = 0, binary = 0;
  std::set<std::string> formats;
  for (std::uint64_t seed = 0; seed < 1000; ++seed) {
    Rng rng(seed);
    ScanPlan p = plan_scan(rng, Container::kSingleFile);
    EXPECT_LE(std::abs(p.rotation_deg), 4.0);
    EXPECT_TRUE(p.dpi == 200 || p.dpi == 300);
    if (p.colour == "binary") {
      ++binary;
      EXPECT_EQ(p.dpi, 200);
      EXPECT_EQ(p.tiff_compression, "g4");
    }
    upside += p.upside_down;
    formats.insert(p.format);
  }
  EXPECT_GT(upside, 60);
  EXPECT_LT(upside, 140);
  EXPECT_GT(binary, 50);
  EXPECT_EQ(formats, (std::set<std::string>{"jpeg", "png", "tiff"}));
}

TEST(SamplesDegrade, UpsideDownPagesAreTurnedHalfway) {
  cv::Mat page(120, 80, CV_8UC3, cv::Scalar::all(255));
  cv::rectangle(page, cv::Rect(5, 5, 20, 20), cv::Scalar::all(0), cv::FILLED);  // ink top-left
  ScanPlan p;
  p.upside_down = true;
  Rng rng(1);
  cv::Mat out = apply_scan(page, 300, p, rng);
  ASSERT_EQ(out.size(), page.size());
  EXPECT_LT(out.at<cv::Vec3b>(out.rows - 10, out.cols - 10)[0], 50);  // now bottom-right
  EXPECT_GT(out.at<cv::Vec3b>(10, 10)[0], 200);
}

}  // namespace
}  // namespace kamiflow::samples
