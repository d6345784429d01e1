// The file formats of an export: CSV (through store/CsvWriter) and .xlsx (libxlsxwriter), each
// written atomically. Cells arrive final (mapped, dated, CP932-safe when the encoding says so).
// Not a public API of the export folder; export.cpp is its one caller.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "engine/export/profile.hpp"
#include "kamiflow/status.hpp"

namespace kamiflow::exporting {

struct Table {
  std::vector<std::string> header;          // may be empty (header = "none")
  std::vector<std::vector<std::string>> rows;
  std::string sheet_name;                   // xlsx: the worksheet's name
};

[[nodiscard]] Status write_csv_table(const std::filesystem::path& path, const Table& table, const ExportProfile& profile);

// Every cell is a string cell with the text number format ("@"), so 0424097 and a 12-digit
// 個人番号 stay as written and a cell that starts with '=' is never a formula.
[[nodiscard]] Status write_xlsx_table(const std::filesystem::path& path, const Table& table);

}  // namespace kamiflow::exporting
