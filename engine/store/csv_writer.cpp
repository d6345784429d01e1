#include "engine/store/csv_writer.hpp"

#include <optional>

#include "engine/store/cp932.hpp"

namespace kamiflow {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

bool is_plain_number(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  const std::size_t int_start = i;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  if (i == int_start) return false;
  if (i < s.size() && s[i] == '.') {
    const std::size_t frac_start = ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == frac_start) return false;
  }
  return i == s.size();
}

// Encodes rows one at a time, naming the row and column when a cell cannot be encoded.
class RowEncoder {
 public:
  static Result<RowEncoder> create(const CsvOptions& options, std::vector<std::string> header) {
    RowEncoder enc(options, std::move(header));
    if (options.encoding == CsvEncoding::kCp932) {
      KF_ASSIGN_OR_RETURN(auto cd, detail::Iconv::open("UTF-8", "CP932"));
      enc.iconv_.emplace(std::move(cd));
    }
    return enc;
  }

  std::string preamble() const { return options_.encoding == CsvEncoding::kUtf8Bom ? std::string(kUtf8Bom) : ""; }

  // row_number 0 is the header.
  Result<std::string> encode(const std::vector<std::string>& cells, std::size_t row_number) {
    const std::string row_name = row_number == 0 ? "header" : "row " + std::to_string(row_number);
    if (row_number > 0 && !header_.empty() && cells.size() != header_.size()) {
      return Status::InvalidInput("CSV " + row_name + " has " + std::to_string(cells.size()) +
                                  " cells; the header has " + std::to_string(header_.size()));
    }
    std::string line;
    for (std::size_t col = 0; col < cells.size(); ++col) {
      if (col > 0) line.push_back(',');
      std::string cell = csv_format_cell(cells[col], options_.neutralise_formulas);
      const std::string where = "CSV " + row_name + ", column " + std::to_string(col + 1) +
                                (col < header_.size() ? " '" + header_[col] + "'" : "");
      if (iconv_) {
        auto out = iconv_->convert(cell, options_.unencodable == Unencodable::kReplace);
        if (!out.ok()) return out.status().WithContext(where + " (CP932)");
        replaced_ += out->replaced;
        line += out->bytes;
      } else {
        if (detail::find_invalid_utf8(cell) != std::string::npos) {
          return Status::InvalidInput(where + ": cell is not valid UTF-8");
        }
        line += cell;
      }
    }
    line += options_.crlf ? "\r\n" : "\n";
    return line;
  }

  std::size_t replaced() const { return replaced_; }

 private:
  RowEncoder(const CsvOptions& options, std::vector<std::string> header)
      : options_(options), header_(std::move(header)) {}
  CsvOptions options_;
  std::vector<std::string> header_;
  std::optional<detail::Iconv> iconv_;
  std::size_t replaced_ = 0;
};

}  // namespace

bool csv_needs_formula_guard(std::string_view cell) {
  if (cell.empty() || is_plain_number(cell)) return false;
  switch (cell[0]) {
    case '=': case '+': case '-': case '@': case '\t': case '\r':
      return true;
    default:
      break;
  }
  // Any other control character (LF, NUL, ...) or a BOM (U+FEFF) first: a spreadsheet may drop
  // it and read what follows ("\n=cmd|..."); no real value starts with one.
  if (static_cast<unsigned char>(cell[0]) < 0x20 || cell.substr(0, 3) == "\xEF\xBB\xBF") return true;
  // Full-width ＝ ＋ － ＠ (U+FF1D, FF0B, FF0D, FF20): Japanese spreadsheet input may fold them.
  for (std::string_view fw : {"\xEF\xBC\x9D", "\xEF\xBC\x8B", "\xEF\xBC\x8D", "\xEF\xBC\xA0"}) {
    if (cell.substr(0, fw.size()) == fw) return true;
  }
  return false;
}

std::string csv_format_cell(std::string_view cell, bool neutralise_formulas) {
  std::string value;
  if (neutralise_formulas && csv_needs_formula_guard(cell)) value = "'";
  value += cell;
  // A cell starting with U+FEFF is quoted: unquoted at the start of a file it would read back as
  // the file's BOM and be dropped (found by fuzz_csv, tests/fuzz/findings/csv/).
  const bool leading_bom = value.rfind("\xEF\xBB\xBF", 0) == 0;
  if (!leading_bom && value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '"') quoted.push_back('"');
    quoted.push_back(c);
  }
  quoted.push_back('"');
  return quoted;
}

Result<std::string> csv_encode(const std::vector<std::vector<std::string>>& rows, const CsvOptions& options) {
  KF_ASSIGN_OR_RETURN(auto enc, RowEncoder::create(options, rows.empty() ? std::vector<std::string>{} : rows[0]));
  std::string out = enc.preamble();
  for (std::size_t r = 0; r < rows.size(); ++r) {
    KF_ASSIGN_OR_RETURN(std::string line, enc.encode(rows[r], r));
    out += line;
  }
  return out;
}

struct CsvWriter::Impl {
  AtomicFile file;
  RowEncoder encoder;
  std::size_t rows = 0;
};

CsvWriter::CsvWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CsvWriter::CsvWriter(CsvWriter&&) noexcept = default;
CsvWriter& CsvWriter::operator=(CsvWriter&&) noexcept = default;
CsvWriter::~CsvWriter() = default;

Result<CsvWriter> CsvWriter::open(const std::filesystem::path& path, std::vector<std::string> header,
                                  const CsvOptions& options, FileEnv& env) {
  if (header.empty()) return Status::InvalidInput("CSV " + path.string() + ": header has no columns");
  KF_ASSIGN_OR_RETURN(auto encoder, RowEncoder::create(options, header));
  KF_ASSIGN_OR_RETURN(std::string header_line, encoder.encode(header, 0));
  KF_ASSIGN_OR_RETURN(auto file, AtomicFile::create(path, env));
  KF_RETURN_IF_ERROR(file.write(encoder.preamble() + header_line));
  return CsvWriter(std::make_unique<Impl>(Impl{std::move(file), std::move(encoder), 0}));
}

Status CsvWriter::write_row(const std::vector<std::string>& cells) {
  KF_ASSIGN_OR_RETURN(std::string line, impl_->encoder.encode(cells, impl_->rows + 1));
  KF_RETURN_IF_ERROR(impl_->file.write(line));
  ++impl_->rows;
  return Status::Ok();
}

Status CsvWriter::commit() { return impl_->file.commit(); }
std::size_t CsvWriter::rows_written() const { return impl_->rows; }
std::size_t CsvWriter::replacements() const { return impl_->encoder.replaced(); }

}  // namespace kamiflow
