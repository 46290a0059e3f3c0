// Errors are values inside the core (docs/ARCHITECTURE.md): a call that can fail returns a
// Result<T>, which holds either the value or an Error. Nothing in the core throws.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace wasmrtc {

// What kind of failure; the JS layer maps each onto the DOMException the W3C spec names.
enum class ErrorCode {
  kInvalidArgument,   // malformed input from the caller (TypeError / SyntaxError in JS)
  kNotSupported,      // a valid request this stack does not implement (NotSupportedError)
  kInvalidState,      // the call is not allowed in the current state (InvalidStateError)
  kInvalidAccess,     // e.g. a TURN URL without credentials (InvalidAccessError)
  kOperationFailed,   // a lower layer (OpenSSL, the network) failed (OperationError)
  kInvalidModification,  // e.g. setLocalDescription with an SDP that was edited (InvalidModificationError)
};

struct Error {
  ErrorCode code;
  std::string message;
};

template <typename T>
class Result {
 public:
  Result(T value) : state_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Error error) : state_(std::move(error)) {}     // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const { return std::get<Error>(state_); }

 private:
  std::variant<T, Error> state_;
};

inline Error make_error(ErrorCode code, std::string message) { return Error{code, std::move(message)}; }

}  // namespace wasmrtc
