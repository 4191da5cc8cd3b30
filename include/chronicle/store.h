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

 private:
  Store() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace chronicle
