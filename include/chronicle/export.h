// Chronicle: output formats. The command line and (later) the HTTP server both call these.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "chronicle/document.h"
#include "chronicle/status.h"

namespace chronicle {

// The event JSON object of the contract (README "Event JSON"): one line, no trailing newline.
std::string event_to_json(const EventRecord& record);
// Parses what event_to_json wrote (the store keeps events this way).
Result<EventRecord> event_from_json(std::string_view json);
// The same for many events, reusing one parser's buffers (the store's listings read thousands).
// Not thread-safe: one reader per thread.
class EventJsonReader {
 public:
  EventJsonReader();
  ~EventJsonReader();
  EventJsonReader(const EventJsonReader&) = delete;
  EventJsonReader& operator=(const EventJsonReader&) = delete;
  Result<EventRecord> read(std::string_view json);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// One event as a PLOVER record (Open Event Data Alliance, manual draft 0.7b1, "JSON Data Fields"):
// one line of JSON, no trailing newline; docs/event-json.md ("PLOVER") lists every field.
//   id         "chronicle-<stored id>", or "<doc>:<sentence>:<begin>-<end>" for an unstored event
//   date       "YYYY-MM-DD": the event's day when known to the day, else the document date, else
//              null
//   event      [PLOVER category] from data/cameo.tsv ("ASSAULT"; "OTHER" for CAMEO 01 statements,
//              which PLOVER does not code)
//   mode       PLOVER mode from the CAMEO code via data/plover_modes.tsv ("aerial" for 195), or
//              null
//   context    list: topical contexts from the same table, "future" when the event's date is after
//              the document's, "negation" when negated; may be empty
//   source, recipient  lists of {code (ISO alpha-3 country, or IGO/NGO/ISM/IMG/MNC, or null),
//              sector, actor_text, identifier_text (canonical name), cameo (full CAMEO actor
//              code), span}; empty when the side is unknown. CAMEO 043 (host) becomes PLOVER's
//              "visit" with the visitor as source.
//   event_text [trigger words];  event_loc  GeoNames-style place or null;
//   quad_code  PLOVER's quad category of the event type (null for OTHER);  text  the sentence;
//   text_info  {sequence (sentence index), evidence_span, trigger_span} in document bytes;
//   cite_info  {citation (doc id), url, publication, publication_date, coder, codebook}
// Then Chronicle's own fields: cameo {code, label, quad_class, goldstein}, negated, hedged,
// attributed_to ({text, span} or null), date_info ({value, precision, text} or null).
// Pure function of `record`; thread-safe (the mode table is parsed once, on first use).
std::string event_to_plover_json(const EventRecord& record);

// The whole analysis of one document as one JSON line: document metadata, sentences, tokens with
// byte offsets, entities, actor mentions, dates, places, events, notes.
std::string analysis_to_json(const Document& document, const Analysis& analysis);

// The tokens of one document in CoNLL-U (UD v2): one block per sentence with `# sent_id`
// ("DOC-N") and `# text`, words with lemma, UPOS, XPOS, head and relation when the models ran
// (`_` otherwise), and in MISC the word's byte span in Document::text (`TokenRange=B:E`, as UDPipe
// writes it), `SpaceAfter=No`, and the entity label of the word in IOB2 (`NE=B-PER`) when an
// entity covers it. Words that form one surface token (Token::joined_to_previous: "don't" =
// do + n't, "Bush's" = Bush + 's) are preceded by a multiword-token range line ("3-4 don't").
// FORM is the word as written in the text.
std::string analysis_to_conllu(const Document& document, const Analysis& analysis);

// GDELT 2.0 event export: 61 tab-separated columns in GDELT's order, no header. Columns
// Chronicle cannot fill are empty.
// GLOBALEVENTID is the merged happening's id when the event was merged, and NumMentions,
// NumSources, NumArticles are its counts (1, 1, 1 otherwise); DATEADDED is its first
// publication date.
void write_gdelt_row(std::ostream& out, const EventRecord& record);
// GDELT 2.0 mentions table: 16 tab-separated columns, no header, one row per mention of a
// happening (GLOBALEVENTID, EventTimeDate, MentionTimeDate, MentionType, MentionSourceName,
// MentionIdentifier, SentenceID, Actor1CharOffset, Actor2CharOffset, ActionCharOffset, InRawText,
// Confidence, MentionDocLen, MentionDocTone, MentionDocTranslationInfo, Extras); docs/database.md
// ("Across reports") says how each is filled.
void write_gdelt_mention_row(std::ostream& out, const EventRecord& record);

// CSV (RFC 4180) with a header row; the same columns as the TSV format.
void write_csv_header(std::ostream& out);
void write_csv_row(std::ostream& out, const EventRecord& record);
// Tab-separated with a header row.
void write_tsv_header(std::ostream& out);
void write_tsv_row(std::ostream& out, const EventRecord& record);

// A readable fixed-width table for terminals; `records` printed with a header and a count.
void write_table(std::ostream& out, const std::vector<EventRecord>& records);
// One cell of such a table: `value` on one line (tabs and line breaks as spaces), cut to `width`
// code points (ending in "…" when cut) and padded with spaces; for the query commands' tables.
std::string table_cell(std::string_view value, size_t width);

}  // namespace chronicle
