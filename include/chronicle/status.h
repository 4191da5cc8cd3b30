// Chronicle: errors and diagnostics.
//
// Policy (after duckdb): a failure that ends an operation is an `Error` returned in a `Result<T>`;
// a problem with one input (a bad JSON line, invalid UTF-8) is a `Diagnostic` reported beside the
// good output, never an exception. Nothing in the public API throws.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>

namespace chronicle {

// Where a problem was found and what was expected. `input` names the file (or "<stdin>");
// `line` is 1-based (0 = not applicable); `byte` is the 0-based byte offset in the input when known
// (UINT64_MAX = not applicable).
struct Diagnostic {
  std::string input;
  uint64_t line = 0;
  uint64_t byte = UINT64_MAX;
  std::string message;

  // "path:line: message", "path: byte 17: message" or "path: message".
  std::string str() const {
    std::string out = input;
    if (line > 0) {
      out += ':';
      out += std::to_string(line);
    }
    if (byte != UINT64_MAX) {
      out += line > 0 ? ", byte " : ": byte ";
      out += std::to_string(byte);
    }
    out += ": ";
    out += message;
    return out;
  }
};

// An error that ends an operation, with a message that names its cause.
class Error {
 public:
  explicit Error(std::string message) : message_(std::move(message)) {}
  const std::string& message() const { return message_; }

 private:
  std::string message_;
};

// A value or an Error. Check `ok()` before `value()`.
template <class T>
class Result {
 public:
  Result(T value) : state_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Error error) : state_(std::move(error)) {}      // NOLINT: implicit by design
  bool ok() const { return state_.index() == 0; }
  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  const Error& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

// Result for operations that return nothing on success.
class Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error.message())), failed_(true) {}  // NOLINT
  static Status Ok() { return {}; }
  bool ok() const { return !failed_; }
  const std::string& message() const { return error_; }

 private:
  std::string error_;
  bool failed_ = false;
};

}  // namespace chronicle
