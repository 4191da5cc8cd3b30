// Chronicle: the embedded SQLite store (schema in docs/database.md).
//
// Every statement is prepared and every value bound, including query filters, so nothing a user
// types can change the SQL. The full event is kept as its contract JSON (event_to_json) beside
// flat columns used for filtering and ordering; reading rebuilds EventRecords from that JSON, so
// adding a field to the event contract needs no migration.
#include <nlohmann/json.hpp>
#include <sqlite3.h>
#include <xxhash.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <ctime>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "chronicle/export.h"
#include "store/internal.h"

namespace chronicle {
namespace {

constexpr int32_t kApplicationId = 0x4348524E;  // 'CHRN'

// Numbered migrations: entry N-1 takes a database from user_version N-1 to N. Later schema changes
// append entries; existing entries never change, since databases in the field already ran them.
constexpr std::array<std::string_view, 3> kMigrations = {
    R"sql(
CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  doc_id TEXT NOT NULL,
  path TEXT NOT NULL,
  title TEXT NOT NULL,
  date TEXT NOT NULL,
  source TEXT NOT NULL,
  url TEXT NOT NULL,
  format TEXT NOT NULL,
  text TEXT NOT NULL,
  content_hash TEXT NOT NULL UNIQUE,
  added_at TEXT NOT NULL
);
CREATE TABLE sentences (
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  begin INTEGER NOT NULL,
  end INTEGER NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (document_id, idx)
);
CREATE TABLE actor_mentions (
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  sentence INTEGER NOT NULL,
  begin INTEGER NOT NULL,
  end INTEGER NOT NULL,
  text TEXT NOT NULL,
  code TEXT NOT NULL,
  country TEXT NOT NULL,
  sector TEXT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  role TEXT NOT NULL,
  actor_id TEXT NOT NULL
);
CREATE INDEX actor_mentions_document ON actor_mentions(document_id);
CREATE INDEX actor_mentions_code ON actor_mentions(code);
CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  sentence INTEGER NOT NULL,
  code TEXT NOT NULL,
  root TEXT NOT NULL,
  quad_class INTEGER NOT NULL,
  goldstein REAL NOT NULL,
  source_code TEXT,
  source_country TEXT,
  source_name TEXT,
  target_code TEXT,
  target_country TEXT,
  target_name TEXT,
  date TEXT,
  date_precision TEXT,
  place_name TEXT,
  place_country TEXT,
  negated INTEGER NOT NULL,
  hedged INTEGER NOT NULL,
  evidence_begin INTEGER NOT NULL,
  evidence_end INTEGER NOT NULL,
  json TEXT NOT NULL
);
CREATE INDEX events_date ON events(date);
CREATE INDEX events_code ON events(code);
CREATE INDEX events_root ON events(root);
CREATE INDEX events_source_code ON events(source_code);
CREATE INDEX events_target_code ON events(target_code);
CREATE INDEX events_document ON events(document_id);
)sql",
    // 2: full-text search over sentences and over actor names and mention words (FTS5, kept in
    // step by triggers; Chronicle never VACUUMs, so the rowids the indexes refer to stay put), and
    // a covering index for the actor list (code, then what a summary reads), which otherwise reads
    // whole rows of the largest table.
    R"sql(
CREATE VIRTUAL TABLE sentences_fts USING fts5(text, content='sentences', content_rowid='rowid',
                                              tokenize='unicode61 remove_diacritics 2');
INSERT INTO sentences_fts(sentences_fts) VALUES ('rebuild');
CREATE TRIGGER sentences_fts_insert AFTER INSERT ON sentences BEGIN
  INSERT INTO sentences_fts(rowid, text) VALUES (new.rowid, new.text);
END;
CREATE TRIGGER sentences_fts_delete AFTER DELETE ON sentences BEGIN
  INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
END;
CREATE INDEX actor_mentions_summary ON actor_mentions(code, country, sector, document_id, name);
CREATE VIRTUAL TABLE actor_mentions_fts USING fts5(name, text, content='actor_mentions',
                                                   content_rowid='rowid',
                                                   tokenize='unicode61 remove_diacritics 2');
INSERT INTO actor_mentions_fts(actor_mentions_fts) VALUES ('rebuild');
CREATE TRIGGER actor_mentions_fts_insert AFTER INSERT ON actor_mentions BEGIN
  INSERT INTO actor_mentions_fts(rowid, name, text) VALUES (new.rowid, new.name, new.text);
END;
CREATE TRIGGER actor_mentions_fts_delete AFTER DELETE ON actor_mentions BEGIN
  INSERT INTO actor_mentions_fts(actor_mentions_fts, rowid, name, text)
  VALUES ('delete', old.rowid, old.name, old.text);
END;
)sql",
    // 3: across reports (docs/database.md, "Across reports"). Near-duplicate groups from stored
    // MinHash signatures; events merged into happenings with GDELT's counts; the actor registry.
    // Store::open fills these for what an older file already holds (Impl::backfill).
    R"sql(
CREATE TABLE document_signatures (
  document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  shingles INTEGER NOT NULL,
  numbers INTEGER NOT NULL,
  minhash BLOB NOT NULL
);
ALTER TABLE documents ADD COLUMN duplicate_group INTEGER;
CREATE INDEX documents_duplicate_group ON documents(duplicate_group);
CREATE TABLE merge_items (
  event_id INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  bucket TEXT NOT NULL,
  key TEXT NOT NULL,
  code TEXT NOT NULL,
  date TEXT NOT NULL,
  date_precision TEXT NOT NULL,
  dated_by TEXT NOT NULL,
  lat REAL,
  lon REAL
);
CREATE INDEX merge_items_bucket ON merge_items(bucket);
CREATE INDEX merge_items_document ON merge_items(document_id);
CREATE TABLE merged_events (
  id INTEGER PRIMARY KEY,
  bucket TEXT NOT NULL,
  key TEXT NOT NULL,
  representative INTEGER NOT NULL,
  code TEXT NOT NULL,
  root TEXT NOT NULL,
  quad_class INTEGER NOT NULL,
  goldstein REAL NOT NULL,
  source_code TEXT,
  target_code TEXT,
  date TEXT,
  date_precision TEXT,
  place_name TEXT,
  num_mentions INTEGER NOT NULL,
  num_sources INTEGER NOT NULL,
  num_articles INTEGER NOT NULL,
  first_seen TEXT,
  last_seen TEXT
);
CREATE UNIQUE INDEX merged_events_bucket_key ON merged_events(bucket, key);
CREATE INDEX merged_events_date ON merged_events(date);
CREATE INDEX merged_events_sources ON merged_events(num_sources);
ALTER TABLE events ADD COLUMN merged_id INTEGER;
CREATE INDEX events_merged ON events(merged_id);
-- Every event listing's order (kEventOrder): a whole-database listing reads this index instead of
-- sorting every event's JSON (200 ms to 130 ms over 20,000 events).
CREATE INDEX events_order ON events(date IS NULL, date, document_id, sentence, evidence_begin, id);
CREATE TABLE actors (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  name_key TEXT NOT NULL,
  code TEXT NOT NULL,
  country TEXT NOT NULL,
  sector TEXT NOT NULL,
  dictionary_id TEXT NOT NULL,
  mentions INTEGER NOT NULL DEFAULT 0,
  documents INTEGER NOT NULL DEFAULT 0,
  events INTEGER NOT NULL DEFAULT 0,
  first_seen TEXT,
  last_seen TEXT,
  updated INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX actors_mentions ON actors(mentions);
CREATE INDEX actors_country ON actors(country, mentions);
CREATE INDEX actors_name_key ON actors(name_key);
CREATE INDEX actors_code ON actors(code);
CREATE INDEX actors_people_updated ON actors(updated) WHERE kind = 'person' AND dictionary_id = '';
CREATE TABLE actor_names (
  registry_id INTEGER NOT NULL REFERENCES actors(id),
  name TEXT NOT NULL,
  key TEXT NOT NULL,
  mentions INTEGER NOT NULL,
  first_seen TEXT,
  last_seen TEXT,
  PRIMARY KEY (registry_id, name)
) WITHOUT ROWID;
CREATE INDEX actor_names_key ON actor_names(key);
CREATE TABLE actor_person_keys (
  country TEXT NOT NULL,
  probe TEXT NOT NULL,
  registry_id INTEGER NOT NULL REFERENCES actors(id),
  key TEXT NOT NULL,
  PRIMARY KEY (country, probe, registry_id, key)
) WITHOUT ROWID;
CREATE INDEX actor_person_keys_probe ON actor_person_keys(probe);
CREATE TABLE actor_codes (
  registry_id INTEGER NOT NULL REFERENCES actors(id),
  code TEXT NOT NULL,
  mentions INTEGER NOT NULL,
  first_seen TEXT,
  last_seen TEXT,
  PRIMARY KEY (registry_id, code)
) WITHOUT ROWID;
CREATE TABLE actor_roles (
  registry_id INTEGER NOT NULL REFERENCES actors(id),
  role TEXT NOT NULL,
  code TEXT NOT NULL,
  mentions INTEGER NOT NULL,
  first_seen TEXT,
  last_seen TEXT,
  PRIMARY KEY (registry_id, role, code)
) WITHOUT ROWID;
CREATE TABLE actor_documents (
  registry_id INTEGER NOT NULL REFERENCES actors(id),
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  date TEXT,
  mentions INTEGER NOT NULL,
  PRIMARY KEY (registry_id, document_id)
) WITHOUT ROWID;
CREATE INDEX actor_documents_date ON actor_documents(registry_id, date);
CREATE INDEX actor_documents_document ON actor_documents(document_id);
CREATE TABLE actor_events (
  registry_id INTEGER NOT NULL REFERENCES actors(id),
  side INTEGER NOT NULL,
  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  PRIMARY KEY (registry_id, side, event_id)
) WITHOUT ROWID;
CREATE INDEX actor_events_event ON actor_events(event_id, side, registry_id);
ALTER TABLE actor_mentions ADD COLUMN registry_id INTEGER;
CREATE INDEX actor_mentions_registry ON actor_mentions(registry_id);
-- The query commands (issue 5). `stats` groups documents by the month of their date, read from
-- this index instead of from rows that hold the texts; the actor network groups source -> target
-- pairs from a covering index (a scan of events reads every event's JSON); its nodes take their
-- commonest name from the named mentions only.
CREATE INDEX documents_date ON documents(date);
CREATE INDEX events_network ON events(source_code, target_code, quad_class, goldstein);
CREATE INDEX actor_mentions_named ON actor_mentions(code, name) WHERE name != '';
)sql",
};
static_assert(kMigrations.size() == Store::kSchemaVersion,
              "every schema version needs exactly one migration");
// xxh3-128 of doc_id + '\0' + text, as 32 hex digits: the same content under the same id is one
// document however often it is ingested.
std::string content_hash(const Document& document) {
  XXH3_state_t* state = XXH3_createState();
  XXH3_128bits_reset(state);
  XXH3_128bits_update(state, document.id.data(), document.id.size());
  const char separator = '\0';
  XXH3_128bits_update(state, &separator, 1);
  XXH3_128bits_update(state, document.text.data(), document.text.size());
  XXH128_hash_t hash = XXH3_128bits_digest(state);
  XXH3_freeState(state);
  XXH128_canonical_t canonical;
  XXH128_canonicalFromHash(&canonical, hash);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char byte : canonical.digest) {
    out += kHex[byte >> 4];
    out += kHex[byte & 0xF];
  }
  return out;
}

std::string utc_now() {
  std::time_t now = std::time(nullptr);
  std::tm parts{};
  gmtime_r(&now, &parts);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return buffer;
}

std::string_view cut(std::string_view text, Span span) {
  size_t begin = std::min<size_t>(span.begin, text.size());
  size_t end = std::min<size_t>(std::max(span.begin, span.end), text.size());
  return text.substr(begin, end - begin);
}

// The sentence an actor mention belongs to: its first token's, else the sentence whose span
// holds its first byte.
int64_t mention_sentence(const Analysis& analysis, const ActorMention& mention) {
  if (mention.range.first_token < analysis.tokens.size()) {
    return analysis.tokens[mention.range.first_token].sentence;
  }
  for (size_t sentence_idx = 0; sentence_idx < analysis.sentences.size(); ++sentence_idx) {
    const Span& span = analysis.sentences[sentence_idx].span;
    if (mention.range.span.begin >= span.begin && mention.range.span.begin < span.end) {
      return static_cast<int64_t>(sentence_idx);
    }
  }
  return 0;
}

}  // namespace

Status Store::Impl::migrate(int64_t* from) {
  *from = -1;
  for (;;) {
    auto version = single_integer("PRAGMA user_version", "reading the schema version");
    if (!version.ok()) return version.error();
    if (*from < 0) *from = version.value();
    if (version.value() >= kSchemaVersion) return Status::Ok();
    // BEGIN IMMEDIATE takes the write lock before re-reading the version, so two processes
    // opening a new database at once cannot both run a migration.
    if (Status status = exec("BEGIN IMMEDIATE", "starting a migration"); !status.ok()) {
      return status;
    }
    Transaction transaction(db);
    auto locked = single_integer("PRAGMA user_version", "reading the schema version");
    if (!locked.ok()) return locked.error();
    if (locked.value() >= kSchemaVersion) continue;  // another process migrated meanwhile
    int64_t next = locked.value() + 1;
    std::string label = "migrating to schema " + std::to_string(next);
    std::string sql(kMigrations[static_cast<size_t>(locked.value())]);
    // Pragmas take no bound parameters; both values are constants of this file.
    sql += "PRAGMA user_version = " + std::to_string(next) + ";";
    sql += "PRAGMA application_id = " + std::to_string(kApplicationId) + ";";
    if (Status status = exec(sql.c_str(), label); !status.ok()) return status;
    if (Status status = exec("COMMIT", label); !status.ok()) return status;
    transaction.committed();
  }
}

Result<std::unique_ptr<Store>> Store::open(const std::string& path) {
  std::unique_ptr<Store> store(new Store());
  store->impl_ = std::make_unique<Impl>();
  Impl& impl = *store->impl_;
  impl.path = path;
  int rc = sqlite3_open_v2(path.c_str(), &impl.db,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                           nullptr);
  if (rc != SQLITE_OK) {
    std::string reason = impl.db ? sqlite3_errmsg(impl.db) : sqlite3_errstr(rc);
    return Error(path + ": cannot open database: " + reason);
  }
  sqlite3_extended_result_codes(impl.db, 1);
  // Waits for another writer (a second `chronicle ingest`) instead of failing at once.
  sqlite3_busy_timeout(impl.db, 5000);

  // Identify the file before changing anything in it: a foreign database must not be switched to
  // WAL or given our tables.
  auto application_id = impl.single_integer("PRAGMA application_id", "reading the file header");
  if (!application_id.ok()) {
    return Error(path + " is not a Chronicle database (" + application_id.error().message() + ")");
  }
  auto objects = impl.single_integer("SELECT count(*) FROM sqlite_schema", "listing tables");
  if (!objects.ok()) {
    return Error(path + " is not a Chronicle database (" + objects.error().message() + ")");
  }
  if (application_id.value() != kApplicationId && objects.value() > 0) {
    return Error(path + " is not a Chronicle database");
  }
  auto version = impl.single_integer("PRAGMA user_version", "reading the schema version");
  if (!version.ok()) return version.error();
  if (version.value() > kSchemaVersion) {
    return Error(path + " was written by a newer Chronicle (schema " +
                 std::to_string(version.value()) + ", this build reads up to " +
                 std::to_string(kSchemaVersion) + ")");
  }

  // WAL lets readers (queries, exports) run while an ingest writes; NORMAL sync is safe with WAL.
  auto journal = impl.exec("PRAGMA journal_mode=WAL", "setting the journal mode");
  if (!journal.ok()) return Error(journal.message());
  for (const char* pragma : {"PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON"}) {
    if (Status status = impl.exec(pragma, pragma); !status.ok()) return Error(status.message());
  }
  int64_t from_version = 0;
  if (Status status = impl.migrate(&from_version); !status.ok()) return Error(status.message());
  // A file from before schema 3 holds documents whose groups, merges and registry entries the
  // migration's SQL cannot compute; C++ fills them once, in one transaction.
  if (from_version > 0 && from_version < 3) {
    if (Status status = impl.backfill_across_reports(); !status.ok()) {
      return Error(status.message());
    }
  }
  // Mentions stored before the actor registry (schema < 3) get their entries; cheap when none.
  if (Status status = impl.backfill_registry(); !status.ok()) return Error(status.message());
  return store;
}

Store::~Store() = default;

Result<bool> Store::Impl::add(const Document& document, const Analysis& analysis) {
  if (Status status = exec("BEGIN IMMEDIATE", "starting to add " + document.id); !status.ok()) {
    return Error(status.message());
  }
  Transaction transaction(db);
  const std::string context = "adding " + document.id;

  Statement insert_document;
  if (Status s = prepare(
          "INSERT INTO documents (doc_id, path, title, date, source, url, format, text, "
          "content_hash, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
          "ON CONFLICT (content_hash) DO NOTHING",
          insert_document, context);
      !s.ok()) {
    return Error(s.message());
  }
  const std::string hash = content_hash(document);
  Binder document_values(insert_document.get());
  document_values.text(document.id)
      .text(document.path)
      .text(document.title)
      .text(document.date)
      .text(document.source)
      .text(document.url)
      .text(document.format)
      .text(document.text)
      .text(hash)
      .text(utc_now());
  if (Status s = run(insert_document, document_values, context + ": document"); !s.ok()) {
    return Error(s.message());
  }
  if (sqlite3_changes(db) == 0) return false;  // same content already stored; rolls back
  const int64_t document_row = sqlite3_last_insert_rowid(db);

  Statement insert_sentence;
  if (Status s = prepare(
          "INSERT INTO sentences (document_id, idx, begin, end, text) VALUES (?, ?, ?, ?, ?)",
          insert_sentence, context);
      !s.ok()) {
    return Error(s.message());
  }
  for (size_t sentence_idx = 0; sentence_idx < analysis.sentences.size(); ++sentence_idx) {
    const Span& span = analysis.sentences[sentence_idx].span;
    sqlite3_reset(insert_sentence.get());
    Binder values(insert_sentence.get());
    values.integer(document_row)
        .integer(static_cast<int64_t>(sentence_idx))
        .integer(span.begin)
        .integer(span.end)
        .text(cut(document.text, span));
    if (Status s = run(insert_sentence, values, context + ": sentence " +
                                                    std::to_string(sentence_idx));
        !s.ok()) {
      return Error(s.message());
    }
  }

  Statement insert_mention;
  if (Status s = prepare(
          "INSERT INTO actor_mentions (document_id, sentence, begin, end, text, code, country, "
          "sector, name, kind, role, actor_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          insert_mention, context);
      !s.ok()) {
    return Error(s.message());
  }
  for (const ActorMention& mention : analysis.actors) {
    sqlite3_reset(insert_mention.get());
    Binder values(insert_mention.get());
    values.integer(document_row)
        .integer(mention_sentence(analysis, mention))
        .integer(mention.range.span.begin)
        .integer(mention.range.span.end)
        .text(mention.text)
        .text(mention.actor.code)
        .text(mention.actor.country)
        .text(mention.actor.sector)
        .text(mention.actor.name)
        .text(mention.kind)
        .text(mention.role)
        .text(mention.actor_id);
    if (Status s = run(insert_mention, values, context + ": actor mention"); !s.ok()) {
      return Error(s.message());
    }
  }

  Statement insert_event;
  if (Status s = prepare(
          "INSERT INTO events (document_id, sentence, code, root, quad_class, goldstein, "
          "source_code, source_country, source_name, target_code, target_country, target_name, "
          "date, date_precision, place_name, place_country, negated, hedged, evidence_begin, "
          "evidence_end, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
          "?, ?)",
          insert_event, context);
      !s.ok()) {
    return Error(s.message());
  }
  std::vector<int64_t> event_rows;
  event_rows.reserve(analysis.events.size());
  for (const Event& event : analysis.events) {
    EventRecord record;
    record.doc_id = document.id;
    record.doc_date = document.date;
    record.doc_source = document.source;
    record.doc_url = document.url;
    if (event.sentence < analysis.sentences.size()) {
      record.sentence_text = cut(document.text, analysis.sentences[event.sentence].span);
    }
    record.event = event;

    sqlite3_reset(insert_event.get());
    Binder values(insert_event.get());
    values.integer(document_row)
        .integer(event.sentence)
        .text(event.code)
        .text(event.root)
        .integer(event.quad_class)
        .real(event.goldstein);
    for (const auto* side : {&event.source, &event.target}) {
      values.text_or_null(*side ? (*side)->actor.code : "")
          .text_or_null(*side ? (*side)->actor.country : "")
          .text_or_null(*side ? (*side)->actor.name : "");
    }
    values.text_or_null(event.date)
        .text_or_null(event.date.empty() ? "" : event.date_precision)
        .text_or_null(event.place ? event.place->place.name : "")
        .text_or_null(event.place ? event.place->place.country : "")
        .integer(event.negated ? 1 : 0)
        .integer(event.hedged ? 1 : 0)
        .integer(event.evidence.begin)
        .integer(event.evidence.end)
        .text(event_to_json(record));
    if (Status s = run(insert_event, values, context + ": event " + event.code); !s.ok()) {
      return Error(s.message());
    }
    event_rows.push_back(sqlite3_last_insert_rowid(db));
  }
  if (Status s = link_registry(document_row, document.date); !s.ok()) return Error(s.message());

  DuplicateSignature signature;
  if (Status s = add_across_reports(document_row, hash, document, analysis, event_rows, &signature);
      !s.ok()) {
    return Error(s.message());
  }
  if (Status s = exec("COMMIT", "committing " + document.id); !s.ok()) return Error(s.message());
  transaction.committed();
  signature_committed(document_row, signature);
  return true;
}

// Appends the WHERE clause for `query` to `sql` and its values to `parameters`, in order.
bool Store::Impl::event_conditions(const EventQuery& query, std::string& sql,
                                   std::vector<std::string>& parameters) {
  std::vector<std::string> conditions;
  if (query.representatives_only) {
    conditions.push_back("e.id IN (SELECT representative FROM merged_events)");
  }
  if (!query.actor.empty()) {
    conditions.push_back(
        "(e.source_code LIKE ? ESCAPE '\\' OR e.target_code LIKE ? ESCAPE '\\' OR "
        "e.source_name LIKE ? ESCAPE '\\' OR e.target_name LIKE ? ESCAPE '\\')");
    std::string prefix = like_literal(query.actor) + "%";
    std::string substring = "%" + like_literal(query.actor) + "%";
    parameters.insert(parameters.end(), {prefix, prefix, substring, substring});
  }
  if (!query.actor_code.empty()) {
    conditions.push_back("(e.source_code = ? OR e.target_code = ?)");
    parameters.insert(parameters.end(), {query.actor_code, query.actor_code});
  }
  if (!query.code.empty()) {
    if (query.code.back() == '*') {
      conditions.push_back("e.code LIKE ? ESCAPE '\\'");
      parameters.push_back(like_literal(query.code.substr(0, query.code.size() - 1)) + "%");
    } else {
      conditions.push_back("e.code = ?");
      parameters.push_back(query.code);
    }
  }
  if (!query.root.empty()) {
    conditions.push_back("e.root = ?");
    parameters.push_back(query.root);
  }
  // Undated events have date NULL, so either comparison leaves them out.
  if (!query.from.empty()) {
    conditions.push_back("e.date >= ?");
    parameters.push_back(query.from);
  }
  if (!query.to.empty()) {
    conditions.push_back("e.date <= ?");
    parameters.push_back(query.to);
  }
  if (!query.place.empty()) {
    conditions.push_back("e.place_name LIKE ? ESCAPE '\\'");
    parameters.push_back("%" + like_literal(query.place) + "%");
  }
  if (!query.between_a.empty() && !query.between_b.empty()) {
    // Each side as `actor` matches: a code prefix, or a name substring.
    auto side = [](std::string_view column) {
      std::string out = "(e.";
      out += column;
      out += "_code LIKE ? ESCAPE '\\' OR e.";
      out += column;
      out += "_name LIKE ? ESCAPE '\\')";
      return out;
    };
    conditions.push_back("((" + side("source") + " AND " + side("target") + ") OR (" +
                         side("source") + " AND " + side("target") + "))");
    auto prefix = [](const std::string& actor) { return like_literal(actor) + "%"; };
    auto substring = [](const std::string& actor) {
      std::string out = "%";  // built in steps: gcc 12 warns (-Wrestrict) on "%" + s + "%"
      out += like_literal(actor);
      out += '%';
      return out;
    };
    const std::string& a = query.between_a;
    const std::string& b = query.between_b;
    parameters.insert(parameters.end(), {prefix(a), substring(a), prefix(b), substring(b),
                                         prefix(b), substring(b), prefix(a), substring(a)});
  }
  if (query.quad_class != 0) {
    conditions.push_back("e.quad_class = CAST(? AS INTEGER)");
    parameters.push_back(std::to_string(query.quad_class));
  }
  if (query.min_sources > 0) {
    // Never-merged events have merged_id NULL, so no row of merged_events answers for them.
    conditions.push_back(
        "EXISTS (SELECT 1 FROM merged_events ms WHERE ms.id = e.merged_id AND "
        "ms.num_sources >= CAST(? AS INTEGER))");
    parameters.push_back(std::to_string(query.min_sources));
  }
  if (query.hedged) {
    conditions.push_back("e.hedged = CAST(? AS INTEGER)");
    parameters.push_back(*query.hedged ? "1" : "0");
  }
  if (query.negated) {
    conditions.push_back("e.negated = CAST(? AS INTEGER)");
    parameters.push_back(*query.negated ? "1" : "0");
  }
  if (!query.text.empty()) {
    conditions.push_back(
        "EXISTS (SELECT 1 FROM sentences s WHERE s.document_id = e.document_id AND "
        "s.idx = e.sentence AND s.rowid IN (SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?))");
    parameters.push_back(fts_phrase(query.text));
  }
  if (query.document != 0) {
    // Bound as text; SQLite's integer affinity on the column compares it as a number.
    conditions.push_back("e.document_id = CAST(? AS INTEGER)");
    parameters.push_back(std::to_string(query.document));
  }
  for (size_t condition_idx = 0; condition_idx < conditions.size(); ++condition_idx) {
    sql += condition_idx == 0 ? " WHERE " : " AND ";
    sql += conditions[condition_idx];
  }
  return !conditions.empty();
}

Status Store::Impl::select_events(
    const EventQuery& query,
    const std::function<void(EventRecord&&, int64_t document)>& callback) const {
  std::string sql(kEventSelect);
  std::vector<std::string> parameters;
  if (query.limit == 0 && query.offset == 0) {
    event_conditions(query, sql, parameters);
    sql += kEventOrder;
    sql += " LIMIT ? OFFSET ?";
  } else {
    // A page: order and cut the narrow rows first, then read the JSON of the page's rows only,
    // so a late page does not sort every event's JSON.
    sql += " WHERE e.id IN (SELECT e.id FROM events e";
    event_conditions(query, sql, parameters);
    sql += kEventOrder;
    sql += " LIMIT ? OFFSET ?)";
    sql += kEventOrder;
  }

  Statement stmt;
  if (Status status = prepare(sql, stmt, "querying events"); !status.ok()) return status;
  Binder binder(stmt.get());
  for (const std::string& parameter : parameters) binder.text(parameter);
  binder.integer(query.limit == 0 ? -1 : static_cast<int64_t>(query.limit));
  binder.integer(static_cast<int64_t>(query.offset));
  if (binder.status() != SQLITE_OK) return error("querying events");

  EventJsonReader reader;
  for (;;) {
    int rc = sqlite3_step(stmt.get());
    if (rc == SQLITE_DONE) return Status::Ok();
    if (rc != SQLITE_ROW) return error("querying events");
    EventRecord value;
    if (Status status = read_event_row(stmt.get(), path, &value, &reader); !status.ok()) {
      return status;
    }
    callback(std::move(value), sqlite3_column_int64(stmt.get(), 6));
  }
}

Result<bool> Store::add(const Document& document, const Analysis& analysis) {
  return impl_->add(document, analysis);
}

Result<std::vector<EventRecord>> Store::events(const EventQuery& query) const {
  std::vector<EventRecord> records;
  Status status = impl_->select_events(
      query, [&records](EventRecord&& record, int64_t) { records.push_back(std::move(record)); });
  if (!status.ok()) return Error(status.message());
  return records;
}

Status Store::for_each_event(const std::function<void(const EventRecord&)>& callback) const {
  return for_each_event(EventQuery{}, callback);
}

Status Store::for_each_event(const EventQuery& query,
                             const std::function<void(const EventRecord&)>& callback) const {
  return impl_->select_events(query,
                              [&callback](const EventRecord& record, int64_t) { callback(record); });
}

Status Store::for_each_document(
    const std::function<void(int64_t row_id, const Document& document)>& callback) const {
  Statement stmt;
  if (Status status = impl_->prepare(
          "SELECT id, doc_id, path, title, date, source, url, format, text FROM documents "
          "ORDER BY id",
          stmt, "reading documents");
      !status.ok()) {
    return status;
  }
  Document document;
  for (;;) {
    int rc = sqlite3_step(stmt.get());
    if (rc == SQLITE_DONE) return Status::Ok();
    if (rc != SQLITE_ROW) return impl_->error("reading documents");
    document.id = column_text(stmt.get(), 1);
    document.path = column_text(stmt.get(), 2);
    document.title = column_text(stmt.get(), 3);
    document.date = column_text(stmt.get(), 4);
    document.source = column_text(stmt.get(), 5);
    document.url = column_text(stmt.get(), 6);
    document.format = column_text(stmt.get(), 7);
    document.text = column_text(stmt.get(), 8);
    callback(sqlite3_column_int64(stmt.get(), 0), document);
  }
}

namespace store_internal {

Status read_event_row(sqlite3_stmt* stmt, const std::string& path, EventRecord* record,
                      EventJsonReader* reader) {
  int64_t event_id = sqlite3_column_int64(stmt, 0);
  const char* json = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 1));
  std::string_view text(json ? json : "", json ? static_cast<size_t>(sqlite3_column_bytes(stmt, 1)) : 0);
  auto parsed = reader ? reader->read(text) : event_from_json(text);
  if (!parsed.ok()) {
    return Error(path + ": stored event " + std::to_string(event_id) + ": " +
                 parsed.error().message());
  }
  *record = std::move(parsed).value();
  record->id = event_id;
  record->doc_id = column_text(stmt, 2);
  record->doc_date = column_text(stmt, 3);
  record->doc_source = column_text(stmt, 4);
  record->doc_url = column_text(stmt, 5);
  record->merge.merged_id = sqlite3_column_int64(stmt, 7);  // 0 for NULL: not merged
  record->merge.num_mentions = sqlite3_column_int64(stmt, 8);
  record->merge.num_sources = sqlite3_column_int64(stmt, 9);
  record->merge.num_articles = sqlite3_column_int64(stmt, 10);
  record->merge.first_seen = column_text(stmt, 11);
  record->merge.last_seen = column_text(stmt, 12);
  return Status::Ok();
}

std::string column_text(sqlite3_stmt* stmt, int column) {
  const unsigned char* text = sqlite3_column_text(stmt, column);
  if (!text) return {};
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<size_t>(sqlite3_column_bytes(stmt, column)));
}

std::string fts_phrase(std::string_view value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string like_literal(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace store_internal
}  // namespace chronicle
