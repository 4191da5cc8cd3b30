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
#include "chronicle/store.h"

namespace chronicle {
namespace {

constexpr int32_t kApplicationId = 0x4348524E;  // 'CHRN'

// Numbered migrations: entry N-1 takes a database from user_version N-1 to N. Later schema changes
// append entries; existing entries never change, since databases in the field already ran them.
constexpr std::array<std::string_view, 2> kMigrations = {
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
};
static_assert(kMigrations.size() == Store::kSchemaVersion,
              "every schema version needs exactly one migration");

// Owns one prepared statement.
class Statement {
 public:
  Statement() = default;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() { sqlite3_finalize(stmt_); }
  sqlite3_stmt** out() { return &stmt_; }
  sqlite3_stmt* get() const { return stmt_; }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

// Binds values to consecutive parameters; the first failure is remembered.
class Binder {
 public:
  explicit Binder(sqlite3_stmt* stmt) : stmt_(stmt) {}
  Binder& text(std::string_view value) {
    note(sqlite3_bind_text(stmt_, ++index_, value.data(), static_cast<int>(value.size()),
                           SQLITE_TRANSIENT));
    return *this;
  }
  // NULL for an empty value: used for optional facts (no target, no date) so that filters and
  // ordering treat them as unknown rather than as the empty string.
  Binder& text_or_null(std::string_view value) {
    if (value.empty()) {
      note(sqlite3_bind_null(stmt_, ++index_));
      return *this;
    }
    return text(value);
  }
  Binder& integer(int64_t value) {
    note(sqlite3_bind_int64(stmt_, ++index_, value));
    return *this;
  }
  Binder& real(double value) {
    note(sqlite3_bind_double(stmt_, ++index_, value));
    return *this;
  }
  int status() const { return status_; }

 private:
  void note(int rc) {
    if (status_ == SQLITE_OK) status_ = rc;
  }
  sqlite3_stmt* stmt_;
  int index_ = 0;
  int status_ = SQLITE_OK;
};

std::string column_text(sqlite3_stmt* stmt, int column) {
  const unsigned char* text = sqlite3_column_text(stmt, column);
  if (!text) return {};
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<size_t>(sqlite3_column_bytes(stmt, column)));
}

// The user's words as one FTS5 phrase: the words in this order, whatever characters they hold
// (double quotes doubled), never FTS5 query syntax.
std::string fts_phrase(std::string_view value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// Escapes LIKE wildcards so user text matches literally (with ESCAPE '\').
std::string like_literal(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

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

// The columns every event read selects, in this order.
constexpr std::string_view kEventSelect =
    "SELECT e.id, e.json, d.doc_id, d.date, d.source, d.url, e.document_id "
    "FROM events e JOIN documents d ON d.id = e.document_id";
// Undated events sort after dated ones; within a date, by document, position and insertion.
constexpr std::string_view kEventOrder =
    " ORDER BY e.date IS NULL, e.date, e.document_id, e.sentence, e.evidence_begin, e.id";

}  // namespace

struct Store::Impl {
  sqlite3* db = nullptr;
  std::string path;

  ~Impl() { sqlite3_close_v2(db); }

  Error error(std::string_view operation) const {
    return Error(path + ": " + std::string(operation) + ": " + sqlite3_errmsg(db));
  }

  Status exec(const char* sql, std::string_view operation) const {
    if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) return error(operation);
    return Status::Ok();
  }

  Status prepare(std::string_view sql, Statement& stmt, std::string_view operation) const {
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), stmt.out(), nullptr) !=
        SQLITE_OK) {
      return error(operation);
    }
    return Status::Ok();
  }

  // Runs a statement that returns one integer (a pragma or a count).
  Result<int64_t> single_integer(std::string_view sql, std::string_view operation) const {
    Statement stmt;
    if (Status status = prepare(sql, stmt, operation); !status.ok()) return Error(status.message());
    if (sqlite3_step(stmt.get()) != SQLITE_ROW) return error(operation);
    return static_cast<int64_t>(sqlite3_column_int64(stmt.get(), 0));
  }

  // Runs a prepared, bound statement that returns no rows.
  Status run(Statement& stmt, const Binder& binder, std::string_view operation) const {
    if (binder.status() != SQLITE_OK) return error(operation);
    if (sqlite3_step(stmt.get()) != SQLITE_DONE) return error(operation);
    return Status::Ok();
  }

  Status migrate();
  Result<bool> add(const Document& document, const Analysis& analysis);
  // Runs a read-only statement binding `texts` then `integers` to its parameters in order, and
  // calls `on_row` for each row.
  Status rows(std::string_view sql, const std::vector<std::string>& texts,
              const std::vector<int64_t>& integers, std::string_view operation,
              const std::function<void(sqlite3_stmt*)>& on_row) const {
    Statement stmt;
    if (Status status = prepare(sql, stmt, operation); !status.ok()) return status;
    Binder binder(stmt.get());
    for (const std::string& text : texts) binder.text(text);
    for (int64_t integer : integers) binder.integer(integer);
    if (binder.status() != SQLITE_OK) return error(operation);
    for (;;) {
      int rc = sqlite3_step(stmt.get());
      if (rc == SQLITE_DONE) return Status::Ok();
      if (rc != SQLITE_ROW) return error(operation);
      on_row(stmt.get());
    }
  }
  Result<int64_t> count(std::string_view sql, const std::vector<std::string>& texts,
                        std::string_view operation) const {
    int64_t value = 0;
    Status status = rows(sql, texts, {}, operation,
                         [&value](sqlite3_stmt* stmt) { value = sqlite3_column_int64(stmt, 0); });
    if (!status.ok()) return Error(status.message());
    return value;
  }

  // Appends " WHERE a AND b ..." for the query's filters; returns whether it wrote a WHERE.
  static bool event_conditions(const EventQuery& query, std::string& sql,
                               std::vector<std::string>& parameters);
  Status select_events(const EventQuery& query,
                       const std::function<void(const EventRecord&, int64_t document)>& callback)
      const;
};

// Rolls back unless committed, so every early return leaves the database as it was.
class Transaction {
 public:
  explicit Transaction(sqlite3* db) : db_(db) {}
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() {
    if (db_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  void committed() { db_ = nullptr; }

 private:
  sqlite3* db_;
};

Status Store::Impl::migrate() {
  for (;;) {
    auto version = single_integer("PRAGMA user_version", "reading the schema version");
    if (!version.ok()) return version.error();
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
  if (Status status = impl.migrate(); !status.ok()) return Error(status.message());
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
  Binder document_values(insert_document.get());
  document_values.text(document.id)
      .text(document.path)
      .text(document.title)
      .text(document.date)
      .text(document.source)
      .text(document.url)
      .text(document.format)
      .text(document.text)
      .text(content_hash(document))
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
  }

  if (Status s = exec("COMMIT", "committing " + document.id); !s.ok()) return Error(s.message());
  transaction.committed();
  return true;
}

// Appends the WHERE clause for `query` to `sql` and its values to `parameters`, in order.
bool Store::Impl::event_conditions(const EventQuery& query, std::string& sql,
                                   std::vector<std::string>& parameters) {
  std::vector<std::string> conditions;
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
    const std::function<void(const EventRecord&, int64_t document)>& callback) const {
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

  for (;;) {
    int rc = sqlite3_step(stmt.get());
    if (rc == SQLITE_DONE) return Status::Ok();
    if (rc != SQLITE_ROW) return error("querying events");
    int64_t event_id = sqlite3_column_int64(stmt.get(), 0);
    auto record = event_from_json(column_text(stmt.get(), 1));
    if (!record.ok()) {
      return Error(path + ": stored event " + std::to_string(event_id) + ": " +
                   record.error().message());
    }
    EventRecord& value = record.value();
    value.id = event_id;
    value.doc_id = column_text(stmt.get(), 2);
    value.doc_date = column_text(stmt.get(), 3);
    value.doc_source = column_text(stmt.get(), 4);
    value.doc_url = column_text(stmt.get(), 5);
    callback(value, sqlite3_column_int64(stmt.get(), 6));
  }
}

Result<bool> Store::add(const Document& document, const Analysis& analysis) {
  return impl_->add(document, analysis);
}

Result<std::vector<EventRecord>> Store::events(const EventQuery& query) const {
  std::vector<EventRecord> records;
  Status status = impl_->select_events(
      query, [&records](const EventRecord& record, int64_t) { records.push_back(record); });
  if (!status.ok()) return Error(status.message());
  return records;
}

Status Store::for_each_event(const std::function<void(const EventRecord&)>& callback) const {
  return impl_->select_events(EventQuery{},
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

Result<StoreCounts> Store::counts() const {
  Statement stmt;
  if (Status status = impl_->prepare(
          "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM sentences), "
          "(SELECT count(*) FROM actor_mentions), (SELECT count(*) FROM events)",
          stmt, "counting rows");
      !status.ok()) {
    return Error(status.message());
  }
  if (sqlite3_step(stmt.get()) != SQLITE_ROW) return impl_->error("counting rows");
  StoreCounts counts;
  counts.documents = sqlite3_column_int64(stmt.get(), 0);
  counts.sentences = sqlite3_column_int64(stmt.get(), 1);
  counts.actor_mentions = sqlite3_column_int64(stmt.get(), 2);
  counts.events = sqlite3_column_int64(stmt.get(), 3);
  return counts;
}

// ---- browsing queries ---------------------------------------------------------------------------

namespace {

int64_t limit_value(size_t limit) { return limit == 0 ? -1 : static_cast<int64_t>(limit); }

Span column_span(sqlite3_stmt* stmt, int begin_column) {
  return Span{static_cast<uint32_t>(sqlite3_column_int64(stmt, begin_column)),
              static_cast<uint32_t>(sqlite3_column_int64(stmt, begin_column + 1))};
}

// The columns that count events by quad class and average their Goldstein scores, in this order.
constexpr std::string_view kQuadColumns =
    "count(*), sum(e.quad_class = 1), sum(e.quad_class = 2), sum(e.quad_class = 3), "
    "sum(e.quad_class = 4), avg(e.goldstein)";

void read_quads(sqlite3_stmt* stmt, int first_column, int64_t& events, int64_t (&quads)[4],
                double& mean_goldstein) {
  events = sqlite3_column_int64(stmt, first_column);
  for (int quad_idx = 0; quad_idx < 4; ++quad_idx) {
    quads[quad_idx] = sqlite3_column_int64(stmt, first_column + 1 + quad_idx);
  }
  mean_goldstein = sqlite3_column_double(stmt, first_column + 5);
}

// Actor filter: code prefix, or name / mention text substring.
void actor_conditions(const ActorQuery& query, std::string& sql,
                      std::vector<std::string>& parameters) {
  if (query.text.empty()) return;
  // A code prefix ("RUS"), or the words of a name or of the mention's text, in order (FTS5: whole
  // words, case- and accent-insensitive; a substring scan of every mention was too slow on large
  // stores).
  sql +=
      " WHERE (code LIKE ? ESCAPE '\\' OR rowid IN (SELECT rowid FROM actor_mentions_fts WHERE "
      "actor_mentions_fts MATCH ?))";
  parameters.insert(parameters.end(), {like_literal(query.text) + "%", fts_phrase(query.text)});
}

void document_conditions(const DocumentQuery& query, std::string& sql,
                         std::vector<std::string>& parameters) {
  std::vector<std::string> conditions;
  if (!query.text.empty()) {
    conditions.push_back("(d.title LIKE ? ESCAPE '\\' OR d.doc_id LIKE ? ESCAPE '\\')");
    std::string substring = "%" + like_literal(query.text) + "%";
    parameters.insert(parameters.end(), {substring, substring});
  }
  if (!query.from.empty()) {
    conditions.push_back("d.date >= ?");
    parameters.push_back(query.from);
  }
  if (!query.to.empty()) {
    conditions.push_back("d.date <= ?");
    parameters.push_back(query.to);
  }
  for (size_t condition_idx = 0; condition_idx < conditions.size(); ++condition_idx) {
    sql += condition_idx == 0 ? " WHERE " : " AND ";
    sql += conditions[condition_idx];
  }
}

constexpr std::string_view kDocumentColumns =
    "d.id, d.doc_id, d.title, d.date, d.source, d.url, d.format, length(CAST(d.text AS BLOB)), "
    "(SELECT count(*) FROM events e WHERE e.document_id = d.id)";

DocumentSummary read_document(sqlite3_stmt* stmt) {
  DocumentSummary summary;
  summary.id = sqlite3_column_int64(stmt, 0);
  summary.doc_id = column_text(stmt, 1);
  summary.title = column_text(stmt, 2);
  summary.date = column_text(stmt, 3);
  summary.source = column_text(stmt, 4);
  summary.url = column_text(stmt, 5);
  summary.format = column_text(stmt, 6);
  summary.bytes = sqlite3_column_int64(stmt, 7);
  summary.events = sqlite3_column_int64(stmt, 8);
  return summary;
}

}  // namespace

Result<std::vector<StoredEvent>> Store::event_page(const EventQuery& query) const {
  std::vector<StoredEvent> events;
  Status status =
      impl_->select_events(query, [&events](const EventRecord& record, int64_t document) {
        events.push_back(StoredEvent{document, record});
      });
  if (!status.ok()) return Error(status.message());
  return events;
}

Result<int64_t> Store::count_events(const EventQuery& query) const {
  std::string sql = "SELECT count(*) FROM events e";
  std::vector<std::string> parameters;
  Impl::event_conditions(query, sql, parameters);
  return impl_->count(sql, parameters, "counting events");
}

Result<std::optional<StoredEvent>> Store::event(int64_t id) const {
  std::string sql(kEventSelect);
  sql += " WHERE e.id = ?";
  std::optional<StoredEvent> found;
  std::string failure;
  Status status = impl_->rows(sql, {}, {id}, "reading event", [&](sqlite3_stmt* stmt) {
    auto record = event_from_json(column_text(stmt, 1));
    if (!record.ok()) {
      failure = "stored event " + std::to_string(id) + ": " + record.error().message();
      return;
    }
    StoredEvent event{sqlite3_column_int64(stmt, 6), std::move(record).value()};
    event.record.id = id;
    event.record.doc_id = column_text(stmt, 2);
    event.record.doc_date = column_text(stmt, 3);
    event.record.doc_source = column_text(stmt, 4);
    event.record.doc_url = column_text(stmt, 5);
    found = std::move(event);
  });
  if (!status.ok()) return Error(status.message());
  if (!failure.empty()) return Error(impl_->path + ": " + failure);
  return found;
}

Result<std::vector<ActorSummary>> Store::actors(const ActorQuery& query) const {
  // Two steps: the page of codes by mention count comes from the code index alone (grouping whole
  // rows of a large actor_mentions table costs ten times more); then each code of the page reads
  // its country, sector, documents and commonest name through the same index.
  std::string sql = "SELECT code, count(*) FROM actor_mentions";
  std::vector<std::string> parameters;
  if (!query.text.empty()) {
    std::string matching = "SELECT code FROM actor_mentions";
    actor_conditions(query, matching, parameters);
    sql += " WHERE code IN (" + matching + ")";
  }
  sql += " GROUP BY code ORDER BY count(*) DESC, code LIMIT ? OFFSET ?";
  std::vector<ActorSummary> actors;
  Status status = impl_->rows(
      sql, parameters, {limit_value(query.limit), static_cast<int64_t>(query.offset)},
      "listing actors", [&actors](sqlite3_stmt* stmt) {
        ActorSummary actor;
        actor.code = column_text(stmt, 0);
        actor.mentions = sqlite3_column_int64(stmt, 1);
        actors.push_back(std::move(actor));
      });
  if (!status.ok()) return Error(status.message());
  for (ActorSummary& actor : actors) {
    Status details = impl_->rows(
        "SELECT max(country), max(sector), count(DISTINCT document_id), "
        "(SELECT name FROM actor_mentions WHERE code = ?1 AND name != '' GROUP BY name "
        "ORDER BY count(*) DESC, name LIMIT 1) FROM actor_mentions WHERE code = ?1",
        {actor.code}, {}, "describing actors", [&actor](sqlite3_stmt* stmt) {
          actor.country = column_text(stmt, 0);
          actor.sector = column_text(stmt, 1);
          actor.documents = sqlite3_column_int64(stmt, 2);
          actor.name = column_text(stmt, 3);
        });
    if (!details.ok()) return Error(details.message());
  }
  return actors;
}

Result<int64_t> Store::count_actors(const ActorQuery& query) const {
  std::string sql = "SELECT count(DISTINCT code) FROM actor_mentions";
  std::vector<std::string> parameters;
  actor_conditions(query, sql, parameters);
  return impl_->count(sql, parameters, "counting actors");
}

Result<std::optional<ActorProfile>> Store::actor_profile(const std::string& code) const {
  std::optional<ActorProfile> profile;
  Status status = impl_->rows(
      "SELECT code, max(country), max(sector), count(*), count(DISTINCT document_id) "
      "FROM actor_mentions WHERE code = ? GROUP BY code",
      {code}, {}, "reading actor", [&profile](sqlite3_stmt* stmt) {
        profile.emplace();
        profile->summary.code = column_text(stmt, 0);
        profile->summary.country = column_text(stmt, 1);
        profile->summary.sector = column_text(stmt, 2);
        profile->summary.mentions = sqlite3_column_int64(stmt, 3);
        profile->summary.documents = sqlite3_column_int64(stmt, 4);
      });
  if (!status.ok()) return Error(status.message());
  if (!profile) return profile;
  ActorProfile& actor = *profile;
  status = impl_->rows(
      "SELECT CASE WHEN name != '' THEN name ELSE text END AS label, count(*) FROM actor_mentions "
      "WHERE code = ? GROUP BY label ORDER BY count(*) DESC, label LIMIT 12",
      {code}, {}, "naming actor", [&actor](sqlite3_stmt* stmt) {
        actor.names.emplace_back(column_text(stmt, 0), sqlite3_column_int64(stmt, 1));
      });
  if (!status.ok()) return Error(status.message());
  if (!actor.names.empty()) {
    // The commonest canonical name, when the code has one.
    Status named = impl_->rows(
        "SELECT name FROM actor_mentions WHERE code = ? AND name != '' GROUP BY name "
        "ORDER BY count(*) DESC, name LIMIT 1",
        {code}, {}, "naming actor",
        [&actor](sqlite3_stmt* stmt) { actor.summary.name = column_text(stmt, 0); });
    if (!named.ok()) return Error(named.message());
  }
  std::string sql = "SELECT sum(e.source_code = ?), sum(e.target_code = ?), ";
  sql += kQuadColumns;
  sql += " FROM events e WHERE e.source_code = ? OR e.target_code = ?";
  status = impl_->rows(sql, {code, code, code, code}, {}, "counting actor events",
                       [&actor](sqlite3_stmt* stmt) {
                         actor.events_as_source = sqlite3_column_int64(stmt, 0);
                         actor.events_as_target = sqlite3_column_int64(stmt, 1);
                         int64_t events = 0;
                         read_quads(stmt, 2, events, actor.quad_counts, actor.mean_goldstein);
                       });
  if (!status.ok()) return Error(status.message());
  status = impl_->rows(
      "SELECT other, count(*) FROM ("
      "SELECT target_code AS other FROM events WHERE source_code = ? AND target_code IS NOT NULL "
      "UNION ALL "
      "SELECT source_code AS other FROM events WHERE target_code = ? AND source_code IS NOT NULL) "
      "WHERE other != ? GROUP BY other ORDER BY count(*) DESC, other LIMIT 20",
      {code, code, code}, {}, "listing counterparts", [&actor](sqlite3_stmt* stmt) {
        actor.counterparts.emplace_back(column_text(stmt, 0), sqlite3_column_int64(stmt, 1));
      });
  if (!status.ok()) return Error(status.message());
  return profile;
}

Result<std::vector<std::pair<std::string, int64_t>>> Store::mention_counts(
    const std::vector<std::string>& codes) const {
  // The codes travel as one bound JSON array, expanded by json_each: one statement for any count.
  nlohmann::json list = codes;
  std::vector<std::pair<std::string, int64_t>> counts;
  Status status = impl_->rows(
      "SELECT code, count(*) FROM actor_mentions WHERE code IN (SELECT value FROM json_each(?)) "
      "GROUP BY code",
      {list.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)}, {},
      "counting actor mentions", [&counts](sqlite3_stmt* stmt) {
        counts.emplace_back(column_text(stmt, 0), sqlite3_column_int64(stmt, 1));
      });
  if (!status.ok()) return Error(status.message());
  return counts;
}

Result<std::vector<DocumentSummary>> Store::documents(const DocumentQuery& query) const {
  std::string sql = "SELECT ";
  sql += kDocumentColumns;
  sql += " FROM documents d";
  std::vector<std::string> parameters;
  document_conditions(query, sql, parameters);
  sql += " ORDER BY d.date, d.id LIMIT ? OFFSET ?";
  std::vector<DocumentSummary> documents;
  Status status =
      impl_->rows(sql, parameters, {limit_value(query.limit), static_cast<int64_t>(query.offset)},
                  "listing documents",
                  [&documents](sqlite3_stmt* stmt) { documents.push_back(read_document(stmt)); });
  if (!status.ok()) return Error(status.message());
  return documents;
}

Result<int64_t> Store::count_documents(const DocumentQuery& query) const {
  std::string sql = "SELECT count(*) FROM documents d";
  std::vector<std::string> parameters;
  document_conditions(query, sql, parameters);
  return impl_->count(sql, parameters, "counting documents");
}

Result<std::optional<StoredDocument>> Store::document(int64_t id) const {
  std::optional<StoredDocument> found;
  std::string sql = "SELECT ";
  sql += kDocumentColumns;
  sql += ", d.text FROM documents d WHERE d.id = ?";
  Status status = impl_->rows(sql, {}, {id}, "reading document", [&found](sqlite3_stmt* stmt) {
    found.emplace();
    found->summary = read_document(stmt);
    found->text = column_text(stmt, 9);
  });
  if (!status.ok()) return Error(status.message());
  if (!found) return found;
  status = impl_->rows("SELECT idx, begin, end FROM sentences WHERE document_id = ? ORDER BY idx",
                       {}, {id}, "reading sentences", [&found](sqlite3_stmt* stmt) {
                         found->sentences.push_back(
                             StoredSentence{sqlite3_column_int64(stmt, 0), column_span(stmt, 1)});
                       });
  if (!status.ok()) return Error(status.message());
  status = impl_->rows(
      "SELECT sentence, begin, end, text, code, country, sector, name, kind, role "
      "FROM actor_mentions WHERE document_id = ? ORDER BY begin, end",
      {}, {id}, "reading actor mentions", [&found](sqlite3_stmt* stmt) {
        StoredActorMention mention;
        mention.sentence = sqlite3_column_int64(stmt, 0);
        mention.span = column_span(stmt, 1);
        mention.text = column_text(stmt, 3);
        mention.actor = ActorRef{column_text(stmt, 4), column_text(stmt, 5), column_text(stmt, 6),
                                 column_text(stmt, 7)};
        mention.kind = column_text(stmt, 8);
        mention.role = column_text(stmt, 9);
        found->mentions.push_back(std::move(mention));
      });
  if (!status.ok()) return Error(status.message());
  return found;
}

Result<std::vector<DateCount>> Store::event_dates(const EventQuery& query) const {
  std::string sql = "SELECT e.date, e.quad_class, count(*) FROM events e";
  std::vector<std::string> parameters;
  sql += Impl::event_conditions(query, sql, parameters) ? " AND " : " WHERE ";
  sql += "e.date_precision = 'day' GROUP BY e.date, e.quad_class ORDER BY e.date, e.quad_class";
  std::vector<DateCount> counts;
  Status status = impl_->rows(sql, parameters, {}, "counting events by date",
                              [&counts](sqlite3_stmt* stmt) {
                                counts.push_back(DateCount{
                                    column_text(stmt, 0),
                                    static_cast<int>(sqlite3_column_int64(stmt, 1)),
                                    sqlite3_column_int64(stmt, 2)});
                              });
  if (!status.ok()) return Error(status.message());
  return counts;
}

Result<std::vector<ActorEdge>> Store::actor_network(const EventQuery& query, size_t limit) const {
  std::string sql = "SELECT e.source_code, e.target_code, ";
  sql += kQuadColumns;
  sql += " FROM events e";
  std::vector<std::string> parameters;
  sql += Impl::event_conditions(query, sql, parameters) ? " AND " : " WHERE ";
  sql +=
      "e.source_code IS NOT NULL AND e.target_code IS NOT NULL AND e.source_code != e.target_code "
      "GROUP BY e.source_code, e.target_code ORDER BY count(*) DESC, e.source_code, e.target_code "
      "LIMIT ?";
  std::vector<ActorEdge> edges;
  Status status = impl_->rows(sql, parameters, {limit_value(limit)}, "building the actor network",
                              [&edges](sqlite3_stmt* stmt) {
                                ActorEdge edge;
                                edge.source = column_text(stmt, 0);
                                edge.target = column_text(stmt, 1);
                                read_quads(stmt, 2, edge.events, edge.quad_counts,
                                           edge.mean_goldstein);
                                edges.push_back(std::move(edge));
                              });
  if (!status.ok()) return Error(status.message());
  return edges;
}

Result<std::vector<PlaceCount>> Store::event_places(const EventQuery& query, size_t limit) const {
  // Coordinates live in the event JSON only; every event at one named place has the same ones.
  std::string sql =
      "SELECT e.place_name, e.place_country, json_extract(max(e.json), '$.place.lat'), "
      "json_extract(max(e.json), '$.place.lon'), ";
  sql += kQuadColumns;
  sql += " FROM events e";
  std::vector<std::string> parameters;
  sql += Impl::event_conditions(query, sql, parameters) ? " AND " : " WHERE ";
  sql +=
      "e.place_name IS NOT NULL GROUP BY e.place_name, e.place_country "
      "ORDER BY count(*) DESC, e.place_name LIMIT ?";
  std::vector<PlaceCount> places;
  Status status = impl_->rows(sql, parameters, {limit_value(limit)}, "listing event places",
                              [&places](sqlite3_stmt* stmt) {
                                PlaceCount place;
                                place.name = column_text(stmt, 0);
                                place.country = column_text(stmt, 1);
                                place.lat = sqlite3_column_double(stmt, 2);
                                place.lon = sqlite3_column_double(stmt, 3);
                                read_quads(stmt, 4, place.events, place.quad_counts,
                                           place.mean_goldstein);
                                places.push_back(std::move(place));
                              });
  if (!status.ok()) return Error(status.message());
  return places;
}

Result<std::vector<SentenceHit>> Store::search_sentences(const SentenceQuery& query) const {
  std::vector<SentenceHit> hits;
  Status status = impl_->rows(
      "SELECT s.document_id, d.doc_id, d.title, d.date, s.idx, s.begin, s.end, s.text, "
      "(SELECT count(*) FROM events e WHERE e.document_id = s.document_id AND "
      "e.sentence = s.idx) FROM sentences s JOIN documents d ON d.id = s.document_id "
      "WHERE s.rowid IN (SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?) "
      "ORDER BY d.date, s.document_id, s.idx LIMIT ? OFFSET ?",
      {fts_phrase(query.text)},
      {limit_value(query.limit), static_cast<int64_t>(query.offset)}, "searching sentences",
      [&hits](sqlite3_stmt* stmt) {
        SentenceHit hit;
        hit.document = sqlite3_column_int64(stmt, 0);
        hit.doc_id = column_text(stmt, 1);
        hit.title = column_text(stmt, 2);
        hit.date = column_text(stmt, 3);
        hit.index = sqlite3_column_int64(stmt, 4);
        hit.span = column_span(stmt, 5);
        hit.text = column_text(stmt, 7);
        hit.events = sqlite3_column_int64(stmt, 8);
        hits.push_back(std::move(hit));
      });
  if (!status.ok()) return Error(status.message());
  return hits;
}

Result<int64_t> Store::count_sentences(const SentenceQuery& query) const {
  return impl_->count("SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH ?", {fts_phrase(query.text)},
                      "counting sentences");
}

Result<StoreStats> Store::stats() const {
  StoreStats stats;
  auto counts = this->counts();
  if (!counts.ok()) return counts.error();
  stats.counts = counts.value();
  Status status = impl_->rows(
      "SELECT min(CASE WHEN date_precision = 'day' THEN date END), "
      "max(CASE WHEN date_precision = 'day' THEN date END), sum(quad_class = 1), "
      "sum(quad_class = 2), sum(quad_class = 3), sum(quad_class = 4), sum(negated), sum(hedged), "
      "sum(date IS NULL), sum(place_name IS NOT NULL) FROM events",
      {}, {}, "summarising events", [&stats](sqlite3_stmt* stmt) {
        stats.first_date = column_text(stmt, 0);
        stats.last_date = column_text(stmt, 1);
        for (int quad_idx = 0; quad_idx < 4; ++quad_idx) {
          stats.quad_counts[quad_idx] = sqlite3_column_int64(stmt, 2 + quad_idx);
        }
        stats.negated = sqlite3_column_int64(stmt, 6);
        stats.hedged = sqlite3_column_int64(stmt, 7);
        stats.undated = sqlite3_column_int64(stmt, 8);
        stats.with_place = sqlite3_column_int64(stmt, 9);
      });
  if (!status.ok()) return Error(status.message());
  status = impl_->rows("SELECT root, count(*) FROM events GROUP BY root ORDER BY root", {}, {},
                       "counting event roots", [&stats](sqlite3_stmt* stmt) {
                         stats.roots.emplace_back(column_text(stmt, 0),
                                                  sqlite3_column_int64(stmt, 1));
                       });
  if (!status.ok()) return Error(status.message());
  return stats;
}

}  // namespace chronicle
