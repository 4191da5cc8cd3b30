// Chronicle: the embedded SQLite store.
//
// Schema (docs/database.md): documents, sentences, actor_mentions, events. The file is
// marked with PRAGMA application_id = 0x4348524E ('CHRN') and user_version = schema version; a
// database from a newer Chronicle, or a file that is not a Chronicle database, is refused with a
// clear message. Not thread-safe: one Store per thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "chronicle/document.h"
#include "chronicle/known_people.h"
#include "chronicle/status.h"

namespace chronicle {

// Filters for stored events; empty fields do not filter.
struct EventQuery {
  std::string actor;  // CAMEO code prefix ("RUS", "RUSMIL") or a name substring, either side
  std::string code;   // exact CAMEO event code, or a prefix when it ends with '*'
  std::string root;   // two-digit root
  std::string from;   // event date >= from ("YYYY-MM-DD")
  std::string to;     // event date <= to
  std::string place;  // place name substring
  // Between two actors: one side matches `between_a` and the other `between_b`, in either
  // direction, each matched as `actor` is (code prefix or name substring). Applies only when both
  // are non-empty.
  std::string between_a;
  std::string between_b;
  int quad_class = 0;  // 1 verbal cooperation .. 4 material conflict; 0 = any
  // The event's merged happening was reported by at least this many independent sources
  // (merged_events.num_sources). Events never merged (merged_id NULL: negated events, or events
  // stored before merging) fail any value >= 1. 0 = any.
  int64_t min_sources = 0;
  // Flags: true keeps only events with the flag, false only events without it, empty either.
  std::optional<bool> hedged;
  std::optional<bool> negated;
  // One event per merged happening: the mention that stands for it (merged_events.representative),
  // for GDELT's event table. Events never merged are left out.
  bool representatives_only = false;
  size_t limit = 0;   // 0 = no limit
  // Filters used by the browsing queries below (the HTTP server); the CLI leaves them empty.
  std::string actor_code;  // exact CAMEO actor code on either side ("RUSMIL")
  std::string text;        // the event's sentence contains this text (ASCII case-insensitive)
  int64_t document = 0;    // stored document row id (StoredEvent::document); 0 = any
  size_t offset = 0;       // skip this many matches (with `limit`, for paging)
};

struct StoreCounts {
  int64_t documents = 0;
  int64_t sentences = 0;
  int64_t actor_mentions = 0;
  int64_t events = 0;
};

// An event with the row id of its stored document, for linking an event to its report.
struct StoredEvent {
  int64_t document = 0;
  EventRecord record;
};

// Actors as stored in actor_mentions, grouped by CAMEO code. `name` is the most frequent
// canonical name among the code's mentions (empty when none was known).
struct ActorSummary {
  std::string code;
  std::string name;
  std::string country;
  std::string sector;
  int64_t mentions = 0;
  int64_t documents = 0;
};
struct ActorQuery {
  // Codes with at least one mention whose code starts with this, or whose canonical name or text
  // has these words in order (FTS5: whole words, case- and accent-insensitive); each listed with
  // all its mentions.
  std::string text;
  size_t limit = 50;
  size_t offset = 0;
};
// One actor in depth: names it was given, event counts by side and quad class, counterparts.
struct ActorProfile {
  ActorSummary summary;
  std::vector<std::pair<std::string, int64_t>> names;  // mention texts with counts, commonest first
  int64_t events_as_source = 0;
  int64_t events_as_target = 0;
  int64_t quad_counts[4] = {0, 0, 0, 0};  // events either side, by quad class 1..4
  double mean_goldstein = 0;
  std::vector<std::pair<std::string, int64_t>> counterparts;  // codes met in events, commonest first
};

struct DocumentSummary {
  int64_t id = 0;  // row id
  std::string doc_id;
  std::string title;
  std::string date;
  std::string source;
  std::string url;
  std::string format;
  int64_t bytes = 0;
  int64_t events = 0;
};
struct DocumentQuery {
  std::string text;  // title or document id contains
  std::string from;  // document date >= from
  std::string to;    // document date <= to
  size_t limit = 50;
  size_t offset = 0;
};
struct StoredSentence {
  int64_t index = 0;
  Span span;
};
struct StoredActorMention {
  int64_t sentence = 0;
  Span span;
  std::string text;
  ActorRef actor;
  std::string kind;
  std::string role;
};
struct StoredDocument {
  DocumentSummary summary;
  std::string text;
  std::vector<StoredSentence> sentences;
  std::vector<StoredActorMention> mentions;  // in text order
};

// Events on one date ("YYYY-MM-DD", day precision only) of one quad class.
struct DateCount {
  std::string date;
  int quad_class = 0;
  int64_t events = 0;
};
// Events from one actor code to another.
struct ActorEdge {
  std::string source;
  std::string target;
  int64_t events = 0;
  int64_t quad_counts[4] = {0, 0, 0, 0};
  double mean_goldstein = 0;
};
// Events at one resolved place.
struct PlaceCount {
  std::string name;
  std::string country;
  double lat = 0;
  double lon = 0;
  int64_t events = 0;
  int64_t quad_counts[4] = {0, 0, 0, 0};
  double mean_goldstein = 0;
};
// Sentences containing a text.
struct SentenceQuery {
  std::string text;
  size_t limit = 50;
  size_t offset = 0;
};
struct SentenceHit {
  int64_t document = 0;
  std::string doc_id;
  std::string title;
  std::string date;
  int64_t index = 0;
  Span span;
  std::string text;
  int64_t events = 0;  // events coded in this sentence
};
struct StoreStats {
  StoreCounts counts;
  std::string first_date;  // earliest and latest day-precision event dates, empty when none
  std::string last_date;
  int64_t quad_counts[4] = {0, 0, 0, 0};
  int64_t negated = 0;
  int64_t hedged = 0;
  int64_t undated = 0;
  int64_t with_place = 0;
  std::vector<std::pair<std::string, int64_t>> roots;  // CAMEO root codes with counts
};

// One row of a timeline (`chronicle timeline`): an event with its evidence. Grouped by happening,
// the row is the mention of its merged event that the earliest report gave (documents.date,
// unknown dates last), among the mentions matching the query; `record.merge` has the happening's
// counts over every report (0 when the event was never merged, and then the row is that event).
struct TimelineEntry {
  StoredEvent event;
  Span sentence;              // the evidence sentence's byte span in its document
  std::string evidence_text;  // the evidence span's words (event.evidence), cut from the sentence
  int64_t matched_mentions = 1;  // mentions of this happening matching the query (1 when listing
                                 // every mention)
};

// Actors of a network: every code at either end of an edge, by code.
struct ActorNode {
  std::string code;
  std::string name;      // the commonest canonical name among the code's mentions; may be empty
  int64_t mentions = 0;  // actor mentions of the code in the whole database
  int64_t events = 0;    // events on the network's edges touching it (either side)
};
struct ActorNetwork {
  std::vector<ActorNode> nodes;
  std::vector<ActorEdge> edges;  // as actor_network returns them
};

// What the database holds in one month. Rows are keyed by the month of the *document* date
// (publication: known for nearly every report, and the one date that documents, sentences,
// mentions and events all share, so the rows add up to the totals); `events_by_event_date` counts
// separately the events whose own date (day or month precision) falls in the month, which for
// events reported late or looking back differs from the publication month.
struct MonthStats {
  std::string month;  // "YYYY-MM"; empty for documents without a date (and their contents)
  int64_t documents = 0;
  int64_t sentences = 0;
  int64_t events = 0;
  int64_t actors = 0;             // distinct actor codes mentioned (coded mentions only)
  int64_t events_with_place = 0;  // events with a resolved place
  int64_t places = 0;             // distinct resolved places (name and country) of those events
  int64_t events_by_event_date = 0;
};
struct MonthlyStats {
  std::vector<MonthStats> months;  // in month order, the undated row (month "") last
  MonthStats total;                // month empty; distinct counts over the whole database
};

// ---- The actor registry (docs/database.md, "Actor registry"): one record per actor across
// reports, which every stored actor mention belongs to (actor_mentions.registry_id). Identity: a
// dictionary actor by its dictionary id; a person the dictionary lacks by name and country,
// spelling variants included ("Abu Kasra" is "Murhaf Abu Qasra"); an unknown organisation by name
// and country; any other mention (a country, a capital, a sector of a country: "Syrian troops")
// by its CAMEO code.
struct RegistryActor {
  int64_t id = 0;
  std::string kind;  // "person", "organisation", "group", "country" or "sector" (SYRMIL, GOV)
  std::string name;  // canonical: the dictionary's, the fullest spelling of a person's name, or
                     // the commonest words for a code
  std::string code;  // CAMEO code of the latest report (a person's current role)
  std::string country;
  std::string sector;
  std::string dictionary_id;  // the actor dictionary's id, empty for actors read from reports
  int64_t mentions = 0;
  int64_t documents = 0;
  int64_t events = 0;      // events with it on one side
  std::string first_seen;  // earliest and latest date of a document naming it; empty when none
  std::string last_seen;   // of them had a date
};
struct RegistryQuery {
  std::string country;  // CAMEO country code ("SYR"); empty = any
  // A spelling of its name contains this (compared as name keys: case, accents, q/k and doubled
  // letters do not matter), or, when it is upper case, its code starts with it. Empty = any.
  std::string text;
  std::string kind;  // RegistryActor::kind; empty = any
  size_t limit = 50;  // 0 = no limit
  size_t offset = 0;
};
// A value an actor had over a span of document dates: a code, a role ("defence minister" with the
// code that went with it), a spelling of its name.
struct RegistrySpell {
  std::string value;
  std::string code;  // roles only
  int64_t mentions = 0;
  std::string first_seen;
  std::string last_seen;
};
struct RegistryDocument {
  int64_t id = 0;  // row id
  std::string doc_id;
  std::string title;
  std::string date;
  int64_t mentions = 0;  // of the actor in it
};
// Another actor met in events: `to` events went from the profiled actor to it, `from` the other
// way.
struct RegistryCounterpart {
  RegistryActor actor;
  int64_t to = 0;
  int64_t from = 0;
};
struct RegistryProfile {
  RegistryActor actor;
  std::vector<RegistrySpell> codes;  // codes over time, by first date
  std::vector<RegistrySpell> roles;  // titles read with a person's name, by first date
  std::vector<RegistrySpell> names;  // spellings seen, commonest first
  std::vector<RegistryDocument> recent_documents;  // latest first
  int64_t events_as_source = 0;
  int64_t events_as_target = 0;
  std::vector<std::pair<std::string, int64_t>> roots;  // CAMEO roots of its events, by root
  std::vector<RegistryCounterpart> counterparts;       // most events first
  std::vector<StoredEvent> timeline;                   // its latest events, in date order
};
struct RegistryProfileOptions {
  size_t names = 0;  // 0 = every spelling
  size_t documents = 5;
  size_t counterparts = 10;
  size_t timeline = 20;
};
// People the registry learnt from reports (not from the dictionary), for Engine::analyze.
// `revision` is the registry's revision they bring the caller to: pass it back to
// Store::known_people to read only the people added or changed since.
struct KnownPeopleUpdate {
  std::vector<KnownPerson> people;
  int64_t revision = 0;
};

class Store {
 public:
  static constexpr int kSchemaVersion = 3;
  // Opens or creates the database.
  static Result<std::unique_ptr<Store>> open(const std::string& path);
  ~Store();

  // Stores one document and its analysis in a single transaction. Returns false (and stores
  // nothing) when a document with the same content hash is already stored.
  Result<bool> add(const Document& document, const Analysis& analysis);

  // Events matching the query, ordered by date, document and position.
  Result<std::vector<EventRecord>> events(const EventQuery& query) const;
  // Streams every event in order (for exports over large databases).
  Status for_each_event(const std::function<void(const EventRecord&)>& callback) const;
  // Streams the events matching `query` in the same order.
  Status for_each_event(const EventQuery& query,
                        const std::function<void(const EventRecord&)>& callback) const;
  // Streams every stored document (metadata and text) with its row id, in row order, for passes
  // over the whole database such as near-duplicate detection (`chronicle duplicates`).
  Status for_each_document(
      const std::function<void(int64_t row_id, const Document& document)>& callback) const;
  Result<StoreCounts> counts() const;

  // ---- Read-only browsing queries (the HTTP server). Every filter value is bound, never pasted
  // into SQL. Limits are the caller's to cap; a limit of 0 means none.
  // Events matching `query` (paged by limit/offset), with their document's row id.
  Result<std::vector<StoredEvent>> event_page(const EventQuery& query) const;
  // How many events match `query` (limit and offset ignored).
  Result<int64_t> count_events(const EventQuery& query) const;
  // One event by id; an empty optional when there is none.
  Result<std::optional<StoredEvent>> event(int64_t id) const;
  // Actors by number of mentions, most first; and how many match.
  Result<std::vector<ActorSummary>> actors(const ActorQuery& query) const;
  Result<int64_t> count_actors(const ActorQuery& query) const;
  Result<std::optional<ActorProfile>> actor_profile(const std::string& code) const;
  // Mention counts of the given actor codes (codes never mentioned are left out).
  Result<std::vector<std::pair<std::string, int64_t>>> mention_counts(
      const std::vector<std::string>& codes) const;
  // Documents by date then row id; and how many match.
  Result<std::vector<DocumentSummary>> documents(const DocumentQuery& query) const;
  Result<int64_t> count_documents(const DocumentQuery& query) const;
  Result<std::optional<StoredDocument>> document(int64_t id) const;
  // Event counts per day and quad class for the events matching `query`, in date order.
  Result<std::vector<DateCount>> event_dates(const EventQuery& query) const;
  // Source→target edges of the events matching `query`, most events first, at most `limit`.
  Result<std::vector<ActorEdge>> actor_network(const EventQuery& query, size_t limit) const;
  // Places of the events matching `query`, most events first, at most `limit`.
  Result<std::vector<PlaceCount>> event_places(const EventQuery& query, size_t limit) const;
  // Sentences containing `query.text` (ASCII case-insensitive, LIKE), in document order.
  Result<std::vector<SentenceHit>> search_sentences(const SentenceQuery& query) const;
  Result<int64_t> count_sentences(const SentenceQuery& query) const;
  Result<StoreStats> stats() const;

  // ---- The query commands (`chronicle timeline`, `network`, `stats`; the server may share them).
  // The events matching `query` in timeline order (dated first by event date, then as `events`),
  // paged by its limit/offset. Unless `every_mention`, the mentions of one merged happening are
  // one row (TimelineEntry); events never merged are a row each.
  Result<std::vector<TimelineEntry>> timeline(const EventQuery& query, bool every_mention) const;
  // actor_network(query, limit) with its nodes.
  Result<ActorNetwork> network(const EventQuery& query, size_t limit) const;
  // Documents, sentences, events, actors and places per month, and in total.
  Result<MonthlyStats> monthly_stats() const;

  // ---- The actor registry (`chronicle actors`, `chronicle actor`).
  // Registry actors matching `query`, most mentioned first; and how many match.
  Result<std::vector<RegistryActor>> registry_actors(const RegistryQuery& query) const;
  Result<int64_t> count_registry_actors(const RegistryQuery& query) const;
  // The actors `name` may mean, most mentioned first (at most `limit`): the entry of a CAMEO code
  // ("SYRMIL") or a dictionary id; else those with a spelling whose key equals the name's, the
  // one with it as canonical name alone when there is one; else people whose name agrees as a
  // spelling variant ("Abu Kasra"); else those with a spelling containing it.
  Result<std::vector<RegistryActor>> find_registry_actors(const std::string& name,
                                                          size_t limit = 20) const;
  // One registry actor in depth; an empty optional when there is no such id.
  Result<std::optional<RegistryProfile>> registry_profile(
      int64_t id, const RegistryProfileOptions& options = {}) const;
  // People registered from reports (with a country) whose record changed after `since_revision`
  // (0: all), for Engine::analyze (chronicle ingest).
  Result<KnownPeopleUpdate> known_people(int64_t since_revision = 0) const;

 private:
  Store() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace chronicle
