// `kamiflow bench`: the arithmetic (ratios, growth, stage aggregation), the /proc parsers, the CLI
// argv of a captured call, and one short end-to-end run that must print every documented key.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "engine/bench/bench.hpp"
#include "test_support.hpp"

namespace kamiflow::engine::bench {
namespace {

TEST(BenchMath, RatioOfNothingIsZeroNotInfinity) {
  EXPECT_DOUBLE_EQ(ratio(3, 2), 1.5);
  EXPECT_DOUBLE_EQ(ratio(3, 0), 0);
  EXPECT_DOUBLE_EQ(ratio(3, -1), 0);
}

TEST(BenchMath, GrowthPercent) {
  EXPECT_DOUBLE_EQ(growth_percent(200, 210), 5);
  EXPECT_DOUBLE_EQ(growth_percent(200, 180), -10);
  EXPECT_DOUBLE_EQ(growth_percent(0, 180), 0);
}

TEST(BenchMath, StagesAreMeansPerPageAndTheRestIsOther) {
  StageAccumulator acc;
  EXPECT_DOUBLE_EQ(acc.per_page().total(), 0);  // no page: zeros, not NaN
  ocr::StageTimes a;
  a.register_ms = 10;
  a.recognise_ms = 100;
  a.normalise_ms = 2;
  ocr::StageTimes b;
  b.register_ms = 30;
  b.recognise_ms = 200;
  b.normalise_ms = 4;
  acc.add_extract(a, 120);  // 8 ms outside the named stages
  acc.add_extract(b, 240);  // 6 ms
  acc.add_decode(40);
  acc.add_decode(20);
  acc.add_sink(10);
  StageBreakdown s = acc.per_page();
  EXPECT_EQ(acc.pages(), 2);
  EXPECT_DOUBLE_EQ(s.register_, 20);
  EXPECT_DOUBLE_EQ(s.recognise, 150);
  EXPECT_DOUBLE_EQ(s.normalise, 3);
  EXPECT_DOUBLE_EQ(s.decode, 30);
  EXPECT_DOUBLE_EQ(s.sinks, 5);
  EXPECT_DOUBLE_EQ(s.other, 7);
  EXPECT_DOUBLE_EQ(s.total(), 20 + 150 + 3 + 30 + 5 + 7);
  EXPECT_TRUE(s.to_json().contains("recognise_ms"));
}

TEST(BenchMath, OtherIsNeverNegative) {
  StageAccumulator acc;
  ocr::StageTimes t;
  t.recognise_ms = 10;
  acc.add_extract(t, 9.99);  // clock jitter between inner and outer timers
  EXPECT_DOUBLE_EQ(acc.per_page().other, 0);
}

TEST(BenchProc, ParsesVmRssFromAStatusText) {
  const std::string status =
      "Name:\tkamiflow\nVmPeak:\t  900000 kB\nVmHWM:\t  409600 kB\nVmRSS:\t  204800 kB\nThreads:\t3\n";
  EXPECT_DOUBLE_EQ(parse_status_mb(status, "VmRSS").value(), 200);
  EXPECT_DOUBLE_EQ(parse_status_mb(status, "VmHWM").value(), 400);
  EXPECT_FALSE(parse_status_mb(status, "VmSwap").has_value());
  EXPECT_FALSE(parse_status_mb("VmRSSX:\t1 kB\n", "VmRSS").has_value());  // a longer key is another key
  EXPECT_FALSE(parse_status_mb("VmRSS:\tlots\n", "VmRSS").has_value());
}

TEST(BenchProc, ReadsThisProcessAndReportsAMissingFile) {
  auto rss = read_status_mb("VmRSS");
  ASSERT_TRUE(rss.ok()) << rss.status().ToString();
  EXPECT_GT(*rss, 0);
  testing::TempDir dir;
  testing::write_file(dir / "status", "VmRSS:\t1024 kB\n");
  EXPECT_DOUBLE_EQ(read_status_mb("VmRSS", (dir / "status").string()).value(), 1);
  EXPECT_EQ(read_status_mb("VmRSS", (dir / "missing").string()).status().code(), StatusCode::kNotFound);
}

TEST(BenchProc, ParsesLoadAverage) {
  EXPECT_DOUBLE_EQ(parse_loadavg("12.63 11.02 9.50 3/812 4242\n").value(), 12.63);
  EXPECT_FALSE(parse_loadavg("").has_value());
  EXPECT_FALSE(parse_loadavg("x 1 2").has_value());
}

TEST(BenchCli, ArgvRepeatsTheCallsLanguageModeResolutionAndWhitelist) {
  ocr::OcrCall call;
  call.lang = "eng";
  call.page_seg_mode = 7;
  call.dpi = 300;
  call.whitelist = "0123456789";
  const auto argv = tesseract_cli_argv("tesseract", "/tmp/c.png", call);
  const std::vector<std::string> want{"tesseract", "/tmp/c.png", "stdout", "-l", "eng", "--psm", "7", "--dpi", "300",
                                      "-c", "invert_threshold=0", "-c", "tessedit_char_whitelist=0123456789"};
  EXPECT_EQ(argv, want);
  call.whitelist.clear();
  EXPECT_EQ(tesseract_cli_argv("tesseract", "/tmp/c.png", call).size(), want.size() - 2);
}

TEST(BenchCli, OnlyTextLikeFieldsCountAsOcrFields) {
  EXPECT_TRUE(is_ocr_field(ocr::FieldType::kText));
  EXPECT_TRUE(is_ocr_field(ocr::FieldType::kDigitBoxes));
  EXPECT_FALSE(is_ocr_field(ocr::FieldType::kCheckboxGroup));
  EXPECT_FALSE(is_ocr_field(ocr::FieldType::kCircledChoice));
}

// Two pages, no CLI baseline (it would spawn dozens of processes): short, yet it goes through
// generation, both BatchRunner runs, capture and the floor replay.
TEST(BenchCommand, JsonHasEveryDocumentedKey) {
  testing::TempDir dir;
  auto r = testing::run_process({testing::kamiflow_binary(), "bench", "--pages", "2", "--no-baseline", "--json",
                                 "--work-dir", (dir / "w").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  for (const char* key : {"pages_per_second", "pages_per_second_1_worker", "workers", "scaling", "floor_ratio",
                          "baseline_ratio", "rss_mb_small", "rss_mb_large", "stages", "stages_1_worker",
                          "ocr_share", "ocr_calls_per_page", "pages_per_second_previous", "previous_ratio"})
    EXPECT_TRUE(j.contains(key)) << key;
  for (const char* key : {"decode_ms", "register_ms", "recognise_ms", "normalise_validate_ms", "sinks_ms"})
    EXPECT_TRUE(j["stages"].contains(key)) << key;
  EXPECT_EQ(j["pages"], 2);
  EXPECT_EQ(j["rejected"], 0);
  EXPECT_GT(j["pages_per_second"].get<double>(), 0);
  EXPECT_GT(j["ocr_calls"].get<long>(), 0);  // the capture hook saw the second page's calls
  EXPECT_GT(j["floor_ratio"].get<double>(), 0);
  EXPECT_GT(j["pages_per_second_previous"].get<double>(), 0);  // the side-by-side run happened
}

// --form all: a mixed batch, so pages are classified (the classify stage is timed, register is
// not) and the field counts are means over the forms.
TEST(BenchCommand, AllFormsRunsAClassifiedMixedBatch) {
  testing::TempDir dir;
  auto r = testing::run_process({testing::kamiflow_binary(), "bench", "--form", "all", "--pages", "4", "--no-floor",
                                 "--json", "--work-dir", (dir / "w").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["form"], "all");
  EXPECT_EQ(j["rejected"], 0);
  EXPECT_GT(j["stages"]["classify_ms"].get<double>(), 0);
  EXPECT_EQ(j["stages"]["register_ms"].get<double>(), 0);
  const double fields = j["fields"].get<double>();
  EXPECT_GT(fields, 10);
  EXPECT_LT(fields, 20);  // not the 20 of the largest form alone
}

TEST(BenchCommand, RefusesZeroPages) {
  auto r = testing::run_process({testing::kamiflow_binary(), "bench", "--pages", "0"});
  EXPECT_NE(r.exit_code, 0);
}

}  // namespace
}  // namespace kamiflow::engine::bench
