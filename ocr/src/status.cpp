#include "kamiflow/status.hpp"

#include "kamiflow/escape.hpp"

namespace kamiflow {

std::string_view status_code_name(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "OK";
    case StatusCode::kInvalidInput: return "InvalidInput";
    case StatusCode::kNotFound: return "NotFound";
    case StatusCode::kIOError: return "IOError";
    case StatusCode::kCorruption: return "Corruption";
    case StatusCode::kUnsupported: return "Unsupported";
    case StatusCode::kResourceLimit: return "ResourceLimit";
    case StatusCode::kTimeout: return "Timeout";
    case StatusCode::kPermissionDenied: return "PermissionDenied";
    case StatusCode::kUnclassified: return "Unclassified";
    case StatusCode::kRejected: return "Rejected";
    case StatusCode::kScriptError: return "ScriptError";
    case StatusCode::kInternal: return "Internal";
  }
  return "Unknown";
}

Status::Status(StatusCode code, std::string msg)
    : state_(std::make_shared<const State>(State{code, is_valid_utf8(msg) ? std::move(msg) : valid_utf8(msg)})) {}

const std::string& Status::message() const {
  static const std::string kEmpty;
  return state_ ? state_->message : kEmpty;
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  return std::string(status_code_name(code())) + ": " + state_->message;
}

Status Status::WithContext(std::string_view context) const {
  if (ok()) return *this;
  return Status(code(), std::string(context) + ": " + state_->message);
}

}  // namespace kamiflow
