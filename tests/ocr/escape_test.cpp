// escape.cpp: untrusted bytes made valid UTF-8 (\xFF for each stray byte) and kept on one line;
// and Status, which applies valid_utf8() to every message it is built with (issue #13, case 2).
#include "kamiflow/escape.hpp"

#include <gtest/gtest.h>

#include "kamiflow/status.hpp"

namespace kamiflow {
namespace {

TEST(Escape, ValidUtf8KeepsGoodSequencesAndEscapesEveryStrayByte) {
  EXPECT_EQ(valid_utf8("plain ascii"), "plain ascii");
  EXPECT_EQ(valid_utf8("山田 太郎 😀"), "山田 太郎 😀");
  EXPECT_EQ(valid_utf8("a\xFF" "b"), "a\\xFFb");
  EXPECT_EQ(valid_utf8("\xC0\xAF"), "\\xC0\\xAF");          // overlong '/'
  EXPECT_EQ(valid_utf8("\xED\xA0\x80"), "\\xED\\xA0\\x80");  // a UTF-16 surrogate
  EXPECT_EQ(valid_utf8("\xE3\x81"), "\\xE3\\x81");          // truncated あ
  EXPECT_EQ(valid_utf8("\xF4\x90\x80\x80"), "\\xF4\\x90\\x80\\x80");  // past U+10FFFF
  EXPECT_EQ(valid_utf8("new\nline"), "new\nline");  // valid_utf8 leaves controls alone
  for (int b = 0; b < 256; ++b) {
    const std::string one(1, static_cast<char>(b));
    EXPECT_TRUE(is_valid_utf8(valid_utf8(one + "x" + one))) << b;
  }
}

TEST(Escape, OneLineEscapesControlCharactersSoNoLineCanBeForged) {
  EXPECT_EQ(one_line("scan.png\nERROR forged line"), "scan.png\\nERROR forged line");
  EXPECT_EQ(one_line("a\r\nb\tc"), "a\\r\\nb\\tc");
  EXPECT_EQ(one_line("\x1B[31mred"), "\\x1B[31mred");
  EXPECT_EQ(one_line(std::string("nul\0byte", 8)), "nul\\x00byte");
  EXPECT_EQ(one_line("\xC2\x85" "next \xE2\x80\xA8 sep"), "\\x85next \\u2028 sep");  // NEL, LINE SEPARATOR
  EXPECT_EQ(one_line("住民票\xFF"), "住民票\\xFF");
}

TEST(Escape, EveryStatusMessageIsValidUtf8WhereItIsCreated) {
  const Status st = Status::Corruption("PNG ends inside a '\xFF\xFE\x80\xC3' chunk");
  EXPECT_TRUE(is_valid_utf8(st.message()));
  EXPECT_EQ(st.message(), "PNG ends inside a '\\xFF\\xFE\\x80\\xC3' chunk");
  const Status ctx = st.WithContext("scan\xFE.png");
  EXPECT_TRUE(is_valid_utf8(ctx.message()));
  EXPECT_EQ(ctx.message().rfind("scan\\xFE.png: ", 0), 0u);
  EXPECT_EQ(Status::InvalidInput("山田").message(), "山田");  // valid text is untouched
}

}  // namespace
}  // namespace kamiflow
