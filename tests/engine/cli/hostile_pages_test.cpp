// Issue #13, end to end through the real binary: hostile pages each end with a clear reason and
// the batch goes on. Every input is rebuilt here (tests/hostile_inputs.cpp).
#include <gtest/gtest.h>

#include <sqlite3.h>

#include <chrono>
#include <sstream>

#include <nlohmann/json.hpp>

#include "hostile_inputs.hpp"
#include "kamiflow/escape.hpp"
#include "test_support.hpp"

namespace kamiflow::testing {
namespace {

namespace fs = std::filesystem;

std::string sodai_gomi() { return (source_dir() / "samples/forms/sodai_gomi/template.lua").string(); }

// Two real scans of the sodai_gomi form.
std::vector<fs::path> good_scans(const TempDir& dir) {
  auto gen = run_process({kamiflow_binary(), "samples", "--form", "sodai_gomi", "--count", "2", "--multipage", "0",
                          "--seed", "5", "--out", (dir / "gen").string(), "-q"});
  EXPECT_EQ(gen.exit_code, 0) << gen.err;
  std::vector<fs::path> scans;
  for (const auto& e : fs::directory_iterator(dir / "gen"))
    if (e.path().extension() != ".json") scans.push_back(e.path());
  std::sort(scans.begin(), scans.end());
  return scans;
}

// The tiny and broken files of cases 1 and 2.
std::vector<fs::path> hostile_files(const TempDir& dir) {
  const std::vector<std::pair<std::string, std::string>> files = {
      {"tiny.png", hostile::png(1, 1)},
      {"tall.png", hostile::png(2, 3000)},
      {"long.png", hostile::png(1, 100000)},
      {"raw-chunk.png", hostile::png_with_raw_chunk_type()},
  };
  std::vector<fs::path> out;
  for (const auto& [name, bytes] : files) {
    write_file(dir / name, bytes);
    out.push_back(dir / name);
  }
  return out;
}

TEST(HostilePages, ExtractReadsGoodFilesAroundTinyOnesAndReportsEachTinyOne) {
  TempDir dir;
  const auto good = good_scans(dir);
  ASSERT_EQ(good.size(), 2u);
  const auto bad = hostile_files(dir);
  std::vector<std::string> argv = {kamiflow_binary(), "extract", "-q", "-t", sodai_gomi(), "--", good[0].string()};
  for (const auto& b : bad) argv.push_back(b.string());
  argv.push_back(good[1].string());
  auto r = run_process(argv);
  EXPECT_EQ(r.exit_code, 3) << r.err;  // finished, with rejects: not 134 (abort)
  std::vector<nlohmann::json> lines;
  std::istringstream out(r.out);
  for (std::string line; std::getline(out, line);) lines.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(lines.size(), 6u) << r.out;
  EXPECT_FALSE(lines.front().value("rejected", false)) << lines.front().dump();
  EXPECT_FALSE(lines.back().value("rejected", false)) << lines.back().dump();
  EXPECT_FALSE(lines.back()["fields"].empty());
  for (std::size_t i = 1; i <= 3; ++i) {
    ASSERT_TRUE(lines[i].value("rejected", false));
    EXPECT_NE(lines[i]["detail"].get<std::string>().find("too small to hold a form"), std::string::npos) << lines[i];
  }
  // Case 2: the raw chunk type is shown escaped, and the line is valid JSON (it parsed above).
  EXPECT_NE(lines[4]["detail"].get<std::string>().find("'\\xFF\\xFE\\x80\\xC3' chunk"), std::string::npos) << lines[4];
}

std::vector<std::pair<std::string, std::string>> journal(const fs::path& db) {
  sqlite3* h = nullptr;
  EXPECT_EQ(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(h, "SELECT source_file, reason FROM pages WHERE state = 'quarantined' ORDER BY source_file", -1, &st,
                     nullptr);
  std::vector<std::pair<std::string, std::string>> rows;
  while (sqlite3_step(st) == SQLITE_ROW) {
    rows.emplace_back(fs::path(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))).filename().string(),
                      std::string(reinterpret_cast<const char*>(sqlite3_column_blob(st, 1)), sqlite3_column_bytes(st, 1)));
  }
  sqlite3_finalize(st);
  sqlite3_close(h);
  return rows;
}

TEST(HostilePages, BatchQuarantinesTinyAndRawByteFilesWithValidUtf8ReasonsAndReportRuns) {
  TempDir dir;
  const auto bad = hostile_files(dir);
  std::vector<std::string> argv = {kamiflow_binary(), "batch", "-q", "--no-progress", "-t", sodai_gomi(),
                                   "--db", (dir / "r.sqlite").string(), "--quarantine", (dir / "q").string(), "--"};
  for (const auto& b : bad) argv.push_back(b.string());
  auto r = run_process(argv);
  EXPECT_EQ(r.exit_code, 3) << r.err;
  const auto rows = journal(dir / "r.sqlite");
  ASSERT_EQ(rows.size(), 4u);
  for (const auto& [file, reason] : rows) {
    EXPECT_TRUE(is_valid_utf8(reason)) << file;
    EXPECT_EQ(reason.find("Internal"), std::string::npos) << file << ": " << reason;
  }
  // The clerk's sentence is in the journal; the technical detail, escaped, in the tray's reason file.
  bool raw_chunk_seen = false;
  for (const auto& entry : fs::recursive_directory_iterator(dir / "q")) {
    if (entry.path().string().find("raw-chunk.png.reason.txt") == std::string::npos) continue;
    const std::string text = read_file(entry.path());
    EXPECT_TRUE(is_valid_utf8(text));
    EXPECT_NE(text.find("\\xFF\\xFE\\x80\\xC3"), std::string::npos) << text;
    raw_chunk_seen = true;
  }
  EXPECT_TRUE(raw_chunk_seen) << "raw-chunk.png's reason file in the quarantine tray";
  // The report draws a thumbnail of every quarantined page: a 1 x 100000 page once aborted it.
  auto rep = run_process({kamiflow_binary(), "report", "-q", "--db", (dir / "r.sqlite").string(), "--out",
                          (dir / "rep").string()});
  EXPECT_EQ(rep.exit_code, 0) << rep.err;
  EXPECT_TRUE(fs::exists(dir / "rep/report.html"));
}

TEST(HostilePages, NestedFormPdfIsStoppedAtThePageBudgetAndTheBatchGoesOn) {
  TempDir dir;
  write_file(dir / "a-nested.pdf", hostile::pdf_nested_forms(32));
  write_file(dir / "b-tiny.png", hostile::png(1, 1));
  const auto start = std::chrono::steady_clock::now();
  auto r = run_process({kamiflow_binary(), "batch", "-q", "--no-progress", "-t", sodai_gomi(), "--page-seconds", "2",
                        "--db", (dir / "r.sqlite").string(), "--quarantine", (dir / "q").string(), "--",
                        (dir / "a-nested.pdf").string(), (dir / "b-tiny.png").string()});
  const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_LT(took, 30) << "2^32 rectangles would take hours";
  const auto rows = journal(dir / "r.sqlite");
  ASSERT_EQ(rows.size(), 2u);
  for (const auto& [file, reason] : rows)
    EXPECT_NE(reason.find(file == "a-nested.pdf" ? "制限時間内に終わりませんでした" : "小さすぎ"), std::string::npos)
        << file << ": " << reason;
  // What stopped it, for the administrator: the tray's reason file keeps the technical detail.
  bool nested_seen = false;
  for (const auto& entry : fs::recursive_directory_iterator(dir / "q"))
    if (entry.path().string().find("a-nested.pdf.reason.txt") != std::string::npos) {
      EXPECT_NE(read_file(entry.path()).find("took longer than 2 s to render"), std::string::npos);
      nested_seen = true;
    }
  EXPECT_TRUE(nested_seen);
}

}  // namespace
}  // namespace kamiflow::testing
