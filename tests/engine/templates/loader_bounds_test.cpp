// Issue #13, case 10: the template loader bounds every number and keeps the reference image
// inside the template's folder, symlinks included.
#include <gtest/gtest.h>
#include <unistd.h>

#include "engine/templates/loader.hpp"
#include "test_support.hpp"

namespace kamiflow {
namespace {

namespace fs = std::filesystem;

std::string with(const std::string& page, const std::string& reference, const std::string& field_box) {
  return "return { id = 'x', page = " + page + (reference.empty() ? "" : ", reference = " + reference) +
         ", fields = { { name = 'a', type = 'text', box = " + field_box + " } } }";
}

Status load(const testing::TempDir& dir, const std::string& text) {
  testing::write_file(dir / "t.lua", text);
  return load_template((dir / "t.lua").string()).status();
}

TEST(TemplateBounds, AbsurdNumbersAreRefusedWhenLoadingNotAtRunTime) {
  testing::TempDir dir;
  const std::string box = "{ x = 10, y = 10, w = 50, h = 10 }";
  const std::string a4 = "{ width_mm = 210, height_mm = 297 }";
  EXPECT_TRUE(load(dir, with(a4, "", box)).ok());
  const std::pair<std::string, std::string> cases[] = {
      {with("{ width_mm = 1e9, height_mm = 297 }", "", box), "'width_mm' must be between -100000 and 100000 (got 1e+09)"},
      {with("{ width_mm = 5000, height_mm = 297 }", "", box), "width_mm and height_mm must each be 10 to 1200 mm"},
      {with("{ width_mm = 1189, height_mm = 1189 }", "", box), "M pixels at 300 dpi"},
      {with("{ width_mm = 210, height_mm = -297 }", "", box), "width_mm and height_mm must each be"},
      {with(a4, "", "{ x = 10, y = 10, w = 1e300, h = 10 }"), "'w' must be between"},
      {with(a4, "", "{ x = -1e6, y = 10, w = 5, h = 10 }"), "'x' must be between"},
      {with(a4, "{ image = 'blank.png', dpi = 1e6 }", box), "'dpi' must be between"},
      {with(a4, "{ image = 'blank.png', dpi = 5000 }", box), "dpi must be 50 to 1200"},
      {with(a4, "{ image = 'blank.png', dpi = 1200 }", box), "M pixels"},
  };
  for (const auto& [text, want] : cases) {
    const Status st = load(dir, text);
    EXPECT_EQ(st.code(), StatusCode::kInvalidInput) << text;
    EXPECT_NE(st.message().find(want), std::string::npos) << text << "\n→ " << st.message();
  }
}

TEST(TemplateBounds, TheReferenceImageMustBeInsideTheTemplatesFolder) {
  testing::TempDir dir;
  const std::string a4 = "{ width_mm = 210, height_mm = 297 }", box = "{ x = 10, y = 10, w = 50, h = 10 }";
  fs::create_directories(dir / "forms/sub");
  fs::copy_file(testing::source_dir() / "samples/forms/sodai_gomi/blank.png", dir / "forms/sub/blank.png");
  testing::write_file(dir / "outside.png", testing::read_file(dir / "forms/sub/blank.png"));
  ASSERT_EQ(::symlink("../../outside.png", (dir / "forms/sub/link.png").c_str()), 0);
  ASSERT_EQ(::symlink("/etc/passwd", (dir / "forms/sub/passwd.png").c_str()), 0);
  const auto load_in = [&](const std::string& image) {
    testing::write_file(dir / "forms/sub/t.lua", with(a4, "{ image = '" + image + "', dpi = 150 }", box));
    return load_template((dir / "forms/sub/t.lua").string()).status();
  };
  EXPECT_TRUE(load_in("blank.png").ok()) << load_in("blank.png").ToString();
  EXPECT_TRUE(load_in("./../sub/blank.png").ok());
  for (const std::string& bad : std::vector<std::string>{"../../../../etc/passwd", "/etc/passwd", "../../outside.png", "link.png", "passwd.png",
                                (dir / "outside.png").string(), ".", ""}) {
    const Status st = load_in(bad);
    EXPECT_EQ(st.code(), StatusCode::kInvalidInput) << bad;
    EXPECT_NE(st.message().find("must be a file inside the template's folder"), std::string::npos)
        << bad << " → " << st.message();
  }
}

}  // namespace
}  // namespace kamiflow
