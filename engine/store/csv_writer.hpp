// CsvWriter: RFC 4180 CSV for Excel and legacy municipal systems, written atomically.
//
// Contract: open() writes the byte-order mark (if any) and the header row; write_row() appends one
// record; commit() makes the file appear at its path in one rename (AtomicFile). Without commit()
// nothing appears. Every row must have as many cells as the header. A row that fails to encode is
// not written at all and the writer stays usable (the caller may skip or fix it). Not thread-safe.
//
// Encoding: UTF-8 with BOM (default: Excel then opens Japanese correctly), UTF-8 without BOM, or
// CP932 (Windows Shift_JIS with NEC/IBM extensions: ①, 髙 and 〜 are fine). Characters CP932 cannot
// hold (emoji, most non-Japanese scripts) fail the row with InvalidInput naming row, column and
// character — unless `unencodable = kReplace`, which writes '?' and counts it (replacements()), for
// callers that prefer a lossy export over none. CP932 has one code for 〜 (U+301C) and ～ (U+FF5E),
// so both read back as ～, as on Windows. Line ends are CRLF by default (Excel, legacy).
//
// Formula injection: a cell beginning with = + - @ (or full-width ＝ ＋ － ＠), any control character
// (TAB, CR, LF, NUL, ...) or a BOM (U+FEFF) is written
// with a leading ' so spreadsheet programs show it as text. Values here are OCR'd strings and a
// crafted form must not become a formula. Plain decimal numbers ("-5", "+3.25") are exempt: they
// cannot be formulas and should stay numeric. Normalised phone numbers never start with '+'.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/os/atomic_file.hpp"
#include "kamiflow/status.hpp"

namespace kamiflow {

enum class CsvEncoding { kUtf8Bom, kUtf8, kCp932 };
enum class Unencodable { kError, kReplace };

struct CsvOptions {
  CsvEncoding encoding = CsvEncoding::kUtf8Bom;
  Unencodable unencodable = Unencodable::kError;  // CP932 only
  bool crlf = true;
  bool neutralise_formulas = true;
};

// One cell as it appears in the file (UTF-8): neutralised if needed, then quoted if it holds
// a comma, quote, CR or LF, or starts with a BOM (which a reader would take for the file's).
[[nodiscard]] std::string csv_format_cell(std::string_view cell, bool neutralise_formulas = true);
// True when a spreadsheet could read `cell` as a formula (see the contract above).
[[nodiscard]] bool csv_needs_formula_guard(std::string_view cell);

// A whole CSV document in memory: rows[0] is the header (named in errors). Includes the BOM.
[[nodiscard]] Result<std::string> csv_encode(const std::vector<std::vector<std::string>>& rows,
                                             const CsvOptions& options = {});

class CsvWriter {
 public:
  [[nodiscard]] static Result<CsvWriter> open(const std::filesystem::path& path, std::vector<std::string> header,
                                              const CsvOptions& options = {}, FileEnv& env = FileEnv::posix());
  CsvWriter(CsvWriter&&) noexcept;
  CsvWriter& operator=(CsvWriter&&) noexcept;
  ~CsvWriter();  // uncommitted: the file does not appear

  [[nodiscard]] Status write_row(const std::vector<std::string>& cells);
  [[nodiscard]] Status commit();
  std::size_t rows_written() const;
  std::size_t replacements() const;  // characters written as '?' (kReplace mode)

 private:
  struct Impl;
  explicit CsvWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kamiflow
