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
#include <string>
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
};

struct StoreCounts {
  int64_t documents = 0;
  int64_t sentences = 0;
  int64_t actor_mentions = 0;
  int64_t events = 0;
};

class Store {
 public:
  static constexpr int kSchemaVersion = 1;
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
  Result<StoreCounts> counts() const;

 private:
  Store() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace chronicle
