// Publication dates from metadata: the handful of layouts publishers and feeds actually use.
//
// The value is split into number and word tokens; the first tokens must form one of the layouts
// below and whatever follows (a time, a zone, a fraction of a second) is ignored. The calendar
// date is kept as written, without converting to UTC: "2025-11-18T23:30:00-05:00" is the 18th,
// because relative dates in the report ("yesterday") count from the writer's day, not from UTC's.
#include <array>
#include <cstdio>
#include <vector>

#include "chronicle/reader.h"

namespace chronicle {
namespace {

struct DateToken {
  bool number = false;
  std::string text;   // digits, or the word in lower case
  int value = 0;      // numeric value of a number token (saturated)
  char separator = 0; // the non-space character just before this token, 0 for none/space
};

std::vector<DateToken> tokenize(std::string_view value) {
  std::vector<DateToken> tokens;
  char separator = 0;
  size_t pos = 0;
  while (pos < value.size()) {
    const unsigned char c = static_cast<unsigned char>(value[pos]);
    const bool digit = c >= '0' && c <= '9';
    const bool letter = (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    if (!digit && !letter) {
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') separator = static_cast<char>(c);
      ++pos;
      continue;
    }
    DateToken token;
    token.number = digit;
    token.separator = separator;
    separator = 0;
    while (pos < value.size()) {
      const unsigned char d = static_cast<unsigned char>(value[pos]);
      const bool same = digit ? (d >= '0' && d <= '9') : ((d | 0x20) >= 'a' && (d | 0x20) <= 'z');
      if (!same) break;
      token.text += digit ? static_cast<char>(d) : static_cast<char>(d | 0x20);
      if (digit && token.value < 100000000) token.value = token.value * 10 + (d - '0');
      ++pos;
    }
    tokens.push_back(std::move(token));
  }
  return tokens;
}

// 1..12 for a month name or its usual abbreviation ("sep", "sept"), else 0.
int month_number(std::string_view word) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  if (word.size() < 3) return 0;
  for (size_t month_idx = 0; month_idx < kMonths.size(); ++month_idx) {
    // A prefix of at least three letters ("feb", "sept") or the whole name.
    if (kMonths[month_idx].substr(0, word.size()) == word) return static_cast<int>(month_idx) + 1;
  }
  return 0;
}

bool is_weekday(std::string_view word) {
  static constexpr std::array<std::string_view, 7> kDays = {
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  if (word.size() < 3) return false;
  for (std::string_view day : kDays) {
    if (day.substr(0, word.size()) == word) return true;
  }
  return false;
}

bool is_ordinal_suffix(const DateToken& token) {
  return !token.number &&
         (token.text == "st" || token.text == "nd" || token.text == "rd" || token.text == "th");
}

// Two-digit years (RFC 822 allows them): 00-49 → 20xx, 50-99 → 19xx.
int full_year(const DateToken& token) {
  if (token.text.size() == 4) return token.value;
  if (token.text.size() == 2) return token.value < 50 ? 2000 + token.value : 1900 + token.value;
  return -1;
}

std::string format_date(int year, int month, int day) {
  static constexpr std::array<int, 12> kDaysInMonth = {31, 28, 31, 30, 31, 30,
                                                       31, 31, 30, 31, 30, 31};
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1) return {};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int days = kDaysInMonth[month - 1] + (month == 2 && leap ? 1 : 0);
  if (day > days) return {};
  char buffer[48];  // sized for any int, though the checks above keep it to 10 characters
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
  return buffer;
}

bool small_number(const DateToken& token) {
  return token.number && (token.text.size() == 1 || token.text.size() == 2);
}

}  // namespace

std::string normalize_metadata_date(std::string_view value) {
  std::vector<DateToken> all = tokenize(value);
  // Drop what may precede or sit inside a date without being part of it: weekday names
  // ("Tue,"), ordinal suffixes ("18th"), "of" ("18th of November"). Leading labels such as
  // "Published" are skipped up to the first number or month name.
  std::vector<DateToken> tokens;
  for (size_t token_idx = 0; token_idx < all.size(); ++token_idx) {
    const DateToken& token = all[token_idx];
    if (!token.number) {
      if (is_weekday(token.text) || token.text == "of") continue;
      if (is_ordinal_suffix(token) && !tokens.empty() && tokens.back().number) continue;
      if (tokens.empty() && month_number(token.text) == 0) continue;
    }
    tokens.push_back(token);
    if (tokens.size() == 3) break;
  }
  // Compact ISO 8601 ("20251118", "20251118T100000Z").
  if (!tokens.empty() && tokens[0].number && tokens[0].text.size() == 8) {
    const int v = tokens[0].value;
    return format_date(v / 10000, v / 100 % 100, v % 100);
  }
  if (tokens.size() < 3) return {};
  const DateToken& a = tokens[0];
  const DateToken& b = tokens[1];
  const DateToken& c = tokens[2];

  // 2025-11-18, 2025/11/18, 2025.11.18 (and ISO datetimes, whose time follows).
  if (a.number && a.text.size() == 4 && small_number(b) && small_number(c) &&
      b.separator != 0 && b.separator == c.separator &&
      (b.separator == '-' || b.separator == '/' || b.separator == '.')) {
    return format_date(a.value, b.value, c.value);
  }
  // 18 November 2025, 18 Nov 2025 10:00:00 GMT, 26-FEB-1987 15:01:01.79.
  if (small_number(a) && !b.number && month_number(b.text) > 0 && c.number) {
    return format_date(full_year(c), month_number(b.text), a.value);
  }
  // November 18, 2025; Nov. 18 2025.
  if (!a.number && month_number(a.text) > 0 && small_number(b) && c.number &&
      c.text.size() == 4) {
    return format_date(c.value, month_number(a.text), b.value);
  }
  // 18/11/2025 or 11/18/2025: only when one of the two numbers cannot be a month.
  if (small_number(a) && small_number(b) && c.number && c.text.size() == 4 && b.separator != 0 &&
      b.separator == c.separator && (b.separator == '/' || b.separator == '.' ||
                                     b.separator == '-')) {
    if (a.value > 12 && b.value <= 12) return format_date(c.value, b.value, a.value);
    if (b.value > 12 && a.value <= 12) return format_date(c.value, a.value, b.value);
    return {};
  }
  return {};
}

namespace ingest {

std::string date_from_file_name(std::string_view path) {
  const size_t slash = path.find_last_of('/');
  const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  auto digit = [&name](size_t at) {
    return at < name.size() && name[at] >= '0' && name[at] <= '9';
  };
  auto number = [&name](size_t at, size_t count) {
    int value = 0;
    for (size_t idx = at; idx < at + count; ++idx) value = value * 10 + (name[idx] - '0');
    return value;
  };
  for (size_t at = 0; at + 10 <= name.size(); ++at) {
    if (at > 0 && digit(at - 1)) continue;
    bool shape = name[at + 4] == '-' && name[at + 7] == '-' && !digit(at + 10);
    for (size_t idx : {0, 1, 2, 3, 5, 6, 8, 9}) shape = shape && digit(at + idx);
    if (!shape) continue;
    std::string date = format_date(number(at, 4), number(at + 5, 2), number(at + 8, 2));
    if (!date.empty()) return date;
  }
  return {};
}

}  // namespace ingest
}  // namespace chronicle
