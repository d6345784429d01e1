#include "engine/store/csv_writer.hpp"

#include <gtest/gtest.h>

#include "engine/store/csv_reader.hpp"
#include "test_support.hpp"

namespace kamiflow {
namespace {

using testing::TempDir;

const CsvRows kJapanese = {
    {"氏名", "フリガナ", "住所", "備考"},
    {"髙橋 一郎", "タカハシ イチロウ", "東京都千代田区1-1, ビル①", "「至急」\"要確認\""},
    {"山田, 花子", "ヤマダ ハナコ", "大阪府\r\n大阪市", "～から"},
    {"", "", "", "改行\nのみ"},
};

void expect_round_trip(CsvEncoding encoding) {
  CsvOptions options;
  options.encoding = encoding;
  auto bytes = csv_encode(kJapanese, options);
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  auto rows = csv_decode(*bytes, encoding);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(*rows, kJapanese);
}

TEST(CsvWriter, RoundTripUtf8Bom) { expect_round_trip(CsvEncoding::kUtf8Bom); }
TEST(CsvWriter, RoundTripUtf8) { expect_round_trip(CsvEncoding::kUtf8); }
TEST(CsvWriter, RoundTripCp932WithNecAndIbmExtensions) { expect_round_trip(CsvEncoding::kCp932); }

TEST(CsvWriter, Rfc4180QuotingCrlfAndBom) {
  auto bytes = csv_encode({{"a", "b"}, {"x,y", "say \"hi\""}, {"line1\nline2", "plain"}});
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(*bytes, "\xEF\xBB\xBF" "a,b\r\n\"x,y\",\"say \"\"hi\"\"\"\r\n\"line1\nline2\",plain\r\n");
  CsvOptions lf;
  lf.encoding = CsvEncoding::kUtf8;
  lf.crlf = false;
  EXPECT_EQ(csv_encode({{"a"}, {"b"}}, lf).value_or(""), "a\nb\n");
}

TEST(CsvWriter, Cp932BytesAreTheWindowsOnes) {
  CsvOptions options;
  options.encoding = CsvEncoding::kCp932;
  // 髙 is IBM extension FBFC, ① NEC row 13 8740, ｶ half-width B6; no BOM in CP932.
  EXPECT_EQ(csv_encode({{"髙①ｶ"}}, options).value_or(""), "\xFB\xFC\x87\x40\xB6\r\n");
}

TEST(CsvWriter, Cp932FoldsWaveDashToFullWidthTilde) {
  // CP932 has one code (8160) for 〜 U+301C and ～ U+FF5E; it decodes as ～, as on Windows.
  CsvOptions options;
  options.encoding = CsvEncoding::kCp932;
  auto bytes = csv_encode({{"〜"}}, options);
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(*bytes, "\x81\x60\r\n");
  EXPECT_EQ(csv_decode(*bytes, CsvEncoding::kCp932).value_or({}), (CsvRows{{"～"}}));
}

TEST(CsvWriter, EmojiIsAnErrorNamingRowAndColumnInCp932) {
  CsvOptions options;
  options.encoding = CsvEncoding::kCp932;
  auto bytes = csv_encode({{"氏名", "備考"}, {"山田", "ok"}, {"佐藤", "よろしく😀"}}, options);
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.status().code(), StatusCode::kInvalidInput);
  const std::string& msg = bytes.status().message();
  EXPECT_NE(msg.find("row 2"), std::string::npos) << msg;
  EXPECT_NE(msg.find("column 2 '備考'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("U+1F600"), std::string::npos) << msg;
}

TEST(CsvWriter, LenientModeReplacesWithQuestionMarkAndCounts) {
  TempDir dir;
  CsvOptions options;
  options.encoding = CsvEncoding::kCp932;
  options.unencodable = Unencodable::kReplace;
  auto w = CsvWriter::open(dir / "out.csv", {"名前"}, options);
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  ASSERT_TRUE(w->write_row({"😀山田😀"}).ok());
  ASSERT_TRUE(w->commit().ok());
  EXPECT_EQ(w->replacements(), 2u);
  auto rows = read_csv_file(dir / "out.csv", CsvEncoding::kCp932);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(*rows, (CsvRows{{"名前"}, {"?山田?"}}));
}

TEST(CsvWriter, FormulaInjectionIsNeutralised) {
  for (const char* evil : {"=1+2", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "\rx", "＝1+2", "=HYPERLINK(\"x\")"}) {
    EXPECT_TRUE(csv_needs_formula_guard(evil)) << evil;
    const std::string cell = csv_format_cell(evil);
    EXPECT_TRUE(cell.starts_with("'") || cell.starts_with("\"'")) << cell;
  }
  // Plain numbers cannot be formulas and stay numeric; ordinary values are untouched.
  for (const char* fine : {"-5", "+3.25", "090-1234-5678", "山田", "", "2021-04-01", "a=b"}) {
    EXPECT_FALSE(csv_needs_formula_guard(fine)) << fine;
  }
  EXPECT_EQ(csv_format_cell("=1,2"), "\"'=1,2\"");
  EXPECT_EQ(csv_format_cell("=1", /*neutralise_formulas=*/false), "=1");
  auto rows = csv_decode(csv_encode({{"h"}, {"=cmd"}}).value_or(""));
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ((*rows)[1][0], "'=cmd");
}

TEST(CsvWriter, RowWidthMustMatchHeaderAndABadRowIsNotWritten) {
  TempDir dir;
  auto w = CsvWriter::open(dir / "o.csv", {"a", "b"});
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w->write_row({"1"}).code(), StatusCode::kInvalidInput);
  EXPECT_EQ(w->write_row({"1", std::string("\xff", 1)}).code(), StatusCode::kInvalidInput);
  ASSERT_TRUE(w->write_row({"1", "2"}).ok());
  EXPECT_EQ(w->rows_written(), 1u);
  ASSERT_TRUE(w->commit().ok());
  EXPECT_EQ(testing::read_file(dir / "o.csv"), "\xEF\xBB\xBF" "a,b\r\n1,2\r\n");
}

TEST(CsvWriter, UncommittedWriterLeavesNothing) {
  TempDir dir;
  {
    auto w = CsvWriter::open(dir / "o.csv", {"a"});
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE(w->write_row({"1"}).ok());
  }
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

TEST(CsvReader, ParsesLineEndsAndEdgeCases) {
  EXPECT_EQ(csv_decode("a,b\nc,d").value_or({}), (CsvRows{{"a", "b"}, {"c", "d"}}));
  EXPECT_EQ(csv_decode("a\rb\r\n").value_or({}), (CsvRows{{"a"}, {"b"}}));
  EXPECT_EQ(csv_decode("a,\n,\n").value_or({}), (CsvRows{{"a", ""}, {"", ""}}));
  EXPECT_EQ(csv_decode("\"\"").value_or({}), (CsvRows{{""}}));
  EXPECT_EQ(csv_decode("a\"b,c").value_or({}), (CsvRows{{"a\"b", "c"}}));
  EXPECT_TRUE(csv_decode("").value_or({{"x"}}).empty());
}

TEST(CsvReader, MalformedInputIsCorruptionWithALine) {
  auto open_quote = csv_decode("a\nb,\"never closed\n");
  EXPECT_EQ(open_quote.status().code(), StatusCode::kCorruption);
  EXPECT_NE(open_quote.status().message().find("line 2"), std::string::npos);
  EXPECT_EQ(csv_decode("\"a\"b").status().code(), StatusCode::kCorruption);
  EXPECT_EQ(csv_decode("\xff\xfe").status().code(), StatusCode::kCorruption);
  EXPECT_EQ(csv_decode("\x81", CsvEncoding::kCp932).status().code(), StatusCode::kCorruption);
}

TEST(CsvReader, MissingFileIsNotFound) {
  TempDir dir;
  EXPECT_EQ(read_csv_file(dir / "none.csv").status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace kamiflow
