#include "kamiflow/status.hpp"

#include <gtest/gtest.h>

#include <memory>

namespace kamiflow {
namespace {

TEST(Status, DefaultIsOkWithEmptyMessage) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kOk);
  EXPECT_EQ(s.message(), "");
  EXPECT_EQ(s.ToString(), "OK");
}

TEST(Status, NamedConstructorsCarryCodeAndMessage) {
  struct Case {
    Status status;
    StatusCode code;
    const char* name;
  };
  const Case cases[] = {
      {Status::InvalidInput("m"), StatusCode::kInvalidInput, "InvalidInput"},
      {Status::NotFound("m"), StatusCode::kNotFound, "NotFound"},
      {Status::IOError("m"), StatusCode::kIOError, "IOError"},
      {Status::Corruption("m"), StatusCode::kCorruption, "Corruption"},
      {Status::Unsupported("m"), StatusCode::kUnsupported, "Unsupported"},
      {Status::ResourceLimit("m"), StatusCode::kResourceLimit, "ResourceLimit"},
      {Status::Timeout("m"), StatusCode::kTimeout, "Timeout"},
      {Status::PermissionDenied("m"), StatusCode::kPermissionDenied, "PermissionDenied"},
      {Status::Unclassified("m"), StatusCode::kUnclassified, "Unclassified"},
      {Status::Rejected("m"), StatusCode::kRejected, "Rejected"},
      {Status::ScriptError("m"), StatusCode::kScriptError, "ScriptError"},
      {Status::Internal("m"), StatusCode::kInternal, "Internal"},
  };
  for (const auto& c : cases) {
    EXPECT_FALSE(c.status.ok()) << c.name;
    EXPECT_EQ(c.status.code(), c.code) << c.name;
    EXPECT_EQ(c.status.ToString(), std::string(c.name) + ": m");
  }
}

TEST(Status, WithContextPrefixesErrorsAndLeavesOkAlone) {
  Status s = Status::Corruption("truncated PNG").WithContext("scan.png page 2");
  EXPECT_EQ(s.code(), StatusCode::kCorruption);
  EXPECT_EQ(s.message(), "scan.png page 2: truncated PNG");
  EXPECT_TRUE(Status::Ok().WithContext("x").ok());
}

TEST(Status, Equality) {
  EXPECT_EQ(Status::NotFound("a"), Status::NotFound("a"));
  EXPECT_FALSE(Status::NotFound("a") == Status::NotFound("b"));
  EXPECT_FALSE(Status::NotFound("a") == Status::IOError("a"));
}

Result<int> parse_positive(int v) {
  if (v <= 0) return Status::InvalidInput("not positive: " + std::to_string(v));
  return v;
}

Result<int> doubled(int v) {
  KF_ASSIGN_OR_RETURN(int x, parse_positive(v));
  return x * 2;
}

Status check_both(int a, int b) {
  KF_RETURN_IF_ERROR(parse_positive(a).status());
  KF_RETURN_IF_ERROR(parse_positive(b).status());
  return Status::Ok();
}

TEST(Result, HoldsValueOrStatus) {
  Result<int> good = parse_positive(3);
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 3);
  EXPECT_TRUE(good.status().ok());
  Result<int> bad = parse_positive(-1);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(bad.value_or(7), 7);
}

TEST(Result, MacrosPropagateFirstError) {
  EXPECT_EQ(*doubled(4), 8);
  EXPECT_EQ(doubled(0).status().message(), "not positive: 0");
  EXPECT_TRUE(check_both(1, 2).ok());
  EXPECT_EQ(check_both(1, -2).message(), "not positive: -2");
}

TEST(Result, MoveOnlyValues) {
  Result<std::unique_ptr<int>> r = std::make_unique<int>(5);
  ASSERT_TRUE(r.ok());
  std::unique_ptr<int> p = std::move(r).value();
  EXPECT_EQ(*p, 5);
}

TEST(Result, BuiltFromOkStatusBecomesInternalErrorInRelease) {
#ifdef NDEBUG
  Result<int> r = Status::Ok();
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInternal);
#else
  GTEST_SKIP() << "asserts in debug builds";
#endif
}

}  // namespace
}  // namespace kamiflow
