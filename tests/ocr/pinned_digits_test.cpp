// Two reads of a typed number that differ only where the field's rules admit one digit
// (pinned_digits.cpp, postprocess_field).
#include "pinned_digits.hpp"

#include <gtest/gtest.h>

#include "field_postprocess.hpp"
#include "kamiflow/ocr/form_template.hpp"
#include "kamiflow/ocr/record.hpp"

namespace kamiflow::ocr {
namespace {

FieldSpec phone_field() {
  FieldSpec spec;
  spec.name = "phone";
  spec.type = FieldType::kDigits;
  spec.normalisers = {"nfkc", "phone"};
  spec.validators = {"phone"};
  return spec;
}

FieldResult after_postprocess(const FieldSpec& spec, const std::string& raw, std::vector<std::string> others,
                              bool handwritten = false) {
  FieldRead read;
  read.raw = raw;
  read.confidence = 0.5;
  read.flags = {flag::kDisagreement};
  read.alternatives = std::move(others);
  read.handwritten = handwritten;
  FieldResult out;
  postprocess_field(spec, read, out, 0.88);
  return out;
}

TEST(PinnedDigitsTest, APhoneNumbersLeadingZeroSettlesTheReadsThatDifferThere) {
  const FieldSpec spec = phone_field();
  for (const char* other : {"927-768-2290", "27-768-2290"}) {
    const FieldResult out = after_postprocess(spec, "027-768-2290", {other});
    EXPECT_EQ(out.value, "027-768-2290");
    EXPECT_TRUE(out.flags.empty()) << other;
    EXPECT_GE(out.confidence, kPinnedDigitConfidence);
  }
}

TEST(PinnedDigitsTest, ADigitAnyValueCouldHaveStaysInDoubt) {
  const FieldSpec spec = phone_field();
  EXPECT_TRUE(after_postprocess(spec, "070-5370-2255", {"070-5370-2295"}).has_flag(flag::kDisagreement))
      << "the 5 and the 9 both make a phone number";
  EXPECT_TRUE(after_postprocess(spec, "027-768-2290", {"927-768-2291"}).has_flag(flag::kDisagreement))
      << "a second digit differs";
  EXPECT_TRUE(after_postprocess(spec, "027-768-2290", {"927-768-229O"}).has_flag(flag::kDisagreement))
      << "a letter in the other read";
  EXPECT_TRUE(after_postprocess(spec, "027-768-2290", {"927-768-2290"}, true).has_flag(flag::kLowConfidence))
      << "handwriting has its own classifier's evidence";
  FieldSpec free = phone_field();
  free.validators.clear();
  EXPECT_TRUE(after_postprocess(free, "027-768-2290", {"927-768-2290"}).has_flag(flag::kDisagreement))
      << "no rule, nothing pinned";
}

TEST(PinnedDigitsTest, ACheckDigitPinsEveryPlace) {
  FieldSpec spec;
  spec.type = FieldType::kDigitBoxes;
  spec.validators = {"my_number"};
  // 123456789018 holds its check digit; one digit changed anywhere breaks it.
  EXPECT_TRUE(reads_differ_only_in_pinned_digits(spec, "123456789018", {"123456780018"}));
  EXPECT_TRUE(reads_differ_only_in_pinned_digits(spec, "123456789018", {"123456789017"}));
  EXPECT_TRUE(reads_differ_only_in_pinned_digits(spec, "123456789018", {"1234-5678-9018"}))
      << "the same digits, punctuated otherwise";
  EXPECT_FALSE(reads_differ_only_in_pinned_digits(spec, "123456789018", {})) << "no other read";
}

}  // namespace
}  // namespace kamiflow::ocr
