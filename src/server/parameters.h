// Query-parameter checking for the HTTP API: each endpoint declares the parameters it accepts, and
// every value is checked before any query runs, so a bad request fails with one message naming the
// parameter, the value and what was expected.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>

namespace chronicle::server {

// The first problem found in a request, as the text of a 400 answer.
struct BadRequest {
  std::string message;
};

class Parameters {
 public:
  // Fails when a parameter is not in `allowed` or is given more than once.
  static std::optional<BadRequest> check_names(const std::multimap<std::string, std::string>& raw,
                                               const std::set<std::string>& allowed,
                                               Parameters* out);

  // Each getter returns the value, or the default when absent, and records the first error.
  std::string text(const std::string& name, size_t max_bytes);
  std::string date(const std::string& name);       // YYYY-MM-DD with a real month and day
  std::string root(const std::string& name);       // two digits 01-20
  std::string event_code(const std::string& name); // 2-4 digits, or digits followed by '*'
  int64_t integer(const std::string& name, int64_t fallback, int64_t min, int64_t max);
  std::optional<bool> boolean(const std::string& name);  // "true"/"1" or "false"/"0"; absent: none

  const std::optional<BadRequest>& error() const { return error_; }

 private:
  const std::string* find(const std::string& name) const;
  void fail(const std::string& name, const std::string& value, const std::string& expected);

  std::map<std::string, std::string> values_;
  std::optional<BadRequest> error_;
};

// True for "YYYY-MM-DD" naming a real day.
bool is_iso_day(const std::string& value);
// True when `value` is valid UTF-8.
bool is_utf8(const std::string& value);

}  // namespace chronicle::server
