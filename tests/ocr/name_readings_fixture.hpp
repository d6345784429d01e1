// Test fixture: one MeCab dictionary (NameReadings) per test suite, loaded once; tests that check
// readings derive from it.
#pragma once

#include <gtest/gtest.h>

#include "name_reading.hpp"

namespace kamiflow::testing {

class NameReadingsFixture : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto r = ocr::NameReadings::create();
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    readings_ = std::move(r).value().release();
  }
  static void TearDownTestSuite() {
    delete readings_;
    readings_ = nullptr;
  }
  static inline ocr::NameReadings* readings_ = nullptr;
};

}  // namespace kamiflow::testing
