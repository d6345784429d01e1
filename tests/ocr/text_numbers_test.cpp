#include <gtest/gtest.h>

#include <string>

#include "kamiflow/ocr/text.hpp"

namespace kamiflow::text {
namespace {

std::string ok_or_error(const Result<std::string>& r) { return r.ok() ? *r : "ERROR " + r.status().message(); }

TEST(TextNumbers, PostalCodeAcceptsHyphenLookAlikesAndFullWidth) {
  for (const char* in : {"100-0001", "1000001", "１００ー０００１", "〒100-0001", "〒 100−0001", "100–0001",
                         "100—0001", "100‐0001", "100―0001", "100一0001", " 100 - 0001 ", "〒１０００００１"}) {
    EXPECT_EQ(ok_or_error(postal_code(in)), "100-0001") << in;
  }
}

TEST(TextNumbers, PostalCodeRejectionsSayWhy) {
  EXPECT_NE(ok_or_error(postal_code("100-001")).find("has 6 digits"), std::string::npos);
  EXPECT_NE(ok_or_error(postal_code("10000011")).find("has 8 digits"), std::string::npos);
  EXPECT_NE(ok_or_error(postal_code("1000-001")).find("wrong place"), std::string::npos);
  EXPECT_NE(ok_or_error(postal_code("100-00O1")).find("contains 'O'"), std::string::npos);
  EXPECT_FALSE(postal_code("").ok());
  EXPECT_FALSE(postal_code("1〒000001").ok());
}

TEST(TextNumbers, PhoneKeepsAValidUserGrouping) {
  EXPECT_EQ(ok_or_error(phone_number("03-1234-5678")), "03-1234-5678");
  EXPECT_EQ(ok_or_error(phone_number("045-123-4567")), "045-123-4567");
  EXPECT_EQ(ok_or_error(phone_number("0467-12-3456")), "0467-12-3456");
  EXPECT_EQ(ok_or_error(phone_number("01267-2-3456")), "01267-2-3456");
  EXPECT_EQ(ok_or_error(phone_number("03(1234)5678")), "03-1234-5678");
  EXPECT_EQ(ok_or_error(phone_number("(03)1234-5678")), "03-1234-5678");
  EXPECT_EQ(ok_or_error(phone_number("０９０ー１２３４ー５６７８")), "090-1234-5678");
  EXPECT_EQ(ok_or_error(phone_number("090 1234 5678")), "090-1234-5678");
}

TEST(TextNumbers, PhoneGroupsBareDigitsByDocumentedRule) {
  EXPECT_EQ(ok_or_error(phone_number("0312345678")), "03-1234-5678");
  EXPECT_EQ(ok_or_error(phone_number("0612345678")), "06-1234-5678");
  EXPECT_EQ(ok_or_error(phone_number("0451234567")), "045-123-4567");
  EXPECT_EQ(ok_or_error(phone_number("09012345678")), "090-1234-5678");
  EXPECT_EQ(ok_or_error(phone_number("08012345678")), "080-1234-5678");
  EXPECT_EQ(ok_or_error(phone_number("07012345678")), "070-1234-5678");
  EXPECT_EQ(ok_or_error(phone_number("05012345678")), "050-1234-5678");
  EXPECT_EQ(ok_or_error(phone_number("0120123456")), "0120-123-456");
  EXPECT_EQ(ok_or_error(phone_number("0120-123-456")), "0120-123-456");
  EXPECT_EQ(ok_or_error(phone_number("08001234567")), "0800-123-4567");
  EXPECT_EQ(ok_or_error(phone_number("0570123456")), "0570-123-456");
}

// A lost hyphen comes back where the kind fixes it; where it does not (the area code of a fixed
// line whose first hyphen is lost), the value stays an error for a person.
TEST(TextNumbers, PhoneGetsBackALostHyphenOnlyWhereItIsKnown) {
  EXPECT_EQ(ok_or_error(phone_number("0708822-8882")), "070-8822-8882");
  EXPECT_EQ(ok_or_error(phone_number("070-66390284")), "070-6639-0284");
  EXPECT_EQ(ok_or_error(phone_number("03-40137957")), "03-4013-7957");
  EXPECT_EQ(ok_or_error(phone_number("044-4661246")), "044-466-1246");
  EXPECT_EQ(ok_or_error(phone_number("0742-219911")), "0742-21-9911");
  EXPECT_EQ(ok_or_error(phone_number("0120-123456")), "0120-123-456");
  EXPECT_FALSE(phone_number("035059-5098").ok());  // 03-5059 or 035-059: unknowable
  EXPECT_FALSE(phone_number("07088-228882").ok());  // a hyphen where a mobile has none
  EXPECT_FALSE(phone_number("03-4013795").ok());    // a digit short, not a hyphen
}

TEST(TextNumbers, PhoneRejectionsSayWhy) {
  EXPECT_NE(ok_or_error(phone_number("090-1234-567")).find("has 10 digits; a mobile number has 11"), std::string::npos);
  EXPECT_NE(ok_or_error(phone_number("03-1234-56789")).find("has 11 digits"), std::string::npos);
  EXPECT_NE(ok_or_error(phone_number("3-1234-5678")).find("must start with 0"), std::string::npos);
  EXPECT_NE(ok_or_error(phone_number("+81-3-1234-5678")).find("contains '+'"), std::string::npos);
  EXPECT_NE(ok_or_error(phone_number("090-12-345678")).find("not grouped like a mobile"), std::string::npos);
  EXPECT_NE(ok_or_error(phone_number("03-123-45678")).find("not grouped like a fixed-line"), std::string::npos);
  EXPECT_FALSE(phone_number("0120-12-3456").ok());
  EXPECT_FALSE(phone_number("001-234-5678").ok());
  EXPECT_FALSE(phone_number("").ok());
  EXPECT_FALSE(phone_number("03-1234-567a").ok());
}

TEST(TextNumbers, MyNumberCheckDigitComputedByHand) {
  // 12345678901: P1..P11 from the right = 1,0,9,8,7,6,5,4,3,2,1; Q = 2,3,4,5,6,7,2,3,4,5,6.
  // Σ = 2+0+36+40+42+42+10+12+12+10+6 = 212; 212 mod 11 = 3; check = 11-3 = 8.
  EXPECT_EQ(my_number_check_digit("12345678901"), 8);
  EXPECT_TRUE(my_number_valid("123456789018"));
  // All zeros: Σ = 0 → remainder 0 → check 0.
  EXPECT_EQ(my_number_check_digit("00000000000"), 0);
  // P1 = 6: Σ = 12, remainder 1 → check 0 (the "≤ 1" branch).
  EXPECT_EQ(my_number_check_digit("00000000006"), 0);
  // P3 = 2, P2 = 1: Σ = 2×4 + 1×3 = 11, remainder 0 → check 0.
  EXPECT_EQ(my_number_check_digit("00000000210"), 0);
  // P11 = 1 (leftmost): Q11 = 6 → remainder 6 → check 5.
  EXPECT_EQ(my_number_check_digit("10000000000"), 5);
  // P7 = 1: Q7 = 2 → check 9.
  EXPECT_EQ(my_number_check_digit("00001000000"), 9);
}

TEST(TextNumbers, MyNumberDetectsEverySingleDigitCorruption) {
  const std::string valid = "123456789018";
  ASSERT_TRUE(my_number_valid(valid));
  for (std::size_t pos = 0; pos < valid.size(); ++pos) {
    for (char d = '0'; d <= '9'; ++d) {
      if (d == valid[pos]) continue;
      std::string corrupted = valid;
      corrupted[pos] = d;
      // Mod-11 weights 2..7 never collide for one digit, except where check 0 absorbs
      // remainders 0 and 1; count those rather than assume.
      if (my_number_valid(corrupted)) ADD_FAILURE() << "undetected: " << corrupted;
    }
  }
}

TEST(TextNumbers, MyNumberDetectsAdjacentTranspositions) {
  const std::string valid = "123456789018";
  for (std::size_t pos = 0; pos + 1 < 11; ++pos) {
    std::string swapped = valid;
    std::swap(swapped[pos], swapped[pos + 1]);
    EXPECT_FALSE(my_number_valid(swapped)) << swapped;
  }
}

TEST(TextNumbers, MyNumberRejectsWrongShapes) {
  EXPECT_FALSE(my_number_valid("12345678901"));
  EXPECT_FALSE(my_number_valid("1234567890180"));
  EXPECT_FALSE(my_number_valid("12345678901a"));
  EXPECT_FALSE(my_number_valid("1234-5678-9018"));
  EXPECT_EQ(my_number_check_digit("1234567890"), -1);
  EXPECT_EQ(my_number_check_digit("1234567890x"), -1);
}

}  // namespace
}  // namespace kamiflow::text
