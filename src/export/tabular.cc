// Chronicle: row formats: GDELT 2.0 events, CSV, TSV and a terminal table.
//
// The GDELT mapping is documented in docs/event-json.md. The rule throughout: a column Chronicle
// cannot fill from what it read stays empty; nothing is invented to look complete.
#include <algorithm>
#include <array>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chronicle/export.h"

namespace chronicle {
namespace {

constexpr size_t kGdeltColumns = 61;

// GDELT and TSV values may not contain the field or record separators.
std::string flatten(std::string_view value) {
  std::string out(value);
  for (char& c : out) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  return out;
}

// ASCII upper case only: GDELT names are upper case, and touching bytes >= 0x80 would corrupt
// UTF-8 sequences.
std::string ascii_upper(std::string_view value) {
  std::string out(value);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

// Shortest fixed-point form with at most `decimals` decimals ("1.9", "-10", "33.5102").
std::string format_fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  std::string out = buffer;
  if (out.find('.') != std::string::npos) {
    while (!out.empty() && out.back() == '0') out.pop_back();
    if (!out.empty() && out.back() == '.') out.pop_back();
  }
  if (out == "-0") out = "0";
  return out;
}

bool is_digits(std::string_view value) {
  for (char c : value) {
    if (c < '0' || c > '9') return false;
  }
  return !value.empty();
}

// A full "YYYY-MM-DD" date with plausible month and day, split into numbers.
struct DayDate {
  int year = 0, month = 0, day = 0;
};
std::optional<DayDate> parse_day(std::string_view value) {
  if (value.size() != 10 || value[4] != '-' || value[7] != '-') return std::nullopt;
  if (!is_digits(value.substr(0, 4)) || !is_digits(value.substr(5, 2)) ||
      !is_digits(value.substr(8, 2))) {
    return std::nullopt;
  }
  DayDate date{std::stoi(std::string(value.substr(0, 4))),
               std::stoi(std::string(value.substr(5, 2))),
               std::stoi(std::string(value.substr(8, 2)))};
  if (date.month < 1 || date.month > 12 || date.day < 1 || date.day > 31) return std::nullopt;
  return date;
}

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int day_of_year(const DayDate& date) {
  static constexpr std::array<int, 12> kDaysBefore = {0,   31,  59,  90,  120, 151,
                                                      181, 212, 243, 273, 304, 334};
  int day = kDaysBefore[date.month - 1] + date.day;
  if (date.month > 2 && is_leap(date.year)) ++day;
  return day;
}

// The event's own date when it is known to the day, else the document date.
std::optional<DayDate> gdelt_date(const EventRecord& record) {
  if (record.event.date_precision == "day") {
    if (auto date = parse_day(record.event.date)) return date;
  }
  return parse_day(record.doc_date);
}

// "YYYYMMDD000000" for a "YYYY-MM-DD" date, else empty: GDELT's timestamps, at midnight.
std::string gdelt_timestamp(std::string_view date) {
  auto day = parse_day(date);
  if (!day) return {};
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d%02d%02d000000", day->year, day->month, day->day);
  return buffer;
}

// CAMEO type prefixes whose next three letters name a known organisation ("IGOUNO" → "UNO").
bool is_group_type(std::string_view chunk) {
  return chunk == "IGO" || chunk == "NGO" || chunk == "IMG" || chunk == "MNC";
}

// The ten GDELT columns of one actor: Code, Name, CountryCode, KnownGroupCode, EthnicCode,
// Religion1Code, Religion2Code, Type1Code, Type2Code, Type3Code.
std::array<std::string, 10> gdelt_actor(const std::optional<EventActor>& side) {
  std::array<std::string, 10> columns;
  if (!side) return columns;
  const ActorRef& actor = side->actor;
  columns[0] = actor.code;
  columns[1] = ascii_upper(actor.name.empty() ? side->text : actor.name);
  columns[2] = actor.country;

  // The code after its country part, in three-letter chunks: roles and a known group.
  std::string_view rest = actor.code;
  if (!actor.country.empty() && rest.substr(0, actor.country.size()) == actor.country) {
    rest.remove_prefix(actor.country.size());
  }
  std::vector<std::string> types;
  for (size_t pos = 0; pos + 3 <= rest.size(); pos += 3) {
    std::string chunk(rest.substr(pos, 3));
    if (columns[3].empty() && !types.empty() && is_group_type(types.back())) {
      columns[3] = chunk;  // the known group follows its IGO/NGO/IMG/MNC type
      continue;
    }
    types.push_back(chunk);
  }
  // Type1 is the actor's sector as the lexicon resolved it; further roles come from the code.
  std::vector<std::string> ordered;
  if (!actor.sector.empty()) ordered.push_back(actor.sector);
  for (const std::string& type : types) {
    if (type != actor.sector) ordered.push_back(type);
  }
  for (size_t type_idx = 0; type_idx < ordered.size() && type_idx < 3; ++type_idx) {
    columns[7 + type_idx] = ordered[type_idx];
  }
  return columns;
}

// GDELT geography type: 1 country, 2 US state, 3 US city, 4 world city (and other points),
// 5 world state (first-level region).
int gdelt_geo_type(const Place& place) {
  const std::string& feature = place.feature;
  bool us = place.country2 == "US" || place.country == "USA";
  if (feature.rfind("A.PCL", 0) == 0) return 1;
  if (feature.rfind("A.ADM1", 0) == 0 || feature == "REGION") return us ? 2 : 5;
  return us ? 3 : 4;
}

// The eight GDELT geography columns: Type, FullName, CountryCode, ADM1Code, ADM2Code, Lat, Long,
// FeatureID.
std::array<std::string, 8> gdelt_geo(const std::optional<EventPlace>& event_place) {
  std::array<std::string, 8> columns;
  if (!event_place) return columns;
  const Place& place = event_place->place;
  int type = gdelt_geo_type(place);
  columns[0] = std::to_string(type);
  columns[1] = place.name.empty() ? event_place->text : place.name;
  columns[2] = place.country2;
  if (!place.adm1.empty()) {
    columns[3] = place.country2 + place.adm1;
  } else if (type == 1) {
    columns[3] = place.country2;
  }
  if (place.lat != 0 || place.lon != 0) {
    columns[5] = format_fixed(place.lat, 4);
    columns[6] = format_fixed(place.lon, 4);
  }
  if (place.geonameid != 0) columns[7] = std::to_string(place.geonameid);
  return columns;
}

std::string_view bool_text(bool value) { return value ? "true" : "false"; }

// The columns shared by CSV and TSV, in order.
constexpr std::array<std::string_view, 27> kTableColumns = {
    "id",          "doc",         "sentence",      "date",          "date_precision",
    "code",        "root",        "label",         "quad_class",    "goldstein",
    "plover",      "source_code", "source_name",   "source_text",   "target_code",
    "target_name", "target_text", "negated",       "hedged",        "attributed_to",
    "place",       "place_country", "lat",         "lon",           "evidence_begin",
    "evidence_end", "sentence_text"};

std::vector<std::string> table_values(const EventRecord& record) {
  const Event& event = record.event;
  std::vector<std::string> values;
  values.reserve(kTableColumns.size());
  values.push_back(record.id != 0 ? std::to_string(record.id) : "");
  values.push_back(record.doc_id);
  values.push_back(std::to_string(event.sentence));
  values.push_back(event.date);
  values.push_back(event.date.empty() ? "" : event.date_precision);
  values.push_back(event.code);
  values.push_back(event.root);
  values.push_back(event.label);
  values.push_back(event.quad_class != 0 ? std::to_string(event.quad_class) : "");
  values.push_back(format_fixed(event.goldstein, 1));
  values.push_back(event.plover);
  for (const auto* side : {&event.source, &event.target}) {
    values.push_back(*side ? (*side)->actor.code : "");
    values.push_back(*side ? (*side)->actor.name : "");
    values.push_back(*side ? (*side)->text : "");
  }
  values.emplace_back(bool_text(event.negated));
  values.emplace_back(bool_text(event.hedged));
  values.push_back(event.attributed_to ? event.attributed_to->text : "");
  if (event.place) {
    const Place& place = event.place->place;
    values.push_back(place.name.empty() ? event.place->text : place.name);
    values.push_back(place.country);
    values.push_back(format_fixed(place.lat, 6));
    values.push_back(format_fixed(place.lon, 6));
  } else {
    values.insert(values.end(), 4, "");
  }
  values.push_back(std::to_string(event.evidence.begin));
  values.push_back(std::to_string(event.evidence.end));
  values.push_back(record.sentence_text);
  return values;
}

// RFC 4180: quote a field holding a comma, quote, CR or LF; double the quotes inside.
void write_csv_field(std::ostream& out, std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
    out << value;
    return;
  }
  out << '"';
  for (char c : value) {
    if (c == '"') out << '"';
    out << c;
  }
  out << '"';
}

template <class Range>
void write_csv_line(std::ostream& out, const Range& values) {
  bool first = true;
  for (const auto& value : values) {
    if (!first) out << ',';
    first = false;
    write_csv_field(out, value);
  }
  out << "\r\n";  // RFC 4180 record separator
}

template <class Range>
void write_tsv_line(std::ostream& out, const Range& values) {
  bool first = true;
  for (const auto& value : values) {
    if (!first) out << '\t';
    first = false;
    out << flatten(value);
  }
  out << '\n';
}

// Terminal widths count code points (continuation bytes do not count); wide CJK glyphs are
// counted as one, which is close enough for the mostly Latin text of news reports.
size_t display_width(std::string_view value) {
  size_t width = 0;
  for (unsigned char c : value) {
    if ((c & 0xC0) != 0x80) ++width;
  }
  return width;
}

// `value` cut to `width` code points (ending in "…" when cut) and padded with spaces.
std::string fit(std::string_view value, size_t width) {
  std::string text = flatten(value);
  if (display_width(text) > width) {
    size_t keep = width == 0 ? 0 : width - 1;
    size_t bytes = 0;
    size_t points = 0;
    while (bytes < text.size()) {
      if ((static_cast<unsigned char>(text[bytes]) & 0xC0) != 0x80) {
        if (points == keep) break;
        ++points;
      }
      ++bytes;
    }
    text.resize(bytes);
    if (width > 0) text += "\xE2\x80\xA6";  // …
  }
  size_t used = display_width(text);
  if (used < width) text.append(width - used, ' ');
  return text;
}

std::string_view basename(std::string_view path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace

void write_gdelt_row(std::ostream& out, const EventRecord& record) {
  const Event& event = record.event;
  std::vector<std::string> columns;
  columns.reserve(kGdeltColumns);

  // GLOBALEVENTID: the merged happening when there is one (every mention of it shares the id,
  // as in GDELT), else the stored event.
  const int64_t event_id = record.merge.merged_id != 0 ? record.merge.merged_id : record.id;
  columns.push_back(event_id != 0 ? std::to_string(event_id) : "");
  if (auto date = gdelt_date(record)) {
    char day[16], month[16], year[16], fraction[32];
    std::snprintf(day, sizeof day, "%04d%02d%02d", date->year, date->month, date->day);
    std::snprintf(month, sizeof month, "%04d%02d", date->year, date->month);
    std::snprintf(year, sizeof year, "%04d", date->year);
    // GDELT's FractionDate is the year plus the day of the year over 365, to four decimals.
    double part = std::min(day_of_year(*date) / 365.0, 0.9999);
    std::snprintf(fraction, sizeof fraction, "%.4f", date->year + part);
    columns.insert(columns.end(), {day, month, year, fraction});
  } else {
    columns.insert(columns.end(), 4, "");
  }
  for (const auto* side : {&event.source, &event.target}) {
    for (std::string& value : gdelt_actor(*side)) columns.push_back(std::move(value));
  }
  columns.push_back(event.sentence == 0 ? "1" : "0");  // IsRootEvent: the lead sentence
  columns.push_back(event.code);
  columns.push_back(event.code.substr(0, std::min<size_t>(3, event.code.size())));
  columns.push_back(!event.root.empty() ? event.root
                                        : event.code.substr(0, std::min<size_t>(2, event.code.size())));
  columns.push_back(event.quad_class >= 1 && event.quad_class <= 4 ? std::to_string(event.quad_class)
                                                                  : "");
  columns.push_back(event.code.empty() ? "" : format_fixed(event.goldstein, 1));
  // NumMentions, NumSources, NumArticles: the merged happening's counts (docs/database.md,
  // "Across reports"); an event that was not merged is one mention in one article.
  if (record.merge.merged_id != 0) {
    columns.insert(columns.end(), {std::to_string(record.merge.num_mentions),
                                   std::to_string(record.merge.num_sources),
                                   std::to_string(record.merge.num_articles)});
  } else {
    columns.insert(columns.end(), {"1", "1", "1"});
  }
  columns.push_back("");                        // AvgTone: Chronicle does not score tone
  columns.insert(columns.end(), 8, "");         // Actor1Geo_*: not resolved per actor
  columns.insert(columns.end(), 8, "");         // Actor2Geo_*
  for (std::string& value : gdelt_geo(event.place)) columns.push_back(std::move(value));
  // DATEADDED: when the happening was first reported (its earliest publication date; GDELT's is
  // the 15-minute batch that first saw it), at midnight.
  columns.push_back(gdelt_timestamp(!record.merge.first_seen.empty() ? record.merge.first_seen
                                                                     : record.doc_date));
  columns.push_back(!record.doc_url.empty() ? record.doc_url : record.doc_id);

  for (size_t column_idx = 0; column_idx < columns.size(); ++column_idx) {
    if (column_idx > 0) out << '\t';
    out << flatten(columns[column_idx]);
  }
  out << '\n';
}

void write_gdelt_mention_row(std::ostream& out, const EventRecord& record) {
  const Event& event = record.event;
  const int64_t event_id = record.merge.merged_id != 0 ? record.merge.merged_id : record.id;
  std::vector<std::string> columns;
  columns.reserve(16);
  columns.push_back(event_id != 0 ? std::to_string(event_id) : "");  // GLOBALEVENTID
  columns.push_back(gdelt_timestamp(!record.merge.first_seen.empty() ? record.merge.first_seen
                                                                     : record.doc_date));
  columns.push_back(gdelt_timestamp(record.doc_date));  // MentionTimeDate
  // MentionType 1 (web) when the document has an address, else 6 (non-textual or other source).
  columns.push_back(record.doc_url.empty() ? "6" : "1");
  columns.push_back(record.doc_source);                 // MentionSourceName
  columns.push_back(!record.doc_url.empty() ? record.doc_url : record.doc_id);
  columns.push_back(std::to_string(event.sentence + 1));  // SentenceID, 1-based as in GDELT
  // Character offsets in GDELT; Chronicle's are byte offsets into the stored text (the same for
  // ASCII), -1 for a missing side as in GDELT.
  columns.push_back(event.source ? std::to_string(event.source->span.begin) : "-1");
  columns.push_back(event.target ? std::to_string(event.target->span.begin) : "-1");
  columns.push_back(std::to_string(event.trigger.begin));
  columns.push_back("1");  // InRawText: every event is read from the text as written
  // Confidence (10-100 in GDELT): 100, halved for a hedged event ("may", "plans to"), 10 for a
  // negated one, which is kept for the record but did not happen.
  columns.push_back(event.negated ? "10" : event.hedged ? "50" : "100");
  columns.push_back("");  // MentionDocLen: not kept with the event
  columns.push_back("");  // MentionDocTone: Chronicle does not score tone
  columns.push_back("");  // MentionDocTranslationInfo: documents are read in English
  columns.push_back("");  // Extras
  for (size_t column_idx = 0; column_idx < columns.size(); ++column_idx) {
    if (column_idx > 0) out << '\t';
    out << flatten(columns[column_idx]);
  }
  out << '\n';
}

void write_csv_header(std::ostream& out) { write_csv_line(out, kTableColumns); }
void write_csv_row(std::ostream& out, const EventRecord& record) {
  write_csv_line(out, table_values(record));
}
void write_tsv_header(std::ostream& out) { write_tsv_line(out, kTableColumns); }
void write_tsv_row(std::ostream& out, const EventRecord& record) {
  write_tsv_line(out, table_values(record));
}

std::string table_cell(std::string_view value, size_t width) { return fit(value, width); }

void write_table(std::ostream& out, const std::vector<EventRecord>& records) {
  struct Column {
    std::string_view title;
    size_t width;
  };
  static constexpr std::array<Column, 7> kColumns = {{{"date", 10},
                                                      {"event", 34},
                                                      {"source", 12},
                                                      {"target", 12},
                                                      {"place", 16},
                                                      {"flags", 5},
                                                      {"doc", 24}}};
  auto write_line = [&out](const std::array<std::string, 7>& cells) {
    std::string line;
    for (size_t column_idx = 0; column_idx < cells.size(); ++column_idx) {
      if (column_idx > 0) line += "  ";
      line += fit(cells[column_idx], kColumns[column_idx].width);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << '\n';
  };

  std::array<std::string, 7> header;
  size_t rule_width = 0;
  for (size_t column_idx = 0; column_idx < kColumns.size(); ++column_idx) {
    header[column_idx] = kColumns[column_idx].title;
    rule_width += kColumns[column_idx].width + (column_idx > 0 ? 2 : 0);
  }
  write_line(header);
  out << std::string(rule_width, '-') << '\n';

  for (const EventRecord& record : records) {
    const Event& event = record.event;
    std::string label = event.code;
    if (!event.label.empty()) label += " " + event.label;
    std::string flags;
    if (event.negated) flags += 'N';
    if (event.hedged) flags += 'H';
    if (event.attributed_to) flags += 'A';
    std::string place;
    if (event.place) place = event.place->place.name.empty() ? event.place->text : event.place->place.name;
    write_line({event.date.empty() ? "-" : event.date, label,
                event.source ? event.source->actor.code : "-",
                event.target ? event.target->actor.code : "-", place.empty() ? "-" : place,
                flags.empty() ? "-" : flags, std::string(basename(record.doc_id))});
  }
  out << records.size() << (records.size() == 1 ? " event" : " events") << '\n';
}

}  // namespace chronicle
