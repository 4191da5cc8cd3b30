#include "server/parameters.h"

#include <cctype>
#include <charconv>

namespace chronicle::server {
namespace {

// Quotes a value for an error message, cut short so a huge parameter cannot make a huge answer.
std::string quoted(const std::string& value) {
  constexpr size_t kShown = 60;
  std::string shown = value.size() > kShown ? value.substr(0, kShown) + "..." : value;
  return "\"" + shown + "\"";
}

bool all_digits(const std::string& value) {
  if (value.empty()) return false;
  for (char c : value) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

bool is_iso_day(const std::string& value) {
  if (value.size() != 10 || value[4] != '-' || value[7] != '-') return false;
  if (!all_digits(value.substr(0, 4)) || !all_digits(value.substr(5, 2)) ||
      !all_digits(value.substr(8, 2))) {
    return false;
  }
  int year = std::stoi(value.substr(0, 4));
  int month = std::stoi(value.substr(5, 2));
  int day = std::stoi(value.substr(8, 2));
  if (month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  int days = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= days;
}

bool is_utf8(const std::string& value) {
  size_t byte_idx = 0;
  while (byte_idx < value.size()) {
    auto lead = static_cast<unsigned char>(value[byte_idx]);
    size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3
                                  : (lead >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || byte_idx + length > value.size()) return false;
    for (size_t next = 1; next < length; ++next) {
      if ((static_cast<unsigned char>(value[byte_idx + next]) >> 6) != 0x2) return false;
    }
    byte_idx += length;
  }
  return true;
}

std::optional<BadRequest> Parameters::check_names(
    const std::multimap<std::string, std::string>& raw, const std::set<std::string>& allowed,
    Parameters* out) {
  for (const auto& [name, value] : raw) {
    if (!allowed.count(name)) {
      std::string list;
      for (const std::string& known : allowed) list += (list.empty() ? "" : ", ") + known;
      return BadRequest{"unknown parameter " + quoted(name) +
                        (list.empty() ? " (this endpoint takes none)" : " (expected one of: " +
                                                                            list + ")")};
    }
    if (!out->values_.emplace(name, value).second) {
      return BadRequest{"parameter \"" + name + "\" given more than once"};
    }
  }
  return std::nullopt;
}

const std::string* Parameters::find(const std::string& name) const {
  auto found = values_.find(name);
  return found == values_.end() ? nullptr : &found->second;
}

void Parameters::fail(const std::string& name, const std::string& value,
                      const std::string& expected) {
  if (error_) return;
  error_ = BadRequest{"parameter \"" + name + "\": expected " + expected + ", got " +
                      quoted(value)};
}

std::string Parameters::text(const std::string& name, size_t max_bytes) {
  const std::string* value = find(name);
  if (!value) return {};
  if (value->size() > max_bytes) {
    fail(name, *value, "at most " + std::to_string(max_bytes) + " bytes");
    return {};
  }
  if (!is_utf8(*value)) {
    fail(name, "", "UTF-8 text");
    return {};
  }
  return *value;
}

std::string Parameters::date(const std::string& name) {
  const std::string* value = find(name);
  if (!value || value->empty()) return {};
  if (!is_iso_day(*value)) fail(name, *value, "a date YYYY-MM-DD");
  return *value;
}

std::string Parameters::root(const std::string& name) {
  const std::string* value = find(name);
  if (!value || value->empty()) return {};
  if (value->size() != 2 || !all_digits(*value) || *value < "01" || *value > "20") {
    fail(name, *value, "a two-digit CAMEO root 01-20");
  }
  return *value;
}

std::string Parameters::event_code(const std::string& name) {
  const std::string* value = find(name);
  if (!value || value->empty()) return {};
  std::string digits = value->back() == '*' ? value->substr(0, value->size() - 1) : *value;
  bool prefix = digits.size() != value->size();
  if (!all_digits(digits) || digits.size() > 4 || (!prefix && digits.size() < 2)) {
    fail(name, *value, "a CAMEO event code of 2-4 digits (042) or a prefix ending in * (04*)");
  }
  return *value;
}

int64_t Parameters::integer(const std::string& name, int64_t fallback, int64_t min, int64_t max) {
  const std::string* value = find(name);
  if (!value) return fallback;
  int64_t number = 0;
  auto [end, error] = std::from_chars(value->data(), value->data() + value->size(), number);
  if (value->empty() || error != std::errc() || end != value->data() + value->size() ||
      number < min || number > max) {
    fail(name, *value,
         "an integer from " + std::to_string(min) + " to " + std::to_string(max));
    return fallback;
  }
  return number;
}

std::optional<bool> Parameters::boolean(const std::string& name) {
  const std::string* value = find(name);
  if (!value) return std::nullopt;
  if (*value == "true" || *value == "1") return true;
  if (*value == "false" || *value == "0") return false;
  fail(name, *value, "true or false");
  return std::nullopt;
}

}  // namespace chronicle::server
