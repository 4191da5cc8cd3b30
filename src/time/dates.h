// Date stage: finds date expressions in the tokens and resolves them against the document date.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "chronicle/document.h"
#include "engine/stage.h"

namespace chronicle::time {

// A calendar date.
struct CivilDate {
  int year = 0;
  int month = 0;  // 1-12
  int day = 0;    // 1-31
  bool operator==(const CivilDate&) const = default;
};

// Parses "YYYY-MM-DD"; nullopt when malformed or not a real calendar date.
std::optional<CivilDate> parse_iso_date(std::string_view text);
std::string format_iso_date(const CivilDate& date);
// Days since 1970-01-01 and back (proleptic Gregorian).
int64_t days_from_civil(const CivilDate& date);
CivilDate civil_from_days(int64_t days);
// 1 = Monday ... 7 = Sunday.
int iso_weekday(const CivilDate& date);

// Finds and resolves date expressions, appending to Analysis::dates (sorted by position):
//   absolute: "October 15th", "15 October 2025", "Nov. 16", "November 16, 2025", "2025-11-16",
//             "December 2024", "in 2023", "on 16/11/2025" (day first);
//   relative to the document date: "today", "yesterday", "tomorrow", "on Monday" (the most recent
//             such day on or before the document date unless the tense says otherwise), "last
//             week", "earlier this week", "this week", "last month", "in December" (the most
//             recent December not after the document month), "last year", "a day prior",
//             "two days ago", "the day before".
// A date without a year takes the year that puts it nearest before (or at) the document date.
// Without a document date, relative expressions and year-less dates get resolved = false.
class DateRecognizer final : public Stage {
 public:
  std::string_view name() const override { return "dates"; }
  void process(const Document& document, Analysis& analysis) const override;
};

}  // namespace chronicle::time
