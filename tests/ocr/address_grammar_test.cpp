// repair_address_text: characters an address's grammar fixes, and everything it must leave alone.
#include "address_grammar.hpp"

#include <gtest/gtest.h>

namespace kamiflow::ocr {
namespace {

std::string repaired(std::string_view s) { return repair_address_text(s).value_or("(none)"); }

TEST(AddressGrammar, ChomeAndGoMisreadsAreWrittenBack) {
  EXPECT_EQ(repaired("熊本県熊本市中央区花畑町5丁日28番10号"), "熊本県熊本市中央区花畑町5丁目28番10号");
  EXPECT_EQ(repaired("東京都渋谷区道玄坂1」日28番7号"), "東京都渋谷区道玄坂1丁目28番7号");
  EXPECT_EQ(repaired("宮本町4丁日9番12肌ひまわり荘501号室"), "宮本町4丁目9番12号ひまわり荘501号室");
  EXPECT_EQ(repaired("吉祥寺本町1丁目25番12旨"), "吉祥寺本町1丁目25番12号");
  EXPECT_EQ(repaired("東京都世田谷区太子堂2]目20番17号"), "東京都世田谷区太子堂2丁目20番17号");
  EXPECT_EQ(repaired("東京都世田谷区太子堂3十目25番8号"), "東京都世田谷区太子堂3丁目25番8号");
  EXPECT_EQ(repaired("大阪府大阪市北区梅田1-27-1"), "(none)") << "nothing to mend";
}

TEST(AddressGrammar, APrefectureOneKanjiOffIsTheOnlyOneNearWhenATownFollows) {
  EXPECT_EQ(repaired("神住川県相模原市中央区中央2丁目1番19号"), "神奈川県相模原市中央区中央2丁目1番19号");
  EXPECT_EQ(repaired("一葉県柏市柏1丁目3番14号"), "千葉県柏市柏1丁目3番14号");
  EXPECT_EQ(repaired("東京部武蔵野市吉祥寺本町3丁目14番16号"), "東京都武蔵野市吉祥寺本町3丁目14番16号");
  EXPECT_EQ(repaired("兵庫相神戸市中央区三宮町1丁目4番3号"), "兵庫県神戸市中央区三宮町1丁目4番3号");
}

TEST(AddressGrammar, ADotAmongHyphensAndADashBetweenKanjiAreWhatTheyMustBe) {
  EXPECT_EQ(repaired("東京都練馬区豊玉北3.24-5レジデンス緑110"), "東京都練馬区豊玉北3-24-5レジデンス緑110");
  EXPECT_EQ(repaired("北海道札幌市中央区北-条西3丁目14番14号"), "北海道札幌市中央区北一条西3丁目14番14号");
  EXPECT_EQ(repaired("大手町1.5号"), "(none)") << "no hyphen after it: the dot is not a hyphen's slip";
}

TEST(AddressGrammar, WhatTheGrammarDoesNotFixIsLeftAlone) {
  EXPECT_EQ(repaired("東京都練馬区豊玉北3-24-5レジデンス緑110"), "(none)") << "a right address";
  EXPECT_EQ(repaired("千葉俊介"), "(none)") << "no digit: a name, not an address";
  EXPECT_EQ(repaired("千葉2丁目"), "(none)") << "千葉 not followed by a town is no prefecture";
  EXPECT_EQ(repaired("偲鳩県前橋市大手町3丁目19番10号"), "(none)") << "two kanji off";
  EXPECT_EQ(repaired("大手町3番12肌4"), "(none)") << "a digit after it: not where 号 stands";
  EXPECT_EQ(repaired("日曜日は不在、12時以降"), "(none)");
}

}  // namespace
}  // namespace kamiflow::ocr
