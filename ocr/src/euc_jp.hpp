// Internal to ocr/: the dictionaries Debian ships for Japanese (mecab-ipadic's source, SKK's
// jisyo files) are EUC-JP text; this turns one into UTF-8 with glibc's iconv.
#pragma once

#include <string>

#include "kamiflow/status.hpp"

namespace kamiflow::ocr {

// `path` only names the file in the error (with the byte offset where the text stops being EUC-JP).
Result<std::string> euc_jp_to_utf8(const std::string& in, const std::string& path);

// The EUC-JP file at `path` as UTF-8. A missing file is NotFound, naming it as `what` ("name
// dictionary") and the Debian package that installs it.
Result<std::string> read_euc_jp_file(const std::string& path, const std::string& what, const std::string& package);

}  // namespace kamiflow::ocr
