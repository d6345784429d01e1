#include "engine/store/csv_reader.hpp"

#include <fstream>
#include <sstream>

#include "engine/store/cp932.hpp"

namespace kamiflow {
namespace {

Result<std::string> to_utf8(std::string_view bytes, CsvEncoding encoding) {
  if (encoding == CsvEncoding::kCp932) {
    KF_ASSIGN_OR_RETURN(auto cd, detail::Iconv::open("CP932", "UTF-8"));
    auto out = cd.convert(bytes, /*replace=*/false);
    if (!out.ok()) return Status::Corruption("CSV is not valid CP932: " + out.status().message());
    return std::move(out->bytes);
  }
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  if (auto bad = detail::find_invalid_utf8(bytes); bad != std::string_view::npos) {
    return Status::Corruption("CSV is not valid UTF-8 at byte " + std::to_string(bad));
  }
  return std::string(bytes);
}

}  // namespace

Result<CsvRows> csv_decode(std::string_view bytes, CsvEncoding encoding) {
  KF_ASSIGN_OR_RETURN(const std::string text, to_utf8(bytes, encoding));
  CsvRows rows;
  std::vector<std::string> row;
  std::string cell;
  bool in_quotes = false;
  bool cell_was_quoted = false;
  std::size_t line = 1, quote_line = 0;
  auto end_cell = [&] {
    row.push_back(std::move(cell));
    cell.clear();
    cell_was_quoted = false;
  };
  auto end_row = [&] {
    end_cell();
    rows.push_back(std::move(row));
    row.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          cell.push_back('"');
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line;
        cell.push_back(c);
      }
      continue;
    }
    if (c == ',') {
      end_cell();
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_row();
      ++line;
    } else if (c == '"' && cell.empty() && !cell_was_quoted) {
      in_quotes = true;
      cell_was_quoted = true;
      quote_line = line;
    } else if (cell_was_quoted) {
      return Status::Corruption("CSV line " + std::to_string(line) + ": text after a closing quote");
    } else {
      cell.push_back(c);  // a stray quote inside an unquoted cell is kept literally, as Excel does
    }
  }
  if (in_quotes) return Status::Corruption("CSV line " + std::to_string(quote_line) + ": quoted cell never closed");
  if (!cell.empty() || !row.empty() || cell_was_quoted) end_row();
  return rows;
}

Result<CsvRows> read_csv_file(const std::filesystem::path& path, CsvEncoding encoding, std::size_t max_bytes) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return Status::NotFound("cannot read CSV " + path.string() + ": " + ec.message());
  if (size > max_bytes) {
    return Status::ResourceLimit("CSV " + path.string() + " is " + std::to_string(size) + " bytes; limit " +
                                 std::to_string(max_bytes));
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  if (!in && !in.eof()) return Status::IOError("cannot read CSV " + path.string());
  auto rows = csv_decode(ss.str(), encoding);
  if (!rows.ok()) return rows.status().WithContext(path.string());
  return rows;
}

}  // namespace kamiflow
