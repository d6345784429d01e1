// CSV reading: the inverse of CsvWriter, for round-trip tests and the Lua csv capability.
//
// Contract: decodes UTF-8 (a leading BOM is dropped whichever UTF-8 option is given) or CP932 into
// UTF-8, then parses RFC 4180: quoted cells may hold commas, "" and line breaks; rows end in CRLF,
// LF or CR. A trailing line end does not make an empty last row. Undecodable bytes and an
// unterminated quoted cell are Corruption naming the line. The ' that CsvWriter adds against
// formula injection is kept (it cannot be told apart from data). Pure functions; thread-safe.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "engine/store/csv_writer.hpp"
#include "kamiflow/status.hpp"

namespace kamiflow {

using CsvRows = std::vector<std::vector<std::string>>;

[[nodiscard]] Result<CsvRows> csv_decode(std::string_view bytes, CsvEncoding encoding = CsvEncoding::kUtf8Bom);
// Reads and decodes a file; files larger than max_bytes are ResourceLimit.
[[nodiscard]] Result<CsvRows> read_csv_file(const std::filesystem::path& path,
                                            CsvEncoding encoding = CsvEncoding::kUtf8Bom,
                                            std::size_t max_bytes = 256u * 1024 * 1024);

}  // namespace kamiflow
