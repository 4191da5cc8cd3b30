// Chronicle: the PLOVER vocabulary and the CAMEO → PLOVER mode/context table used by the PLOVER
// export (include/chronicle/export.h: event_to_plover_json). Private to src/export and its tests.
//
// The table is data/plover_modes.tsv (format in its header and docs/event-json.md), compiled into
// the library at build time so an export never depends on a data directory at run time.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "chronicle/status.h"

namespace chronicle::plover {

// One row of the table: what PLOVER adds to the event type for one CAMEO code.
struct ModeRow {
  std::string code;                   // CAMEO event code, 3 or 4 digits ("195")
  std::string event_type;             // PLOVER category the row is written for ("ASSAULT")
  std::string mode;                   // one mode of that category, empty for none
  std::vector<std::string> contexts;  // PLOVER context names, may be empty
};

// Parses text in the format of data/plover_modes.tsv. Checks the column count, the code (3 or 4
// digits, no duplicates), that the mode belongs to the category (is_mode_of) and that every
// context is known (is_context). An error reads "ORIGIN:LINE: what was found, what was expected".
Result<std::vector<ModeRow>> parse_mode_table(std::string_view text, std::string_view origin);

// The compiled-in table, parsed once on first use (thread-safe). Empty if the compiled-in text
// does not parse: the unit tests parse it and fail in that case, so a release never ships one.
const std::vector<ModeRow>& mode_table();

// The row for a CAMEO event code: its own row, else (for a 4-digit code) its 3-digit parent's;
// nullptr when neither exists. The caller must still check `event_type` against the event's own
// PLOVER category.
const ModeRow* find_mode_row(std::string_view cameo_code);

// True when `mode` is one of the modes PLOVER defines for the category (REQUEST and DEMAND share
// one list: REQUEST is the later name of PLOVER's DEMAND category).
bool is_mode_of(std::string_view event_type, std::string_view mode);

// True for the names of PLOVER's general contexts, including "future", "historical",
// "hypothetical" and "negation".
bool is_context(std::string_view context);

// PLOVER's quad category of an event type: 1 verbal cooperation, 2 material cooperation, 3 verbal
// conflict, 4 material conflict; 0 for a type PLOVER does not define (Chronicle's "OTHER").
// PLOVER groups by category, so it differs from CAMEO's quad class by root for some codes
// (SANCTION is verbal conflict in PLOVER, CAMEO 16 is material conflict).
int quad_code(std::string_view event_type);

}  // namespace chronicle::plover
