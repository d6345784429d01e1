// fs.cpp: a hard link inside a root is a second name for a file that may be outside every root,
// so reading or copying a regular file with more than one link is refused (issue #13, case 11).
#include <gtest/gtest.h>
#include <unistd.h>

#include "engine/os/fs.hpp"
#include "test_support.hpp"

namespace kamiflow {
namespace {

TEST(FsLinks, AHardLinkInsideARootToAFileOutsideIsRefused) {
  testing::TempDir dir;
  std::filesystem::create_directories(dir / "root");
  testing::write_file(dir / "secret.txt", "outside the root");
  ASSERT_EQ(::link((dir / "secret.txt").c_str(), (dir / "root/innocent.txt").c_str()), 0);
  testing::write_file(dir / "root/plain.txt", "inside");
  auto roots = FsRoots::create({dir / "root"});
  ASSERT_TRUE(roots.ok()) << roots.status().ToString();
  EXPECT_EQ(roots->read_text(dir / "root/plain.txt").value_or(""), "inside");
  auto r = roots->read_text(dir / "root/innocent.txt");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(r.status().message().find("2 hard links"), std::string::npos) << r.status().message();
  const Status copy = roots->copy(dir / "root/innocent.txt", dir / "root/copy.txt", false);
  EXPECT_EQ(copy.code(), StatusCode::kPermissionDenied) << copy.ToString();
  EXPECT_FALSE(std::filesystem::exists(dir / "root/copy.txt"));
}

}  // namespace
}  // namespace kamiflow
