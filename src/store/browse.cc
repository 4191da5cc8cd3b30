// Chronicle: the store's read-only browsing queries (the HTTP API and the query commands).
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "chronicle/export.h"
#include "store/internal.h"

namespace chronicle {

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
    std::string substring = "%";  // built in steps: gcc 12 warns (-Wrestrict) on "%" + s + "%"
    substring += like_literal(query.text);
    substring += '%';
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
    StoredEvent event{sqlite3_column_int64(stmt, 6), {}};
    if (Status read = read_event_row(stmt, impl_->path, &event.record); !read.ok()) {
      failure = read.message();
      return;
    }
    found = std::move(event);
  });
  if (!status.ok()) return Error(status.message());
  if (!failure.empty()) return Error(failure);
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
