#include "engine/export/writers.hpp"

#include <unistd.h>

#include <fstream>
#include <sstream>

#include <xlsxwriter.h>

#include "engine/os/atomic_file.hpp"
#include "engine/store/csv_writer.hpp"

namespace kamiflow::exporting {
namespace {

CsvEncoding csv_encoding(Encoding e) {
  switch (e) {
    case Encoding::kUtf8:
      return CsvEncoding::kUtf8;
    case Encoding::kCp932:
      return CsvEncoding::kCp932;
    case Encoding::kUtf8Bom:
      break;
  }
  return CsvEncoding::kUtf8Bom;
}

// Excel's rules for a worksheet name: at most 31 characters, none of []:*?/\ .
std::string sheet_name(const std::string& wanted) {
  std::string out;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < wanted.size() && chars < 31;) {
    const auto b = static_cast<unsigned char>(wanted[i]);
    const std::size_t n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : 4;
    std::string ch = wanted.substr(i, n);
    i += n;
    if (ch.size() == 1 && std::string("[]:*?/\\").find(ch[0]) != std::string::npos) ch = "_";
    out += ch;
    ++chars;
  }
  return out.empty() ? "Sheet1" : out;
}

struct WorkbookCloser {
  void operator()(lxw_workbook* wb) const {
    if (wb) workbook_close(wb);
  }
};

}  // namespace

Status write_csv_table(const std::filesystem::path& path, const Table& table, const ExportProfile& profile) {
  CsvOptions options;
  options.encoding = csv_encoding(profile.encoding);
  options.crlf = profile.crlf;
  options.unencodable = kamiflow::Unencodable::kError;  // cells were made CP932-safe before; a miss is a bug
  std::vector<std::vector<std::string>> rows;
  if (!table.header.empty()) rows.push_back(table.header);
  rows.insert(rows.end(), table.rows.begin(), table.rows.end());
  if (rows.empty()) rows.push_back({});
  // csv_encode takes rows[0] as the header; with header = "none" the first data row is it, which
  // only changes how errors name rows.
  KF_ASSIGN_OR_RETURN(std::string text, csv_encode(rows, options));
  if (table.header.empty() && table.rows.empty()) {
    text = options.encoding == CsvEncoding::kUtf8Bom ? "\xEF\xBB\xBF" : "";
  }
  return write_file_atomically(path, text);
}

Status write_xlsx_table(const std::filesystem::path& path, const Table& table) {
  // libxlsxwriter writes the file itself: build it beside the target under a temporary name,
  // then hand the bytes to write_file_atomically (fsync + rename) and remove the temporary.
  const std::filesystem::path tmp =
      path.parent_path() / ("." + path.filename().string() + ".tmp-" + std::to_string(::getpid()));
  auto build = [&]() -> Status {
    lxw_workbook_options wo{};
    wo.constant_memory = LXW_FALSE;
    wo.use_zip64 = LXW_FALSE;
    std::unique_ptr<lxw_workbook, WorkbookCloser> wb(workbook_new_opt(tmp.c_str(), &wo));
    if (!wb) return Status::IOError(path.string() + ": cannot create the workbook");
    lxw_worksheet* ws = workbook_add_worksheet(wb.get(), sheet_name(table.sheet_name).c_str());
    if (!ws) return Status::IOError(path.string() + ": cannot add a worksheet");
    lxw_format* text = workbook_add_format(wb.get());
    format_set_num_format(text, "@");
    lxw_format* head = workbook_add_format(wb.get());
    format_set_num_format(head, "@");
    format_set_bold(head);
    lxw_row_t r = 0;
    auto put_row = [&](const std::vector<std::string>& cells, lxw_format* fmt) -> Status {
      for (std::size_t c = 0; c < cells.size(); ++c) {
        if (cells[c].empty()) continue;
        lxw_error e = worksheet_write_string(ws, r, static_cast<lxw_col_t>(c), cells[c].c_str(), fmt);
        if (e != LXW_NO_ERROR)
          return Status::InvalidInput(path.string() + ": row " + std::to_string(r + 1) + ", column " +
                                      std::to_string(c + 1) + ": " + lxw_strerror(e));
      }
      ++r;
      return Status::Ok();
    };
    const std::size_t ncols = table.header.empty() ? (table.rows.empty() ? 0 : table.rows[0].size()) : table.header.size();
    if (ncols > 0) worksheet_set_column(ws, 0, static_cast<lxw_col_t>(ncols - 1), 16, text);
    if (!table.header.empty()) {
      KF_RETURN_IF_ERROR(put_row(table.header, head));
      worksheet_freeze_panes(ws, 1, 0);
    }
    for (const auto& row : table.rows) KF_RETURN_IF_ERROR(put_row(row, text));
    lxw_error e = workbook_close(wb.release());
    if (e != LXW_NO_ERROR) return Status::IOError(path.string() + ": " + lxw_strerror(e));
    return Status::Ok();
  };
  if (Status st = build(); !st.ok()) {
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
    return st;
  }
  std::ifstream in(tmp, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  in.close();
  std::error_code ec;
  std::filesystem::remove(tmp, ec);
  if (!in && bytes.str().empty()) return Status::IOError(tmp.string() + ": cannot read the workbook back");
  return write_file_atomically(path, bytes.str());
}

}  // namespace kamiflow::exporting
