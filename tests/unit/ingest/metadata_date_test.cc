#include <gtest/gtest.h>

#include "chronicle/reader.h"

namespace chronicle {
namespace {

struct DateCase {
  const char* input;
  const char* expected;
};

TEST(NormalizeMetadataDate, Table) {
  const DateCase cases[] = {
      // ISO 8601 dates and datetimes; the calendar date is kept as written.
      {"2025-11-18", "2025-11-18"},
      {"2025-11-18T10:00:00Z", "2025-11-18"},
      {"2025-11-18T23:30:00-05:00", "2025-11-18"},
      {"2025-11-18T01:15:00.123+09:00", "2025-11-18"},
      {"2025-11-18 10:00:00", "2025-11-18"},
      {"  2025-1-8  ", "2025-01-08"},
      {"20251118", "2025-11-18"},
      {"20251118T100000Z", "2025-11-18"},
      {"2025/11/18", "2025-11-18"},
      {"2025.11.18", "2025-11-18"},
      // RFC 822 / 2822.
      {"Tue, 18 Nov 2025 10:00:00 GMT", "2025-11-18"},
      {"18 Nov 2025 10:00:00 +0000", "2025-11-18"},
      {"Wed, 02 Oct 02 08:00:00 EST", "2002-10-02"},
      // Written dates.
      {"18 November 2025", "2025-11-18"},
      {"18th of November 2025", "2025-11-18"},
      {"November 18, 2025", "2025-11-18"},
      {"Nov. 18, 2025", "2025-11-18"},
      {"Sept 3rd 2025", "2025-09-03"},
      {"Tuesday, November 18, 2025 10:00 AM", "2025-11-18"},
      {"Published: 18 November 2025", "2025-11-18"},
      // Reuters SGML.
      {"26-FEB-1987 15:01:01.79", "1987-02-26"},
      {" 1-MAR-1987 01:30:29.50", "1987-03-01"},
      // Numeric day/month only when unambiguous.
      {"18/11/2025", "2025-11-18"},
      {"11/18/2025", "2025-11-18"},
      {"05/06/2025", ""},
      // Calendar validation.
      {"2024-02-29", "2024-02-29"},
      {"2025-02-29", ""},
      {"1900-02-29", ""},
      {"2000-02-29", "2000-02-29"},
      {"2025-13-01", ""},
      {"2025-04-31", ""},
      {"31 April 2025", ""},
      {"2025-00-10", ""},
      // Not dates.
      {"", ""},
      {"yesterday", ""},
      {"November 2025", ""},
      {"2025", ""},
      {"3 hours ago", ""},
      {"2025-11", ""},
      {"12345678901234567890", ""},
  };
  for (const DateCase& c : cases) {
    EXPECT_EQ(normalize_metadata_date(c.input), c.expected) << "input: \"" << c.input << "\"";
  }
}

}  // namespace
}  // namespace chronicle
