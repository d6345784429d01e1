// logging.cpp: every sink writes each message on one line with control characters and stray
// bytes escaped, so a file name or a script's log text cannot forge log lines (issue #13, case 9).
#include "engine/base/logging.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "kamiflow/escape.hpp"
#include "test_support.hpp"

namespace kamiflow {
namespace {

TEST(Logging, NewlinesAndControlCharactersInMessagesCannotForgeLines) {
  testing::TempDir dir;
  LogOptions o;
  o.verbosity = -1;
  o.file = (dir / "k.log").string();
  {
    Logger log = make_logger(o);
    log->warn("quarantined {}", "scan.png\n2026-12-01 00:00:00.000 [error] [1] forged");
    log->info("lua: {}", "a\rb\x1B[2Kc\xFF");
    log->flush();
  }
  const std::string text = testing::read_file(dir / "k.log");
  std::istringstream in(text);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  ASSERT_EQ(lines.size(), 2u) << text;
  EXPECT_NE(lines[0].find("scan.png\\n2026-12-01 00:00:00.000 [error] [1] forged"), std::string::npos) << lines[0];
  EXPECT_NE(lines[1].find("a\\rb\\x1B[2Kc\\xFF"), std::string::npos) << lines[1];
  EXPECT_TRUE(is_valid_utf8(text));
}

TEST(Logging, ForgedLinesThroughTheBinaryStayOnOneLine) {
  testing::TempDir dir;
  const auto script = dir / "log.lua";
  testing::write_file(script, "kamiflow.log.warn('ok\\nerror: forged by the script')\n");
  auto r = testing::run_process({testing::kamiflow_binary(), "run", script.string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("ok\\nerror: forged by the script"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("\nerror: forged"), std::string::npos) << r.err;
}

TEST(Logging, FieldValuesAreRedactedUnlessPersonalDataLoggingIsOn) {
  LogOptions o;
  EXPECT_EQ(redact("山田太郎", o), "<4 chars>");
  EXPECT_EQ(redact("", o), "<0 chars>");
  o.log_personal_data = true;
  EXPECT_EQ(redact("山田太郎", o), "山田太郎");
}

}  // namespace
}  // namespace kamiflow
