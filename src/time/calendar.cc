// Calendar arithmetic for the date stage: ISO date parsing and formatting, day numbers, weekdays.
#include <charconv>
#include <cstdio>

#include "time/dates.h"

namespace chronicle {

// The date stage owns the notion of precision, so the name table lives here.
std::string_view to_string(DatePrecision precision) {
  switch (precision) {
    case DatePrecision::kDay: return "day";
    case DatePrecision::kWeek: return "week";
    case DatePrecision::kMonth: return "month";
    case DatePrecision::kYear: return "year";
  }
  return "day";
}

}  // namespace chronicle

namespace chronicle::time {

namespace {

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && is_leap(year)) return 29;
  return kDays[month - 1];
}

// Parses exactly `width` ASCII digits.
std::optional<int> parse_fixed(std::string_view text, size_t width) {
  if (text.size() != width) return std::nullopt;
  int value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  for (char c : text)
    if (c < '0' || c > '9') return std::nullopt;  // from_chars accepts a leading '-'
  return value;
}

}  // namespace

std::optional<CivilDate> parse_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto year = parse_fixed(text.substr(0, 4), 4);
  auto month = parse_fixed(text.substr(5, 2), 2);
  auto day = parse_fixed(text.substr(8, 2), 2);
  if (!year || !month || !day) return std::nullopt;
  if (*month < 1 || *month > 12 || *day < 1 || *day > days_in_month(*year, *month))
    return std::nullopt;
  return CivilDate{*year, *month, *day};
}

std::string format_iso_date(const CivilDate& date) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", date.year, date.month, date.day);
  return buffer;
}

// Howard Hinnant's days_from_civil: shifts the year to start in March so the leap day is last,
// then counts whole 400-year eras; exact for the whole proleptic Gregorian calendar.
int64_t days_from_civil(const CivilDate& date) {
  const int64_t year = date.year - (date.month <= 2 ? 1 : 0);
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t year_of_era = year - era * 400;
  const int64_t month_from_march = date.month > 2 ? date.month - 3 : date.month + 9;
  const int64_t day_of_year = (153 * month_from_march + 2) / 5 + date.day - 1;
  const int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

CivilDate civil_from_days(int64_t days) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t day_of_era = days - era * 146097;
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t month_from_march = (5 * day_of_year + 2) / 153;
  const int day = static_cast<int>(day_of_year - (153 * month_from_march + 2) / 5 + 1);
  const int month = static_cast<int>(month_from_march < 10 ? month_from_march + 3
                                                            : month_from_march - 9);
  const int year = static_cast<int>(year_of_era + era * 400 + (month <= 2 ? 1 : 0));
  return CivilDate{year, month, day};
}

int iso_weekday(const CivilDate& date) {
  // 1970-01-01 was a Thursday (ISO 4).
  const int64_t days = days_from_civil(date);
  const int64_t shifted = ((days + 3) % 7 + 7) % 7;  // 0 = Monday
  return static_cast<int>(shifted) + 1;
}

}  // namespace chronicle::time
