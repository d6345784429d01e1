#include "engine/os/atomic_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "test_support.hpp"

namespace kamiflow {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

// Wraps the real env and fails the operation it is told to, like LevelDB's fault-injection Env.
class FaultyEnv final : public FileEnv {
 public:
  enum class Fail { kNothing, kWrite, kSync, kRename };
  explicit FaultyEnv(Fail fail) : fail_(fail) {}

  Result<std::unique_ptr<WritableFile>> create_temp_beside(const fs::path& target, fs::path* temp) override {
    KF_ASSIGN_OR_RETURN(auto real, FileEnv::posix().create_temp_beside(target, temp));
    return std::unique_ptr<WritableFile>(std::make_unique<FaultyFile>(std::move(real), fail_));
  }
  Status rename(const fs::path& from, const fs::path& to) override {
    if (fail_ == Fail::kRename) return Status::IOError("injected rename failure");
    return FileEnv::posix().rename(from, to);
  }
  Status sync_dir(const fs::path& dir) override { return FileEnv::posix().sync_dir(dir); }
  Status remove(const fs::path& p) override { return FileEnv::posix().remove(p); }

 private:
  class FaultyFile final : public WritableFile {
   public:
    FaultyFile(std::unique_ptr<WritableFile> real, Fail fail) : real_(std::move(real)), fail_(fail) {}
    Status append(std::string_view data) override {
      // The first append succeeds and the second fails, as a disk filling up mid-file would.
      if (fail_ == Fail::kWrite && ++appends_ > 1) return Status::IOError("injected: No space left on device");
      return real_->append(data);
    }
    Status sync() override {
      if (fail_ == Fail::kSync) return Status::IOError("injected fsync failure");
      return real_->sync();
    }
    Status close() override { return real_->close(); }

   private:
    std::unique_ptr<WritableFile> real_;
    Fail fail_;
    int appends_ = 0;
  };
  Fail fail_;
};

std::size_t entries(const fs::path& dir) {
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

TEST(AtomicFile, CommitReplacesTargetAndLeavesNoTemp) {
  TempDir dir;
  testing::write_file(dir / "out.csv", "old");
  auto file = AtomicFile::create(dir / "out.csv");
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ(file->temp_path().parent_path(), dir.path());
  ASSERT_TRUE(file->write("new ").ok());
  ASSERT_TRUE(file->write("content").ok());
  EXPECT_EQ(testing::read_file(dir / "out.csv"), "old");  // nothing visible before commit
  ASSERT_TRUE(file->commit().ok());
  EXPECT_EQ(testing::read_file(dir / "out.csv"), "new content");
  EXPECT_EQ(entries(dir.path()), 1u);
  EXPECT_FALSE(file->commit().ok());  // a second commit is a bug, reported as such
}

TEST(AtomicFile, DestructionWithoutCommitRemovesTempAndKeepsTarget) {
  TempDir dir;
  testing::write_file(dir / "out.csv", "old");
  {
    auto file = AtomicFile::create(dir / "out.csv");
    ASSERT_TRUE(file.ok());
    ASSERT_TRUE(file->write("half").ok());
    EXPECT_TRUE(fs::exists(file->temp_path()));
  }
  EXPECT_EQ(testing::read_file(dir / "out.csv"), "old");
  EXPECT_EQ(entries(dir.path()), 1u);
}

TEST(AtomicFile, LargeWritesBypassTheBuffer) {
  TempDir dir;
  const std::string big(300 * 1024, 'x');
  ASSERT_TRUE(write_file_atomically(dir / "big", "a").ok());
  ASSERT_TRUE(write_file_atomically(dir / "big", big + "tail").ok());
  EXPECT_EQ(testing::read_file(dir / "big"), big + "tail");
}

TEST(AtomicFile, KeepsTheModeOfTheFileItReplaces) {
  TempDir dir;
  testing::write_file(dir / "f", "x");
  fs::permissions(dir / "f", fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  ASSERT_TRUE(write_file_atomically(dir / "f", "y").ok());
  EXPECT_EQ(fs::status(dir / "f").permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
}

class AtomicFileFault : public ::testing::TestWithParam<FaultyEnv::Fail> {};

TEST_P(AtomicFileFault, FailureLeavesOldTargetIntactAndNoTempFile) {
  TempDir dir;
  testing::write_file(dir / "out.jsonl", "old content");
  FaultyEnv env(GetParam());
  auto file = AtomicFile::create(dir / "out.jsonl", env);
  ASSERT_TRUE(file.ok());
  const std::string chunk(70 * 1024, 'n');  // larger than the buffer, so each write reaches the env
  Status st = file->write(chunk);
  if (st.ok()) st = file->write(chunk);
  if (st.ok()) st = file->commit();
  EXPECT_EQ(st.code(), StatusCode::kIOError);
  EXPECT_NE(st.message().find("injected"), std::string::npos);
  EXPECT_EQ(file->commit().code(), StatusCode::kIOError);  // poisoned: the first error again
  EXPECT_EQ(testing::read_file(dir / "out.jsonl"), "old content");
  EXPECT_EQ(entries(dir.path()), 1u) << "temp file left behind";
}

INSTANTIATE_TEST_SUITE_P(Faults, AtomicFileFault,
                         ::testing::Values(FaultyEnv::Fail::kWrite, FaultyEnv::Fail::kSync, FaultyEnv::Fail::kRename),
                         [](const ::testing::TestParamInfo<FaultyEnv::Fail>& i) {
                           return std::string(i.param == FaultyEnv::Fail::kWrite  ? "write"
                                              : i.param == FaultyEnv::Fail::kSync ? "sync"
                                                                                   : "rename");
                         });

TEST(AtomicFile, MissingDirectoryIsAnIOError) {
  TempDir dir;
  auto file = AtomicFile::create(dir / "no" / "such" / "out.csv");
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.status().code(), StatusCode::kIOError);
  EXPECT_NE(file.status().message().find("out.csv"), std::string::npos);
}

TEST(AtomicFile, MoveTransfersOwnershipOfTheTempFile) {
  TempDir dir;
  auto a = AtomicFile::create(dir / "m");
  ASSERT_TRUE(a.ok());
  AtomicFile b = std::move(a).value();
  ASSERT_TRUE(b.write("moved").ok());
  ASSERT_TRUE(b.commit().ok());
  EXPECT_EQ(testing::read_file(dir / "m"), "moved");
}

}  // namespace
}  // namespace kamiflow
