#include "engine/os/fs.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace kamiflow {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

struct Sandbox {
  TempDir tmp;
  fs::path in = tmp / "in", out = tmp / "out", secret = tmp / "secret";
  Sandbox() {
    fs::create_directories(in);
    fs::create_directories(out);
    fs::create_directories(secret);
    testing::write_file(secret / "key.txt", "top secret");
    testing::write_file(in / "a.pdf", "A");
    testing::write_file(in / "b.pdf", "B");
    testing::write_file(in / "c.txt", "C");
  }
  FsRoots roots() const {
    auto r = FsRoots::create({in, out});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return std::move(r).value();
  }
};

TEST(CapFs, ResolvesInsideRootsAndRelativeToTheFirst) {
  Sandbox s;
  auto roots = s.roots();
  EXPECT_EQ(roots.resolve("a.pdf").value_or(""), fs::canonical(s.in / "a.pdf"));
  EXPECT_EQ(roots.resolve(s.out / "new" / "x.csv").value_or(""), fs::canonical(s.out) / "new" / "x.csv");
  EXPECT_EQ(roots.resolve(s.in / "sub" / ".." / "c.txt").value_or(""), fs::canonical(s.in / "c.txt"));
}

TEST(CapFs, RefusesEscapesWithPermissionDeniedNamingPathAndRoots) {
  Sandbox s;
  auto roots = s.roots();
  for (const fs::path& p : {fs::path("../secret/key.txt"), s.in / ".." / "secret" / "key.txt", fs::path("/etc/passwd"),
                            s.tmp.path(), fs::path(s.in.string() + "box/x")}) {
    auto r = roots.resolve(p);
    ASSERT_FALSE(r.ok()) << p;
    EXPECT_EQ(r.status().code(), StatusCode::kPermissionDenied) << p;
    EXPECT_NE(r.status().message().find(p.string()), std::string::npos);
    EXPECT_NE(r.status().message().find(fs::canonical(s.in).string()), std::string::npos);
  }
  EXPECT_EQ(roots.read_text("../secret/key.txt").status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(roots.write_text("/etc/kamiflow-test", "x").code(), StatusCode::kPermissionDenied);
}

TEST(CapFs, RefusesSymlinksPointingOut) {
  Sandbox s;
  fs::create_symlink(s.secret / "key.txt", s.in / "link.txt");
  fs::create_directory_symlink(s.secret, s.in / "linkdir");
  auto roots = s.roots();
  EXPECT_EQ(roots.read_text("link.txt").status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(roots.write_text("linkdir/new.txt", "x").code(), StatusCode::kPermissionDenied);
  EXPECT_FALSE(fs::exists(s.secret / "new.txt"));
  // A symlink that stays inside the roots is fine.
  fs::create_symlink(s.in / "c.txt", s.out / "inner.txt");
  EXPECT_EQ(roots.read_text(s.out / "inner.txt").value_or(""), "C");
}

TEST(CapFs, ListFiltersByGlobAndSorts) {
  Sandbox s;
  auto roots = s.roots();
  auto pdfs = roots.list(s.in, "*.pdf");
  ASSERT_TRUE(pdfs.ok()) << pdfs.status().ToString();
  ASSERT_EQ(pdfs->size(), 2u);
  EXPECT_EQ((*pdfs)[0].filename(), "a.pdf");
  EXPECT_EQ((*pdfs)[1].filename(), "b.pdf");
  EXPECT_EQ(roots.list(s.in).value_or({}).size(), 3u);
  EXPECT_EQ(roots.list(s.in / "missing").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(roots.list(s.secret).status().code(), StatusCode::kPermissionDenied);
}

TEST(CapFs, ReadWriteExistsMkdir) {
  Sandbox s;
  auto roots = s.roots();
  ASSERT_TRUE(roots.mkdir(s.out / "2024" / "04").ok());
  ASSERT_TRUE(roots.write_text(s.out / "2024" / "04" / "r.txt", "山田").ok());
  EXPECT_EQ(roots.read_text(s.out / "2024" / "04" / "r.txt").value_or(""), "山田");
  EXPECT_TRUE(roots.exists(s.out / "2024").value_or(false));
  EXPECT_FALSE(roots.exists(s.out / "nope").value_or(true));
  EXPECT_EQ(roots.read_text("nope").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(roots.read_text("a.pdf", 0).status().code(), StatusCode::kResourceLimit);
}

TEST(CapFs, CopyAndMove) {
  Sandbox s;
  auto roots = s.roots();
  ASSERT_TRUE(roots.copy("a.pdf", s.out / "a.pdf").ok());
  EXPECT_EQ(testing::read_file(s.out / "a.pdf"), "A");
  EXPECT_TRUE(fs::exists(s.in / "a.pdf"));
  EXPECT_EQ(roots.copy("b.pdf", s.out / "a.pdf").code(), StatusCode::kInvalidInput);  // no silent overwrite
  ASSERT_TRUE(roots.copy("b.pdf", s.out / "a.pdf", /*overwrite=*/true).ok());
  EXPECT_EQ(testing::read_file(s.out / "a.pdf"), "B");

  ASSERT_TRUE(roots.move("c.txt", s.out / "c.txt").ok());
  EXPECT_FALSE(fs::exists(s.in / "c.txt"));
  EXPECT_EQ(testing::read_file(s.out / "c.txt"), "C");
  EXPECT_EQ(roots.move("c.txt", s.out / "d.txt").code(), StatusCode::kNotFound);
  EXPECT_EQ(roots.move(s.out / "c.txt", s.secret / "c.txt").code(), StatusCode::kPermissionDenied);
  EXPECT_TRUE(fs::exists(s.out / "c.txt"));
}

TEST(CapFs, CreateRequiresExistingDirectories) {
  Sandbox s;
  EXPECT_EQ(FsRoots::create({}).status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(FsRoots::create({s.tmp / "missing"}).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(FsRoots::create({s.in / "a.pdf"}).status().code(), StatusCode::kInvalidInput);
}

}  // namespace
}  // namespace kamiflow
