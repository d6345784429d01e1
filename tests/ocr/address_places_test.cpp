// Place-name evidence for addresses the two models read differently (address_places.cpp).
#include <gtest/gtest.h>

#include "address_places.hpp"

namespace kamiflow::ocr {
namespace {

class AddressPlacesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto r = NameReadings::create();
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    readings_ = std::move(r).value();
    FieldSpec address;
    address.name = "address";
    address.type = FieldType::kText;
    tmpl_.fields = {address};
  }
  Record record(const std::string& value, std::vector<std::string> alternatives) {
    Record rec;
    rec.fields.resize(1);
    FieldResult& f = rec.fields[0];
    f.name = "address";
    f.type = FieldType::kText;
    f.value = f.raw = value;
    f.confidence = 0.5;
    f.flags = {flag::kModelDisagreement, flag::kLowConfidence};
    f.alternatives = std::move(alternatives);
    return rec;
  }
  std::unique_ptr<NameReadings> readings_;
  FormTemplate tmpl_;
};

TEST_F(AddressPlacesTest, TheDictionaryKnowsPlaceNamesButNotTheirMisreads) {
  EXPECT_TRUE(readings_->known_place("香川"));
  EXPECT_TRUE(readings_->known_place("高松"));
  EXPECT_FALSE(readings_->known_place("査川"));
}

TEST_F(AddressPlacesTest, AMisreadPrefectureIsSettledByTheOtherModelsKnownOne) {
  Record rec = record("査川県高松市番町1丁目24番13号", {"香川県高松市番町1丁目24番13号"});
  check_address_places(tmpl_, *readings_, rec);
  EXPECT_EQ(rec.fields[0].value, "香川県高松市番町1丁目24番13号");
  EXPECT_FALSE(rec.fields[0].needs_review());
}

TEST_F(AddressPlacesTest, ADifferenceAfterTheCityStaysInReview) {
  Record rec = record("愛媛県松山市一番町5丁目30番7号", {"愛媛県松山市一番町5丁目36番7号"});
  check_address_places(tmpl_, *readings_, rec);
  EXPECT_TRUE(rec.fields[0].has_flag(flag::kModelDisagreement));
}

}  // namespace
}  // namespace kamiflow::ocr
