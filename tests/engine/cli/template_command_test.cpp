// `kamiflow template new|preview|check` end to end: a draft from a sample blank, its preview (PNG,
// HTML, over a scan), and a check of filled scans that reports every field of the draft.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "test_support.hpp"

namespace kamiflow::testing {
namespace {

namespace fs = std::filesystem;

TEST(TemplateCli, NewPreviewCheckLoop) {
  TempDir dir;
  const fs::path draft = dir / "draft";
  const std::string blank = (source_dir() / "samples/forms/sodai_gomi/blank.png").string();
  auto made = run_process({kamiflow_binary(), "template", "new", blank, "--id", "sodai_draft", "--out", draft.string(), "-q"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  EXPECT_NE(made.out.find("fields"), std::string::npos) << made.out;
  const std::string lua = read_file(draft / "template.lua");
  EXPECT_NE(lua.find("id = \"sodai_draft\""), std::string::npos);
  EXPECT_NE(lua.find("-- guess, check:"), std::string::npos);
  EXPECT_TRUE(fs::exists(draft / "blank.png"));

  // A second `new` does not overwrite the author's edits unless told to.
  auto again = run_process({kamiflow_binary(), "template", "new", blank, "--id", "sodai_draft", "--out", draft.string(), "-q"});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("--force"), std::string::npos) << again.err;
  auto bad_id = run_process({kamiflow_binary(), "template", "new", blank, "--id", "Bad-Id", "--out", (dir / "x").string(), "-q"});
  EXPECT_EQ(bad_id.exit_code, 2);

  auto png = run_process({kamiflow_binary(), "template", "preview", (draft / "template.lua").string(), "--out",
                          (dir / "p.png").string(), "-q"});
  ASSERT_EQ(png.exit_code, 0) << png.err;
  EXPECT_EQ(read_file(dir / "p.png").substr(1, 3), "PNG");
  auto html = run_process({kamiflow_binary(), "template", "preview", (draft / "template.lua").string(), "--out",
                           (dir / "p.html").string(), "-q"});
  ASSERT_EQ(html.exit_code, 0) << html.err;
  const std::string page = read_file(dir / "p.html");
  EXPECT_NE(page.find("data:image/png;base64,iVBOR"), std::string::npos);
  EXPECT_NE(page.find("<td>postal_code<td>郵便番号<td>digit_boxes"), std::string::npos);

  const fs::path scans = dir / "scans";
  // Four pages in two files (batch.pdf, batch.tif): check reads every page of a file.
  auto gen = run_process({kamiflow_binary(), "samples", "--form", "sodai_gomi", "--count", "4", "--multipage", "2",
                          "--seed", "5", "--out", scans.string(), "-q"});
  ASSERT_EQ(gen.exit_code, 0) << gen.err;
  auto check = run_process({kamiflow_binary(), "template", "check", (draft / "template.lua").string(), "--samples",
                            scans.string(), "--json", "-q"});
  ASSERT_EQ(check.exit_code, 0) << check.err << check.out;
  const auto j = nlohmann::json::parse(check.out);
  EXPECT_EQ(j["template"], "sodai_draft");
  ASSERT_EQ(j["pages"].size(), 4u);
  int read = 0, second_pages = 0;
  for (const auto& p : j["pages"]) {
    ASSERT_TRUE(p.contains("fields")) << p.dump();
    second_pages += p["page"] == 2;
    for (const auto& f : p["fields"]) read += !f["value"].get<std::string>().empty();
  }
  EXPECT_EQ(second_pages, 2);
  EXPECT_GE(read, 32);  // four pages of ~12 written fields
  // The table, on one two-page file (fewer pages to read again).
  fs::create_directories(dir / "one");
  fs::copy_file(scans / "batch.tif", dir / "one" / "batch.tif");
  auto table = run_process({kamiflow_binary(), "template", "check", (draft / "template.lua").string(), "--samples",
                            (dir / "one").string(), "-q"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("postal_code"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("alignment"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("batch.tif page 2"), std::string::npos) << table.out;

  const fs::path scan = scans / "batch.tif";
  auto over = run_process({kamiflow_binary(), "template", "preview", (draft / "template.lua").string(), "--scan",
                           scan.string(), "--out", (dir / "s.png").string(), "-q"});
  ASSERT_EQ(over.exit_code, 0) << over.err;
  EXPECT_TRUE(fs::exists(dir / "s.png"));
}

// A page with no ruled cells is no form to draft from; a missing folder of samples is a usage error.
TEST(TemplateCli, SaysWhyItCannotDraftOrCheck) {
  TempDir dir;
  const fs::path white = dir / "white.png";
  ASSERT_TRUE(cv::imwrite(white.string(), cv::Mat(1754, 1240, CV_8UC1, cv::Scalar(255))));
  auto r = run_process({kamiflow_binary(), "template", "new", white.string(), "--id", "white", "--out", (dir / "w").string(), "-q"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no ruled cells found"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "w" / "template.lua"));
  auto missing = run_process({kamiflow_binary(), "template", "new", (dir / "nope.png").string(), "--id", "x", "-q"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("nope.png"), std::string::npos) << missing.err;
  auto check = run_process({kamiflow_binary(), "template", "check",
                            (source_dir() / "samples/forms/sodai_gomi/template.lua").string(), "--samples",
                            (dir / "absent").string(), "-q"});
  EXPECT_EQ(check.exit_code, 2);
  EXPECT_NE(check.err.find("absent"), std::string::npos) << check.err;
}

}  // namespace
}  // namespace kamiflow::testing
