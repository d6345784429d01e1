// csv_writer.cpp: cells a spreadsheet could read as a formula after dropping a leading control
// character or BOM are neutralised too (issue #13, case 11: LF, U+FEFF and NUL first).
#include <gtest/gtest.h>

#include "engine/store/csv_reader.hpp"
#include "engine/store/csv_writer.hpp"

namespace kamiflow {
namespace {

TEST(CsvGuard, CellsStartingWithAControlCharacterOrBomAreNeutralised) {
  for (const std::string& cell : std::vector<std::string>{std::string("\n=HYPERLINK(\"http://x\")"), std::string("\xEF\xBB\xBF=1+1"),
                                 std::string("\0=1+1", 5), std::string("\x0B@SUM(A1)"), std::string("\x1F-2+3")}) {
    EXPECT_TRUE(csv_needs_formula_guard(cell)) << cell;
    const std::string out = csv_format_cell(cell);
    const std::size_t start = out[0] == '"' ? 1 : 0;
    EXPECT_EQ(out[start], '\'') << out;
  }
  EXPECT_FALSE(csv_needs_formula_guard("山田 太郎"));
  EXPECT_FALSE(csv_needs_formula_guard("-5"));
  // Written and read back, the value is the guard plus the original cell.
  auto text = csv_encode({{"a"}, {"\n=1+1"}});
  ASSERT_TRUE(text.ok());
  auto rows = csv_decode(*text);
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ((*rows)[1][0], "'\n=1+1");
}

}  // namespace
}  // namespace kamiflow
