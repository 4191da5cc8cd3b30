// Chronicle store internals shared by the files of src/store/: the SQLite helpers and Store::Impl.
// Not installed; nothing outside src/store/ includes it.
#pragma once

#include <sqlite3.h>

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "chronicle/duplicates.h"
#include "chronicle/export.h"
#include "chronicle/store.h"

namespace chronicle::store_internal {

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

std::string column_text(sqlite3_stmt* stmt, int column);

// The user's words as one FTS5 phrase: the words in this order, whatever characters they hold
// (double quotes doubled), never FTS5 query syntax.
std::string fts_phrase(std::string_view value);

// Escapes LIKE wildcards so user text matches literally (with ESCAPE '\').
std::string like_literal(std::string_view value);

// The columns every event read selects, in this order.
constexpr std::string_view kEventSelect =
    "SELECT e.id, e.json, d.doc_id, d.date, d.source, d.url, e.document_id, m.id, m.num_mentions, "
    "m.num_sources, m.num_articles, m.first_seen, m.last_seen "
    "FROM events e JOIN documents d ON d.id = e.document_id "
    "LEFT JOIN merged_events m ON m.id = e.merged_id";
// Reads a row selected by kEventSelect into `record`; the error names the stored event.
// `reader` (may be null) is reused across rows.
Status read_event_row(sqlite3_stmt* stmt, const std::string& path, EventRecord* record,
                      EventJsonReader* reader = nullptr);
// Undated events sort after dated ones; within a date, by document, position and insertion.
constexpr std::string_view kEventOrder =
    " ORDER BY e.date IS NULL, e.date, e.document_id, e.sentence, e.evidence_begin, e.id";


}  // namespace chronicle::store_internal

namespace chronicle {

using namespace store_internal;  // NOLINT: the store files share these helpers

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

  // Runs the migrations this file lacks; `*from` is the version it had (0 for a new file).
  Status migrate(int64_t* from);
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

  // ---- Across reports (merged_events.cc): near-duplicate groups and merged events.
  // Every stored document's MinHash signature, loaded on first use and topped up with documents
  // another process stored since (rows above `signatures_upto`).
  std::unique_ptr<NearDuplicateDetector> duplicates;
  int64_t signatures_upto = 0;
  Status sync_signatures();
  // Inside add()'s transaction: signs the document and joins its near-duplicate group, records
  // its events for merging (`event_rows` are their row ids, in analysis.events order), and
  // recomputes every bucket they or a regrouped document touch (or, with `deferred`, adds those
  // buckets to it for the caller to recompute once).
  Status add_across_reports(int64_t document_row, const std::string& document_hash,
                            const Document& document, const Analysis& analysis,
                            const std::vector<int64_t>& event_rows, DuplicateSignature* signature,
                            std::set<std::string>* deferred = nullptr);
  // After add()'s commit: the detector learns the new signature.
  void signature_committed(int64_t document_row, const DuplicateSignature& signature);
  // Regroups a document with its near-duplicates; `*regrouped` gets every member of the group.
  Status join_duplicate_group(int64_t document_row, const DuplicateSignature& signature,
                              std::vector<int64_t>* regrouped);
  // Recomputes the merged events of one bucket (merge/merge.h) from its merge items; in a bucket
  // whose events merge only within a report, only those of the documents in `group` (a
  // near-duplicate group; nullptr: all).
  Status recompute_bucket(const std::string& bucket, const std::vector<int64_t>* group);
  // Fills the tables of schema 3 for documents stored before it, in one transaction of its own
  // (fill_across_reports runs inside it).
  Status backfill_across_reports();
  Status fill_across_reports();

  // ---- The actor registry (registry.cc).
  struct Registry;  // its helpers and per-document linker
  // Inside add()'s transaction, once the document's actor mentions and events are stored: files
  // each mention under its registry entry (creating entries), updates the entries' names, codes,
  // roles, documents and counts, and links the events' sides (actor_events).
  Status link_registry(int64_t document_row, const std::string& document_date);
  // For a file from before schema 3: links every stored mention without a registry entry, in one
  // transaction of its own.
  Status backfill_registry();
  // Statements the registry runs for every document, prepared once per connection.
  std::vector<std::pair<std::string, std::unique_ptr<Statement>>> cached_statements;
  // The cached statement for `sql`, reset with its bindings cleared; nullptr on failure.
  sqlite3_stmt* cached(std::string_view sql);

  // Appends " WHERE a AND b ..." for the query's filters; returns whether it wrote a WHERE.
  static bool event_conditions(const EventQuery& query, std::string& sql,
                               std::vector<std::string>& parameters);
  Status select_events(const EventQuery& query,
                       const std::function<void(EventRecord&&, int64_t document)>& callback)
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

}  // namespace chronicle
