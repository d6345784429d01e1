// SKK's name dictionary as a supplement to mecab-ipadic's person names (name_supplement.cpp,
// name_reading.cpp).
#include "name_supplement.hpp"

#include <gtest/gtest.h>
#include <iconv.h>

#include <filesystem>
#include <fstream>

#include "name_reading.hpp"

namespace kamiflow::ocr {
namespace {

std::string to_euc_jp(const std::string& utf8) {
  iconv_t cd = iconv_open("EUC-JP", "UTF-8");
  std::string out(utf8.size() * 2, '\0');
  char* src = const_cast<char*>(utf8.data());
  std::size_t src_left = utf8.size(), dst_left = out.size();
  char* dst = out.data();
  iconv(cd, &src, &src_left, &dst, &dst_left);
  iconv_close(cd);
  out.resize(out.size() - dst_left);
  return out;
}

std::string write_jisyo(const std::string& name, const std::string& utf8) {
  const auto path = std::filesystem::path(::testing::TempDir()) / name;
  std::ofstream(path, std::ios::binary) << to_euc_jp(utf8);
  return path.string();
}

TEST(NameSupplement, ReadsSkkEntriesWithTheirKindAsKatakana) {
  const std::string path = write_jisyo("jinmei-small",
                                       ";; -*- coding: euc-jp -*-\n"
                                       "ゆうま /悠真;名/遊馬;姓/\n"
                                       "みお /澪;人名/美桜;名/三尾;姓/\n"
                                       "さとう /佐藤;人名 姓/\n"
                                       "あkey /送り;名/\n");  // not a plain reading: dropped
  auto s = NameSupplement::load(path);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_EQ((*s)->find("悠真").size(), 1u);
  EXPECT_EQ((*s)->find("悠真")[0].reading, "ユウマ");
  EXPECT_TRUE((*s)->find("悠真")[0].given);
  EXPECT_FALSE((*s)->find("悠真")[0].surname);
  EXPECT_TRUE((*s)->find("遊馬")[0].surname);
  EXPECT_TRUE((*s)->find("佐藤")[0].surname) << "「人名 姓」 is a surname";
  const auto& mio = (*s)->find("澪");
  ASSERT_EQ(mio.size(), 1u);
  EXPECT_FALSE(mio[0].given || mio[0].surname) << "「人名」 alone says neither";
  EXPECT_TRUE((*s)->find("送り").empty());
  EXPECT_TRUE((*s)->find("山田").empty());
  EXPECT_EQ((*s)->size(), 6u);
}

// OCR turns 遥 into its old form 遙, which reads the same: names with an old form are left out.
TEST(NameSupplement, NamesSpelledWithAnOldKanjiFormAreLeftOut) {
  const std::string names = write_jisyo("jinmei-old", "はるか /遙;名/遥;名/\nさくら /櫻;名/\n");
  const std::string variants = write_jisyo("itaiji", "遥 /遙;<人名用漢字>/\n遙 /遥/\n");
  auto s = NameSupplement::load(names, variants);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_TRUE((*s)->find("遙").empty());
  EXPECT_EQ((*s)->find("遥").size(), 1u) << "遥 is listed as a variant only unmarked (遙 /遥/)";
  EXPECT_EQ((*s)->find("櫻").size(), 1u) << "not marked in this variant file";
  auto no_variants = NameSupplement::load(names, "/nonexistent/SKK-JISYO.itaiji");
  ASSERT_FALSE(no_variants.ok());
  EXPECT_NE(no_variants.status().message().find("skkdic-extra"), std::string::npos);
  // The installed files: the misread of dev seed 44 is not confirmed, the everyday form is.
  auto readings = NameReadings::create();
  ASSERT_TRUE(readings.ok());
  EXPECT_NE((*readings)->check("山内 遙", "ヤマウチ ハルカ"), ReadingVerdict::kMatch);
  EXPECT_EQ((*readings)->check("山内 遥", "ヤマウチ ハルカ"), ReadingVerdict::kMatch);
}

TEST(NameSupplement, MissingOrEmptyFileIsAClearError) {
  auto missing = NameSupplement::load("/nonexistent/SKK-JISYO.jinmei");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("skkdic-extra"), std::string::npos) << missing.status().message();
  auto empty = NameSupplement::load(write_jisyo("jinmei-empty", ";; nothing\n"));
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.status().message().find("no name entries"), std::string::npos);
}

// ipadic's names are from the 1990s: a child's 悠真 (ユウマ) or 琴音 (コトネ) is unknown to it, so
// the reading check could not confirm the kana. With the supplement it does, and a wrong kana
// of the same name becomes judgeable. Being listed there is no evidence that a kanji read is a
// real name, though: the supplement lists obscure names (委 つぶさ) a misread kanji turns into.
TEST(NameSupplement, ModernGivenNamesBecomeJudgeable) {
  const std::string path =
      write_jisyo("jinmei-modern", "ゆうま /悠真;名/\nことね /琴音;名/\nつぶさ /委;名/\n");
  auto with = NameReadings::create("", path);
  ASSERT_TRUE(with.ok()) << with.status().ToString();
  auto without = NameReadings::create("", "");
  ASSERT_TRUE(without.ok()) << without.status().ToString();
  EXPECT_EQ((*without)->check("佐藤悠真", "サトウユウマ"), ReadingVerdict::kNoEvidence);
  EXPECT_EQ((*with)->check("佐藤悠真", "サトウユウマ"), ReadingVerdict::kMatch);
  EXPECT_EQ((*with)->check("大西 琴音", "オオニシ コトネ"), ReadingVerdict::kMatch);
  EXPECT_EQ((*with)->check("佐藤 悠真", "サトウ ユウタ"), ReadingVerdict::kMismatch);
  EXPECT_EQ((*with)->check("伊藤委", "イトウツブサ"), ReadingVerdict::kMatch);
  EXPECT_FALSE((*with)->known_full_name("伊藤委")) << "a misread of 伊藤律 on dev seed 41";
  EXPECT_FALSE((*with)->known_full_name("佐藤悠真"));
  EXPECT_FALSE((*with)->known_word("悠真"));
  EXPECT_TRUE((*with)->known_full_name("佐藤健二")) << "ipadic's own names still count";
}

// The Debian file itself, as installed by the set-up (cmake/install-deps.sh): the names the
// supplement is for are in it.
TEST(NameSupplement, TheInstalledDictionaryKnowsTodaysGivenNames) {
  auto s = NameSupplement::shared();
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_GT((*s)->size(), 20000u);
  auto readings = NameReadings::create();
  ASSERT_TRUE(readings.ok());
  EXPECT_EQ((*readings)->check("山本 陽翔", "ヤマモト ハルト"), ReadingVerdict::kMatch);
  EXPECT_EQ((*readings)->check("田中 美桜", "タナカ ミオ"), ReadingVerdict::kMatch);
}

}  // namespace
}  // namespace kamiflow::ocr
