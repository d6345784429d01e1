// Warnings print above the progress bar: a log line hides the bar, prints, and redraws it.
#include "engine/base/status_line.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>


namespace kamiflow {
namespace {

std::string contents(std::FILE* f) {
  std::fflush(f);
  std::rewind(f);
  std::string s;
  for (int c; (c = std::fgetc(f)) != EOF;) s += static_cast<char>(c);
  return s;
}

TEST(StatusLine, ALogLineGoesAboveTheBarWhichIsRedrawn) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  status_line::show(f, "[###...] 3/10 pages");
  status_line::around([&] { std::fputs("warning: a.png page 1: ...\n", f); });
  status_line::clear();
  status_line::around([&] { std::fputs("after\n", f); });  // no bar any more: printed as is
  EXPECT_EQ(contents(f),
            "\r[###...] 3/10 pages\x1b[K"    // the bar
            "\r\x1b[K"                       // erased
            "warning: a.png page 1: ...\n"  // the log line on its own line
            "\r[###...] 3/10 pages\x1b[K"    // the bar again, below it
            "\r\x1b[K"                       // cleared at the end of the batch
            "after\n");
  std::fclose(f);
}

}  // namespace
}  // namespace kamiflow
