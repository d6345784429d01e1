// What may follow an address's town (address_block.cpp).
#include <gtest/gtest.h>

#include "address_block.hpp"

namespace kamiflow::ocr {
namespace {

TEST(AddressBlock, TheWaysPeopleWriteABlockNumberAndABuilding) {
  for (const char* ok : {"1丁目2番3号", "5丁目28番10号ひまわり荘103", "三丁目2番", "2丁目5番地3", "2丁目5-3",
                         "12番地", "12番地3", "4番18号", "4-24-20みどり荘502号室", "3-9-18ヴィラ若葉807",
                         "1-25-3第2コーポ305号室", "１－２－３"})
    EXPECT_TRUE(address_block_well_formed(ok)) << ok;
}

TEST(AddressBlock, ShapesOnlyAMisreadMakes) {
  for (const char* bad : {"1月25番8号", "16-15", "20番20三みどり荘", "31114番16号", "2」目3番", "4-24-", "4-24-20-",
                          "", "みどり荘", "1丁目2番3号(", "5-16-4、", "1丁目2番3号ー"})
    EXPECT_FALSE(address_block_well_formed(bad)) << bad;
}

}  // namespace
}  // namespace kamiflow::ocr
