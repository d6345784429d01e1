// Messages for clerks: Japanese by default, English from --lang en or an English locale.
#include "engine/base/messages.hpp"

#include <gtest/gtest.h>

namespace kamiflow {
namespace {

TEST(Messages, LanguageFromTheLocale) {
  EXPECT_EQ(parse_language("en_US.UTF-8"), Language::kEnglish);
  EXPECT_EQ(parse_language("ja_JP.UTF-8"), Language::kJapanese);
  EXPECT_EQ(parse_language("C"), std::nullopt);
  set_message_language(Language::kEnglish);
  EXPECT_EQ(ui("日本語", "English"), "English");
  set_message_language(Language::kJapanese);
  EXPECT_EQ(ui("日本語", "English"), "日本語");
}

}  // namespace
}  // namespace kamiflow
