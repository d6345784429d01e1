// Tests for engine/src/html_report*.cpp: the data helpers, the HTML (escaping, images, counts), the
// on-disk contract (images beside the page, atomic rewrite, clean-up), and a real render in
// Debian's chromium (tests/browser/render_report.sh) that leaves a screenshot in
// <build>/test-artifacts/report.png for people to look at.
#include "engine/report/html_report.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <opencv2/freetype.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace kamiflow {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

const char* kInjection = "<script>document.body.dataset.pwned='1'</script>";

// Text drawn the way a scanned field looks (dark ink on white), with the IPA Gothic font the build
// dependencies install, so the screenshot shows Japanese crops next to Japanese values.
std::vector<std::uint8_t> text_png(const std::string& text, int height = 44) {
  const std::string font = "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf";
  auto ft = cv::freetype::createFreeType2();
  int width = 260;
  if (fs::exists(font)) {
    ft->loadFontData(font, 0);
    int baseline = 0;
    width = std::max(width, ft->getTextSize(text, height - 18, -1, &baseline).width + 24);
  }
  cv::Mat img(height, width, CV_8UC3, cv::Scalar(255, 255, 255));
  cv::rectangle(img, {1, 1}, {width - 2, height - 2}, cv::Scalar(170, 170, 170), 1);
  if (fs::exists(font)) {
    ft->putText(img, text, {8, height - 12}, height - 18, cv::Scalar(40, 30, 30), -1, cv::LINE_AA, true);
  } else {
    cv::putText(img, "ABC 123", {8, height - 12}, cv::FONT_HERSHEY_SIMPLEX, 0.8, cv::Scalar(40, 30, 30), 2);
  }
  std::vector<std::uint8_t> png;
  cv::imencode(".png", img, png);
  return png;
}

// A small page image: title bar, field boxes and some "handwriting".
std::vector<std::uint8_t> thumbnail_png(const std::string& title, int rotation_hint = 0) {
  cv::Mat img(283, 200, CV_8UC3, cv::Scalar(250, 250, 250));
  auto ft = cv::freetype::createFreeType2();
  ft->loadFontData("/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf", 0);
  ft->putText(img, title, {20, 30}, 16, cv::Scalar(0, 0, 0), -1, cv::LINE_AA, true);
  for (int i = 0; i < 7; ++i) {
    cv::rectangle(img, {20, 50 + i * 30}, {180, 72 + i * 30}, cv::Scalar(90, 90, 90), 1);
    cv::line(img, {30 + rotation_hint, 66 + i * 30}, {90 + 10 * i, 58 + i * 30}, cv::Scalar(120, 40, 20), 2);
  }
  std::vector<std::uint8_t> png;
  cv::imencode(".png", img, png);
  return png;
}

ocr::FormTemplate inkan_template() {
  ocr::FormTemplate t;
  t.id = "inkan_touroku";
  t.title = "印鑑登録申請書";
  auto add = [&](const char* name, const char* label, ocr::FieldType type) {
    ocr::FieldSpec f;
    f.name = name;
    f.label = label;
    f.type = type;
    t.fields.push_back(f);
  };
  add("name", "氏名", ocr::FieldType::kText);
  add("kana", "フリガナ", ocr::FieldType::kKana);
  add("birth", "生年月日", ocr::FieldType::kDate);
  add("address", "住所", ocr::FieldType::kText);
  add("phone", "電話番号", ocr::FieldType::kDigits);
  return t;
}

ocr::FieldResult field(const char* name, ocr::FieldType type, const std::string& raw, const std::string& value,
                       double conf, std::vector<std::string> flags = {}, bool crop = true) {
  ocr::FieldResult f;
  f.name = name;
  f.type = type;
  f.raw = raw;
  f.value = value;
  f.confidence = conf;
  f.flags = std::move(flags);
  if (crop) f.crop_png = text_png(raw.empty() ? "　" : raw);
  return f;
}

// Four pages, one of each status; page 1 has ground truth (one right, one silently wrong field)
// and a field whose OCR text is an HTML injection.
ReportInput sample_input() {
  const ocr::FormTemplate form = inkan_template();
  ocr::Record r1;
  r1.form_id = form.id;
  r1.source_file = "scans/2024-05-01/受付_0001.tif";
  r1.page = 1;
  r1.alignment_score = 0.93;
  r1.fields = {field("name", ocr::FieldType::kText, "山田太郎", "山田太郎", 0.96),
               field("kana", ocr::FieldType::kKana, "ﾔﾏﾀﾞﾀﾛｳ", "ヤマダタロウ", 0.91),
               field("birth", ocr::FieldType::kDate, "昭和55年4月1日", "1980-04-01", 0.88),
               field("address", ocr::FieldType::kText, kInjection, kInjection, 0.41,
                     {ocr::flag::kLowConfidence, ocr::flag::kInvalid}),
               field("phone", ocr::FieldType::kDigits, "03-1234-5678", "03-1234-5678", 0.93)};
  ReportPage p1 = page_from_record(r1, &form);
  p1.thumbnail_png = thumbnail_png(form.title);
  p1.fields[0].expected = "山田太郎";
  p1.fields[2].expected = "1980-04-01";
  p1.fields[4].expected = "03-1234-5679";  // wrong and unflagged: a silent error

  ocr::Record r2 = r1;
  r2.page = 2;
  r2.rotation_degrees = 180;
  r2.fields = {field("name", ocr::FieldType::kText, "佐藤花子", "佐藤花子", 0.97),
               field("kana", ocr::FieldType::kKana, "サトウハナコ", "サトウハナコ", 0.95),
               field("birth", ocr::FieldType::kDate, "平成2年12月3日", "1990-12-03", 0.92),
               field("address", ocr::FieldType::kText, "東京都千代田区霞が関1-2-3", "東京都千代田区霞が関1-2-3", 0.90),
               field("phone", ocr::FieldType::kDigits, "", "", 0, {ocr::flag::kBlankRequired}, false)};
  ReportPage p2 = page_from_record(r2, &form);
  p2.thumbnail_png = thumbnail_png(form.title, 20);

  ReportPage p3;
  p3.source_file = "scans/2024-05-01/受付_0002.pdf";
  p3.page = 3;
  p3.form_id = form.id;
  p3.form_title = form.title;
  p3.status = PageStatus::kRejected;
  p3.reason = "位置合わせに失敗しました (alignment failed: score 0.21 < 0.50)";
  p3.thumbnail_png = thumbnail_png("（判読不能）", 40);

  ReportPage p4;
  p4.source_file = "scans/2024-05-01/memo & <notes>.png";
  p4.page = 1;
  p4.status = PageStatus::kUnclassified;
  p4.reason = "どの様式とも一致しません (no template matched)";
  p4.thumbnail_png = thumbnail_png("メモ");

  ReportInput in;
  in.title = "kamiflow デモ 読取結果";
  in.generated_at = "2024-05-01 10:00";
  in.pages = {p1, p2, p3, p4};
  in.summary = summarize_pages(in.pages);
  in.summary.seconds = 3.2;
  in.summary.pages_per_second = 1.25;
  in.summary.field_exact_rate = 2.0 / 3.0;
  in.summary.silent_error_rate = 1.0 / 3.0;
  in.summary.review_rate = 0.2;
  return in;
}

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = haystack.find(needle); pos != std::string::npos; pos = haystack.find(needle, pos + 1)) ++n;
  return n;
}

std::vector<std::string> img_srcs(const std::string& html) {
  std::vector<std::string> out;
  static const std::regex kSrc("<img src=\"([^\"]*)\"");
  for (std::sregex_iterator it(html.begin(), html.end(), kSrc), end; it != end; ++it) out.push_back((*it)[1]);
  return out;
}

std::size_t images_in(const ReportInput& in) {
  std::size_t n = 0;
  for (const auto& p : in.pages) {
    n += !p.thumbnail_png.empty();
    for (const auto& f : p.fields) n += !f.crop_png.empty();
  }
  return n;
}

TEST(HtmlReport, EscapeCoversMarkupQuotesAndControlCharacters) {
  EXPECT_EQ(html_escape("<a href=\"x\" title='y'>&</a>"),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  EXPECT_EQ(html_escape(std::string("a\0b\x1b", 4)), "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
  EXPECT_EQ(html_escape("山田\t太郎\n"), "山田\t太郎\n");
}

TEST(HtmlReport, PageFromRecordTakesLabelsFromTemplateAndFlagsFromFields) {
  const ReportInput in = sample_input();
  const ReportPage& p = in.pages[0];
  EXPECT_EQ(p.form_title, "印鑑登録申請書");
  EXPECT_EQ(p.status, PageStatus::kNeedsReview);
  EXPECT_NE(p.reason.find("住所（信頼度低・検証エラー）"), std::string::npos) << p.reason;
  ASSERT_EQ(p.fields.size(), 5u);
  EXPECT_EQ(p.fields[1].label, "フリガナ");
  EXPECT_EQ(p.fields[2].type, "date");
  EXPECT_FALSE(p.fields[0].crop_png.empty());
  EXPECT_EQ(p.fields[0].is_correct(), std::optional<bool>(true));
  EXPECT_EQ(p.fields[4].is_correct(), std::optional<bool>(false));
  EXPECT_EQ(p.fields[1].is_correct(), std::nullopt);

  ocr::Record clean;
  clean.form_id = "unknown_form";
  clean.fields = {field("x", ocr::FieldType::kText, "a", "a", 0.99, {}, false)};
  ReportPage q = page_from_record(clean, nullptr);
  EXPECT_EQ(q.status, PageStatus::kAccepted);
  EXPECT_TRUE(q.reason.empty());
  EXPECT_EQ(q.fields[0].label, "");  // the report then shows the name
}

TEST(HtmlReport, SummaryCountsStatuses) {
  const ReportSummary s = sample_input().summary;
  EXPECT_EQ(s.pages, 4);
  EXPECT_EQ(s.records, 2);
  EXPECT_EQ(s.needs_review, 2);
  EXPECT_EQ(s.rejected, 1);
  EXPECT_EQ(s.unclassified, 1);
}

TEST(HtmlReport, WritesEscapedSelfContainedPageWhoseImagesAllExist) {
  TempDir dir;
  const ReportInput in = sample_input();
  ASSERT_TRUE(write_html_report(in, (dir / "out").string()).ok());
  const std::string html = testing::read_file(dir / "out" / "report.html");

  // OCR output is text, never markup: exactly one script element (ours, with a nonce).
  EXPECT_EQ(html.find("<script>document"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;document.body.dataset.pwned=&#39;1&#39;&lt;/script&gt;"), std::string::npos);
  EXPECT_EQ(count(html, "<script"), 1u);
  EXPECT_NE(html.find("memo &amp; &lt;notes&gt;.png"), std::string::npos);
  // Self-contained: nothing fetched from anywhere.
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);

  // Every image referenced exists beside the page, and every file there is referenced.
  const std::vector<std::string> srcs = img_srcs(html);
  EXPECT_EQ(srcs.size(), images_in(in));
  std::set<std::string> referenced;
  for (const auto& src : srcs) {
    EXPECT_TRUE(src.starts_with("report_files/")) << src;
    EXPECT_TRUE(fs::is_regular_file(dir / "out" / src)) << src;
    EXPECT_FALSE(cv::imread((dir / "out" / src).string()).empty()) << src;
    referenced.insert(fs::path(src).filename().string());
  }
  for (const auto& e : fs::directory_iterator(dir / "out" / "report_files"))
    EXPECT_TRUE(referenced.contains(e.path().filename().string())) << e.path();

  // Counts: pages by status, highlighted rows, ground-truth marks.
  EXPECT_EQ(count(html, "<section class=\"page "), 4u);
  EXPECT_EQ(count(html, "data-status=\"needs_review\""), 2u);
  EXPECT_EQ(count(html, "data-status=\"rejected\""), 1u);
  EXPECT_EQ(count(html, "data-status=\"unclassified\""), 1u);
  EXPECT_EQ(count(html, "<tr class=\"row-review\""), 2u);  // address on page 1, phone on page 2
  EXPECT_EQ(count(html, "<tr class=\"row-wrong\""), 1u);   // phone on page 1
  EXPECT_EQ(count(html, "<tr class=\"row-ok\""), 7u);
  EXPECT_EQ(count(html, "class=\"mark\">✓"), 2u);
  EXPECT_EQ(count(html, "class=\"mark\">✗"), 1u);
  EXPECT_EQ(count(html, "見逃し (silent)"), 1u);
  EXPECT_NE(html.find("正解: <span>03-1234-5679</span>"), std::string::npos);
  EXPECT_NE(html.find("<span class=\"count\">4</span>"), std::string::npos);  // all but none accepted
  // The raw read is shown only where normalisation changed it.
  EXPECT_NE(html.find("読取原文 (raw): <span>昭和55年4月1日</span>"), std::string::npos);
  EXPECT_EQ(html.find("読取原文 (raw): <span>山田太郎"), std::string::npos);
  EXPECT_NE(html.find("\"IPAGothic\", \"IPAexGothic\", \"Noto Sans CJK JP\", sans-serif"), std::string::npos);
  EXPECT_NE(html.find("個人情報"), std::string::npos);
  // Without JS the filter buttons stay hidden (they would do nothing) and every row is shown.
  EXPECT_NE(html.find("<nav class=\"filters\" hidden"), std::string::npos);
  EXPECT_NE(html.find("66.7%"), std::string::npos);  // field exact rate
}

TEST(HtmlReport, RewriteReplacesPageAndRemovesImagesNoLongerUsed) {
  TempDir dir;
  const std::string out = (dir / "out").string();
  ReportInput in = sample_input();
  ASSERT_TRUE(write_html_report(in, out).ok());
  const std::set<std::string> before = [&] {
    std::set<std::string> s;
    for (const auto& src : img_srcs(testing::read_file(dir / "out" / "report.html"))) s.insert(src);
    return s;
  }();
  testing::write_file(dir / "out" / "report_files" / "notes.txt", "a reviewer's file");
  testing::write_file(dir / "out" / "report_files" / ".0123456789abcdef-9.png.tmp-1-1", "crash leftover");

  in.pages.resize(1);
  in.pages[0].fields[0].crop_png = text_png("山田 太郎（再読取）");
  ASSERT_TRUE(write_html_report(in, out).ok());
  const std::string html = testing::read_file(dir / "out" / "report.html");
  const std::vector<std::string> after = img_srcs(html);
  EXPECT_EQ(after.size(), images_in(in));
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(dir / "out" / "report_files")) {
    const std::string name = e.path().filename().string();
    EXPECT_EQ(name.find(".tmp-"), std::string::npos) << name;
    ++files;
  }
  for (const auto& e : fs::directory_iterator(dir / "out"))
    EXPECT_EQ(e.path().filename().string().find(".tmp-"), std::string::npos) << e.path();
  EXPECT_EQ(files, after.size() + 1);  // the reviewer's notes.txt stays
  EXPECT_TRUE(fs::exists(dir / "out" / "report_files" / "notes.txt"));
  EXPECT_TRUE(before.contains(after[0]));   // the unchanged thumbnail kept its name
  EXPECT_FALSE(before.contains(after[1]));  // the new crop got a new one
}

TEST(HtmlReport, UnwritableDirectoryIsAnIOErrorNotAnException) {
  TempDir dir;
  testing::write_file(dir / "plainfile", "x");
  const Status st = write_html_report(sample_input(), (dir / "plainfile").string());
  EXPECT_EQ(st.code(), StatusCode::kIOError) << st.ToString();
  EXPECT_NE(st.message().find("plainfile"), std::string::npos);
}

// The real thing: Debian's chromium opens the file. Not skipped when chromium is missing (CI
// installs it through cmake/install-deps.sh test): a silent skip would hide a broken report.
testing::ProcessResult render(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"/bin/bash", (testing::source_dir() / "tests/browser/render_report.sh").string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return testing::run_process(argv);
}

std::string attr(const std::string& dom, const std::string& name) {
  std::smatch m;
  const std::regex re("<body[^>]*\\s" + name + "=\"([^\"]*)\"");
  return std::regex_search(dom, m, re) ? std::string(m[1]) : std::string("<absent>");
}

TEST(HtmlReport, RendersInChromiumWithEveryImageAndNoInjectedScript) {
  TempDir dir;
  const ReportInput in = sample_input();
  ASSERT_TRUE(write_html_report(in, (dir / "out").string()).ok());
  const std::string page = (dir / "out" / "report.html").string();

  const testing::ProcessResult dom = render({"dom", page});
  ASSERT_NE(dom.exit_code, 127) << "Debian's chromium is required for this test. Install it with "
                                   "`sudo cmake/install-deps.sh test` (or `sudo apt-get install chromium`).\n"
                                << dom.err;
  ASSERT_EQ(dom.exit_code, 0) << dom.err;
  EXPECT_EQ(attr(dom.out, "data-broken-images"), "0") << "an <img> failed to load";
  EXPECT_EQ(attr(dom.out, "data-images-total"), std::to_string(images_in(in)));
  EXPECT_EQ(attr(dom.out, "data-pwned"), "<absent>") << "OCR text ran as script";
  EXPECT_EQ(attr(dom.out, "data-visible-rows"), "10");
  EXPECT_NE(dom.out.find("&lt;script&gt;document.body.dataset.pwned"), std::string::npos);
  EXPECT_NE(dom.out.find("印鑑登録申請書"), std::string::npos);
  EXPECT_NE(dom.out.find("分類不能"), std::string::npos);
  EXPECT_EQ(dom.out.find("class=\"filters\" hidden"), std::string::npos) << "the script did not show the filters";

  // #review starts with 要確認のみ: only the flagged or wrong rows stay visible.
  const testing::ProcessResult review = render({"dom", page + "#review"});
  ASSERT_EQ(review.exit_code, 0) << review.err;
  EXPECT_NE(attr(review.out, "class").find("only-review"), std::string::npos);
  EXPECT_EQ(attr(review.out, "data-visible-rows"), "3");
  // 要確認のみ really filters: of the pages only those the 要確認 card counts stay.
  EXPECT_EQ(attr(dom.out, "data-visible-pages"), "4");
  EXPECT_EQ(attr(review.out, "data-visible-pages"), std::to_string(in.summary.needs_review));
  EXPECT_EQ(in.summary.needs_review, 2);

  // Kept for people: build/test-artifacts/report.png and the page it shows, report/ (synthetic data).
  // The binary sits in build/tests/; ctest also runs it with build/ as working directory.
  const fs::path artifacts = fs::read_symlink("/proc/self/exe").parent_path().parent_path() / "test-artifacts";
  const fs::path shot = artifacts / "report.png";
  std::error_code ec;
  fs::remove_all(artifacts / "report", ec);
  fs::create_directories(artifacts, ec);
  fs::copy(dir / "out", artifacts / "report", fs::copy_options::recursive, ec);
  EXPECT_FALSE(ec) << "cannot keep a copy of the report in " << artifacts << ": " << ec.message();
  const testing::ProcessResult sr = render({"screenshot", page, shot.string(), "1366,900"});
  ASSERT_EQ(sr.exit_code, 0) << sr.err;
  const cv::Mat img = cv::imread(shot.string());
  ASSERT_FALSE(img.empty()) << shot;
  EXPECT_EQ(img.cols, 1366);
  EXPECT_EQ(img.rows, 900);
  // Not a blank page: the header bar and cards put real contrast on screen.
  cv::Scalar mean, stddev;
  cv::meanStdDev(img, mean, stddev);
  EXPECT_GT(stddev[0], 20.0);
}

}  // namespace
}  // namespace kamiflow
