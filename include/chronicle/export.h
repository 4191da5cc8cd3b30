// Chronicle: output formats. The command line and (later) the HTTP server both call these.
#pragma once

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
void write_gdelt_row(std::ostream& out, const EventRecord& record);

// CSV (RFC 4180) with a header row; the same columns as the TSV format.
void write_csv_header(std::ostream& out);
void write_csv_row(std::ostream& out, const EventRecord& record);
// Tab-separated with a header row.
void write_tsv_header(std::ostream& out);
void write_tsv_row(std::ostream& out, const EventRecord& record);

// A readable fixed-width table for terminals; `records` printed with a header and a count.
void write_table(std::ostream& out, const std::vector<EventRecord>& records);

}  // namespace chronicle
