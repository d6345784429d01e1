#include "engine/store/jsonl_writer.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace kamiflow {
namespace {

TEST(JsonlWriter, OneCompactUtf8ObjectPerLine) {
  testing::TempDir dir;
  auto w = JsonlWriter::open(dir / "out.jsonl");
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  ASSERT_TRUE(w->write({{"name", "山田 太郎"}, {"page", 1}}).ok());
  ASSERT_TRUE(w->write({{"note", "line\nbreak"}}).ok());
  EXPECT_FALSE(std::filesystem::exists(dir / "out.jsonl"));  // not before commit
  ASSERT_TRUE(w->commit().ok());
  EXPECT_EQ(testing::read_file(dir / "out.jsonl"), "{\"name\":\"山田 太郎\",\"page\":1}\n{\"note\":\"line\\nbreak\"}\n");
  EXPECT_EQ(w->records_written(), 2u);
}

TEST(JsonlWriter, RejectsNonObjectsAndInvalidUtf8WithoutWritingThem) {
  testing::TempDir dir;
  auto w = JsonlWriter::open(dir / "out.jsonl");
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w->write(nlohmann::json::array({1, 2})).code(), StatusCode::kInvalidInput);
  EXPECT_EQ(w->write({{"bad", std::string("\xff", 1)}}).code(), StatusCode::kInvalidInput);
  ASSERT_TRUE(w->write({{"ok", true}}).ok());
  ASSERT_TRUE(w->commit().ok());
  EXPECT_EQ(testing::read_file(dir / "out.jsonl"), "{\"ok\":true}\n");
}

}  // namespace
}  // namespace kamiflow
