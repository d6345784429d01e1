// kamiflow::Status and kamiflow::Result<T>: how every module reports failure.
//
// Contract: errors cross module boundaries as values, never as exceptions. A Status is cheap to
// copy when ok (no allocation) and carries a code plus a human message that names the file, page
// or field concerned. The message is always valid UTF-8 (invalid bytes are shown as \xFF). Result<T> holds either a T or a non-ok Status. Both are [[nodiscard]]: a
// dropped error is a compile warning. Thread-safety: values; share freely after construction.
#pragma once

#include <cassert>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace kamiflow {

enum class StatusCode {
  kOk = 0,
  kInvalidInput,   // bad argument, malformed template, invalid value
  kNotFound,       // missing file, unknown template or field
  kIOError,        // read/write/fsync failed
  kCorruption,     // truncated or undecodable file, inconsistent journal
  kUnsupported,    // file type or feature kamiflow does not handle (e.g. encrypted PDF)
  kResourceLimit,  // decompression bomb, memory cap, too many pages
  kTimeout,        // instruction budget, HTTP timeout
  kPermissionDenied,  // sandbox refused a capability that was not granted
  kUnclassified,   // no template matched the page with enough margin
  kRejected,       // page recognised but unusable (alignment failed, blank page, ...)
  kScriptError,    // a Lua script raised an error
  kInternal,       // a bug in kamiflow
};

[[nodiscard]] std::string_view status_code_name(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // ok

  static Status Ok() { return Status(); }
  static Status InvalidInput(std::string msg) { return Status(StatusCode::kInvalidInput, std::move(msg)); }
  static Status NotFound(std::string msg) { return Status(StatusCode::kNotFound, std::move(msg)); }
  static Status IOError(std::string msg) { return Status(StatusCode::kIOError, std::move(msg)); }
  static Status Corruption(std::string msg) { return Status(StatusCode::kCorruption, std::move(msg)); }
  static Status Unsupported(std::string msg) { return Status(StatusCode::kUnsupported, std::move(msg)); }
  static Status ResourceLimit(std::string msg) { return Status(StatusCode::kResourceLimit, std::move(msg)); }
  static Status Timeout(std::string msg) { return Status(StatusCode::kTimeout, std::move(msg)); }
  static Status PermissionDenied(std::string msg) { return Status(StatusCode::kPermissionDenied, std::move(msg)); }
  static Status Unclassified(std::string msg) { return Status(StatusCode::kUnclassified, std::move(msg)); }
  static Status Rejected(std::string msg) { return Status(StatusCode::kRejected, std::move(msg)); }
  static Status ScriptError(std::string msg) { return Status(StatusCode::kScriptError, std::move(msg)); }
  static Status Internal(std::string msg) { return Status(StatusCode::kInternal, std::move(msg)); }

  bool ok() const { return state_ == nullptr; }
  StatusCode code() const { return state_ ? state_->code : StatusCode::kOk; }
  // The message without the code name; empty when ok.
  const std::string& message() const;
  // "InvalidInput: message", or "OK".
  std::string ToString() const;

  // A copy whose message is "context: message"; ok stays ok. Used to add file/page names as an
  // error travels up: st.WithContext("scan.tif page 3").
  Status WithContext(std::string_view context) const;

  bool operator==(const Status& other) const { return code() == other.code() && message() == other.message(); }

 private:
  struct State {
    StatusCode code;
    std::string message;
  };
  // Every message is made valid UTF-8 here, where it is created (escape.hpp): a file name or a
  // chunk type holding raw bytes must not make a JSON writer or a SQLite reader fail later.
  Status(StatusCode code, std::string msg);
  std::shared_ptr<const State> state_;  // null when ok
};

// Either a value or an error. Construct from a T (success) or a non-ok Status (failure).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Status status) : v_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!std::get<Status>(v_).ok() && "Result built from an ok Status has no value");
    if (std::get<Status>(v_).ok()) v_ = Status::Internal("Result built from an ok Status");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { assert(ok()); return std::get<T>(v_); }
  const T& value() const& { assert(ok()); return std::get<T>(v_); }
  T&& value() && { assert(ok()); return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T value_or(T fallback) const& { return ok() ? std::get<T>(v_) : std::move(fallback); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace kamiflow

// Early-return helpers. KF_RETURN_IF_ERROR(expr) returns a non-ok Status from the enclosing
// function; KF_ASSIGN_OR_RETURN(decl, expr) unwraps a Result or returns its Status.
#define KF_CONCAT_INNER(a, b) a##b
#define KF_CONCAT(a, b) KF_CONCAT_INNER(a, b)
#define KF_RETURN_IF_ERROR(expr)                        \
  do {                                                  \
    ::kamiflow::Status kf_status_ = (expr);             \
    if (!kf_status_.ok()) return kf_status_;            \
  } while (0)
#define KF_ASSIGN_OR_RETURN(decl, expr)                                   \
  auto KF_CONCAT(kf_result_, __LINE__) = (expr);                          \
  if (!KF_CONCAT(kf_result_, __LINE__).ok())                              \
    return KF_CONCAT(kf_result_, __LINE__).status();                      \
  decl = std::move(KF_CONCAT(kf_result_, __LINE__)).value()
