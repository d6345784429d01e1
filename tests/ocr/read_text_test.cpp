// Text-like fields on rendered, scan-degraded crops: blanks never reach Tesseract, red seals and
// dust are cleaned away, box lines are removed, and confidence is low when the read is doubtful.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "field_readers.hpp"
#include "kamiflow/ocr/record.hpp"
#include "ocr_render_support.hpp"
#include "text_shape.hpp"

namespace kamiflow::ocr {
namespace {

using testing::Canvas;

class ReadTextTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { pool_ = new EnginePool(); }
  static void TearDownTestSuite() { delete pool_; }

  // A boxed field: 80×10 mm box inside a crop with a 2 mm margin and a printed label to the left
  // of the box (outside the field, but inside the crop's margin on some forms).
  struct Form {
    FieldSpec spec;
    Canvas blank{84, 14};
    explicit Form(FieldType type, std::string lang = "jpn") {
      spec.name = "f";
      spec.type = type;
      spec.box = {2, 2, 80, 10};
      spec.read.lang = std::move(lang);
      blank.rect(spec.box, 0.3);
    }
    Canvas filled() const {
      Canvas c = blank;
      c.img = blank.img.clone();
      return c;
    }
    FieldCrop crop(const Canvas& filled, unsigned seed = 1, int specks = 0, double noise = 12) const {
      return testing::make_crop(testing::degrade(filled.img, seed, noise, specks), blank, {0, 0, 84, 14});
    }
  };

  static FieldRead read(const FieldCrop& crop, const FieldSpec& spec) {
    auto r = read_text_field(crop, spec, *pool_);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r.value() : FieldRead{};
  }
  static EnginePool* pool_;
};
EnginePool* ReadTextTest::pool_ = nullptr;

TEST_F(ReadTextTest, BlankFieldDoesNotCallTesseract) {
  Form form(FieldType::kText);
  ASSERT_TRUE(pool_->get("jpn").ok());  // so the count below is not an Init artefact
  const long before = pool_->total_recognitions();
  // A noisy, dusty, slightly misregistered blank: still blank.
  FieldRead r = read(form.crop(form.filled(), 7, /*specks=*/12, /*noise=*/16), form.spec);
  EXPECT_EQ(pool_->total_recognitions(), before);
  EXPECT_TRUE(r.blank);
  EXPECT_EQ(r.raw, "");
  EXPECT_TRUE(r.flags.empty());
}

TEST_F(ReadTextTest, ReadsJapaneseNameWithoutSpaces) {
  Form form(FieldType::kText);
  Canvas c = form.filled();
  c.text("山田 太郎", 6, 4.5, 5);
  FieldRead r = read(form.crop(c), form.spec);
  EXPECT_EQ(r.raw, "山田太郎");
  EXPECT_GE(r.confidence, 0.8);
}

TEST_F(ReadTextTest, RedSealOverBlackTextStillReads) {
  Form form(FieldType::kText);
  Canvas c = form.filled();
  c.text("佐藤花子", 6, 4.5, 5);
  c.seal(20, 7, 4.2);  // over 藤 and 花
  FieldRead r = read(form.crop(c, 3), form.spec);
  EXPECT_EQ(r.raw, "佐藤花子");
}

TEST_F(ReadTextTest, DustInAWideBoxIsIgnored) {
  Form form(FieldType::kText);
  Canvas c = form.filled();
  c.text("鈴木一郎", 5, 4.5, 5);
  FieldRead r = read(form.crop(c, 11, /*specks=*/40), form.spec);
  EXPECT_EQ(r.raw, "鈴木一郎");
}

TEST_F(ReadTextTest, KanaFieldReadsKatakana) {
  Form form(FieldType::kKana);
  Canvas c = form.filled();
  c.text("ヤマダ タロウ", 6, 5, 4.2);
  FieldRead r = read(form.crop(c, 4), form.spec);
  EXPECT_EQ(r.raw, "ヤマダタロウ");
  EXPECT_TRUE(has_expected_shape(FieldType::kKana, r.raw));
}

TEST_F(ReadTextTest, DigitsFieldWithEnglishAndWhitelist) {
  Form form(FieldType::kDigits, "eng");
  Canvas c = form.filled();
  c.text("090-1234-5678", 6, 4.5, 4.5);
  FieldRead r = read(form.crop(c, 5), form.spec);
  EXPECT_EQ(r.raw, "090-1234-5678");
  EXPECT_GE(r.confidence, 0.8);
}

TEST_F(ReadTextTest, DateFieldInWareki) {
  Form form(FieldType::kDate);
  Canvas c = form.filled();
  c.text("令和5年4月1日", 6, 4.5, 4.5);
  FieldRead r = read(form.crop(c, 6), form.spec);
  EXPECT_EQ(r.raw, "令和5年4月1日");
}

TEST_F(ReadTextTest, WithoutReferenceBoxLinesAreRemovedMorphologically) {
  Form form(FieldType::kDigits, "eng");
  Canvas c = form.filled();
  c.text("03-5555-0123", 6, 4.5, 4.5);
  FieldCrop crop = form.crop(c, 8);
  crop.reference = cv::Mat();
  FieldRead r = read(crop, form.spec);
  EXPECT_EQ(r.raw, "03-5555-0123");
}

TEST_F(ReadTextTest, AHalfErasedValueIsNotTrusted) {
  // A wrong or doubtful read must be flagged, not pass: smudge most of the writing away.
  Form form(FieldType::kText);
  Canvas c = form.filled();
  c.text("渡辺", 6, 4.5, 5);
  cv::Mat img = testing::degrade(c.img, 2, 12);
  cv::GaussianBlur(img, img, cv::Size(0, 0), 4.0);  // out of focus / water damage
  FieldRead r = read(testing::make_crop(img, form.blank, {0, 0, 84, 14}), form.spec);
  if (r.raw != "渡辺") {
    EXPECT_LT(r.confidence, 0.8) << r.raw;
  }
}

// 第ニ / 第ー are never Japanese: after 第 stands a numeral, and its look-alikes become it.
TEST(TextShape, TheNumeralAfterDaiIsAKanjiNumeral) {
  EXPECT_EQ(numeral_after_dai("道玄坂1-24-12第ニコーポ305号室"), "道玄坂1-24-12第二コーポ305号室");
  EXPECT_EQ(numeral_after_dai("第ー営業部"), "第一営業部");
  EXPECT_EQ(numeral_after_dai("ニコーポ第3"), "ニコーポ第3");  // ニ elsewhere is left alone
  EXPECT_EQ(numeral_after_dai("サニーハイツ"), "サニーハイツ");
}

// Both Japanese models read 健二 as 健ニ alike; a lone katakana twin of a kanji after a kanji,
// before a kanji or the end, is the kanji. Katakana words and kana names are left alone.
TEST(TextShape, ALoneKatakanaTwinAmongKanjiIsTheKanji) {
  EXPECT_EQ(kanji_for_lone_katakana("佐藤健ニ"), "佐藤健二");
  EXPECT_EQ(kanji_for_lone_katakana("山ロ県山ロ市"), "山口県山口市");
  EXPECT_EQ(kanji_for_lone_katakana("鈴木健ー"), "鈴木健一");
  EXPECT_EQ(kanji_for_lone_katakana("中野ハ郎"), "中野八郎");
  EXPECT_EQ(kanji_for_lone_katakana("大エ町"), "大工町");
  EXPECT_EQ(kanji_for_lone_katakana("第二コーポ"), "第二コーポ");      // コ is followed by katakana
  EXPECT_EQ(kanji_for_lone_katakana("佐藤エミ"), "佐藤エミ");          // a kana given name
  EXPECT_EQ(kanji_for_lone_katakana("霞ケ関"), "霞ケ関");              // not a twin
  EXPECT_EQ(kanji_for_lone_katakana("ニシダ"), "ニシダ");              // no kanji before it
  EXPECT_EQ(kanji_for_lone_katakana("3丁目カーサ"), "3丁目カーサ");
}

}  // namespace
}  // namespace kamiflow::ocr
