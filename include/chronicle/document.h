// Chronicle: the document model and the layers of analysis added to it.
//
// Data flows one way: Document → sentences/tokens → entities → actors → dates/places → events.
// Every stage reads the layers earlier stages wrote on an `Analysis` and appends its own; it never
// rewrites an earlier layer, and every layer lists its mentions in text order. All offsets
// (`Span`) are byte offsets into `Document::text` exactly as read, so a user can cut the evidence
// out of the original text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chronicle/status.h"

namespace chronicle {

// Half-open byte range [begin, end) in Document::text.
struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;
  bool operator==(const Span&) const = default;
};

// One input document. `text` is valid UTF-8 (readers reject anything else).
struct Document {
  std::string id;      // JSON Lines `id`, else the path (plus ":LINE" for an id-less JSONL record)
  std::string path;    // the file it came from, "<stdin>" for standard input
  std::string title;   // may be empty
  std::string date;    // publication date "YYYY-MM-DD", or empty when unknown
  std::string source;  // publisher / site name, may be empty
  std::string url;     // may be empty
  std::string text;    // the text analysed; all spans point into it
  std::string format;  // "txt", "jsonl", "html"
};

// One token. `norm` is the Unicode-normalised surface form (curly quotes made straight, NFKC),
// `lower` its lower-case form, `lemma` its dictionary form.
struct Token {
  Span span;
  std::string norm;
  std::string lower;
  std::string lemma;
  std::string tag;        // coarse part of speech when a tagger ran (UPOS), else empty
  uint32_t sentence = 0;  // index into Analysis::sentences
  bool capitalized = false;   // first character is an upper-case letter
  bool space_before = false;  // whitespace precedes the token in the text
  std::string xpos;       // Penn Treebank tag when a tagger ran ("NNP", "VBD"), else empty
  int32_t head = -1;      // index into Analysis::tokens of the syntactic head when a parser ran;
                          // -1 for the sentence root or when no parser ran
  std::string deprel;     // Universal Dependencies relation to the head ("nsubj", "obl:tmod")
  // This word and the previous one are parts of one surface token (a Universal Dependencies
  // multiword token): "do|n't", "Bush|'s", "can|not", "gon|na". Their spans touch; a CoNLL-U
  // writer emits one "first-last FORM" line for the run of joined words.
  bool joined_to_previous = false;
};

struct Sentence {
  Span span;
  uint32_t first_token = 0;  // tokens [first_token, end_token) belong to this sentence
  uint32_t end_token = 0;
};

// A token range [first_token, end_token) with its byte span.
struct TokenRange {
  uint32_t first_token = 0;
  uint32_t end_token = 0;
  Span span;
};

// A named entity found in the text (PER, ORG, LOC, NORP, MISC).
struct EntityMention {
  TokenRange range;
  std::string label;
  std::string text;
};

// An actor: a CAMEO code with its parts. `code` is the full CAMEO actor code ("RUSMIL"),
// `country` the 3-letter country part ("RUS") or empty, `sector` the first role ("MIL"), `name`
// the canonical name of a known person or organisation, or the name read from the text for a
// person recognised from a title.
struct ActorRef {
  std::string code;
  std::string country;
  std::string sector;
  std::string name;
};

// A mention of an actor in the text, e.g. "Russian Deputy Defense Minister Yunus-Bek Yevkurov".
struct ActorMention {
  TokenRange range;
  std::string text;
  ActorRef actor;
  std::string kind;     // "country", "capital", "demonym", "organisation", "group", "person",
                        // "title", "reference"
  std::string role;     // the title read from the text ("deputy defense minister"), may be empty
  std::string actor_id; // dictionary id of a known actor, empty for actors built from context
};

enum class DatePrecision { kDay, kWeek, kMonth, kYear };
std::string_view to_string(DatePrecision precision);

// A date expression. `value` is "YYYY-MM-DD", "YYYY-Www", "YYYY-MM" or "YYYY" when resolved; when
// the expression is relative and the document has no date, `resolved` is false and `value` empty.
struct DateMention {
  TokenRange range;
  std::string text;
  std::string value;
  DatePrecision precision = DatePrecision::kDay;
  bool resolved = false;
  bool relative = false;
};

// A resolved place from the gazetteer.
struct Place {
  std::string name;       // gazetteer name ("Tadmur")
  std::string country;    // CAMEO/ISO3 country code ("SYR")
  std::string country2;   // ISO 3166-1 alpha-2 ("SY"), used by GDELT geography columns
  std::string adm1;       // first-level admin code when known
  double lat = 0;
  double lon = 0;
  int64_t geonameid = 0;  // 0 for places from our own regions file
  std::string feature;    // GeoNames feature class+code ("P.PPLC") or "REGION"/"SITE"
};

struct PlaceMention {
  TokenRange range;
  std::string text;
  Place place;
};

// Who an event is attributed to ("according to X", "X reported").
struct Attribution {
  std::string text;
  Span span;
};

// One side of an event.
struct EventActor {
  std::string text;  // the words in the sentence
  Span span;
  ActorRef actor;
};

struct EventPlace {
  std::string text;
  Place place;
};

// A coded event with its evidence.
struct Event {
  uint32_t sentence = 0;
  Span evidence;                 // the words that carry the event (source … trigger … target)
  Span trigger;                  // the verb or noun phrase that selected the code
  std::string trigger_text;
  std::optional<EventActor> source;
  std::optional<EventActor> target;
  std::string code;              // CAMEO event code, "042"
  std::string root;              // first two digits, "04"
  std::string label;             // "Make a visit"
  int quad_class = 0;            // 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material
  double goldstein = 0;
  std::string plover;            // PLOVER category, "CONSULT"
  bool negated = false;
  bool hedged = false;
  std::string negation_cue;      // the words that made it negated/hedged, for `annotate`
  std::string hedge_cue;
  std::optional<Attribution> attributed_to;
  std::string date;              // resolved date of the event, empty when unknown
  std::string date_precision;    // "day", "week", "month", "year", empty when unknown
  std::string date_text;         // the words that gave the date, empty when from the document
  std::optional<EventPlace> place;
  // What the event is about, when the text says it: the words after "on", "about", "over",
  // "regarding" attached to the trigger, or the object of "discussed" ("military cooperation",
  // "the Gaza ceasefire", "Iran's nuclear program"). Empty when none.
  std::string topic;
  Span topic_span;
};

// Everything the pipeline learned about one document.
struct Analysis {
  std::vector<Sentence> sentences;
  std::vector<Token> tokens;
  std::vector<EntityMention> entities;
  std::vector<ActorMention> actors;
  std::vector<DateMention> dates;
  std::vector<PlaceMention> places;
  std::vector<Event> events;
  std::optional<Attribution> document_attribution;  // a closing "Attribution:" line
  std::vector<std::string> notes;                    // e.g. "document date unknown: ..."

  std::string_view sentence_text(const std::string& text, uint32_t sentence_idx) const {
    const Span& span = sentences[sentence_idx].span;
    return std::string_view(text).substr(span.begin, span.end - span.begin);
  }
};

// What merging across reports says of a stored event: the happening it is one mention of, with
// GDELT's counts (docs/database.md, "Across reports"). `merged_id` is 0 for events not stored and
// for negated events, which are never merged (they did not happen).
struct MergeInfo {
  int64_t merged_id = 0;
  int64_t num_mentions = 0;   // events merged into the happening
  int64_t num_sources = 0;    // independent sources: publishers, a near-duplicate group counting once
  int64_t num_articles = 0;   // distinct documents
  std::string first_seen;     // earliest and latest publication date of those documents
  std::string last_seen;
};

// An event with the document facts that exports need. `id` is 0 for events not stored.
struct EventRecord {
  int64_t id = 0;
  std::string doc_id;
  std::string doc_date;
  std::string doc_source;
  std::string doc_url;
  std::string sentence_text;
  Event event;
  MergeInfo merge;
};

}  // namespace chronicle
