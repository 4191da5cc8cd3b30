// Chronicle: the store's reads for the query commands (`chronicle timeline`, `network`, `stats`),
// over the same event filters as `events` (Store::Impl::event_conditions). Read-only; every value
// bound. Each was checked with EXPLAIN QUERY PLAN on a database of ~20k reports (the union of the
// benchmark corpora) and is timed by bench/query_latency.cc.
#include <nlohmann/json.hpp>

#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/internal.h"

namespace chronicle {
namespace {

// The evidence span's words, cut from its sentence (both in document bytes); empty when the span
// is empty or does not lie inside the sentence.
std::string evidence_in_sentence(const std::string& sentence_text, Span sentence, Span evidence) {
  if (evidence.end <= evidence.begin || evidence.begin < sentence.begin ||
      evidence.end > sentence.end || sentence.end - sentence.begin != sentence_text.size()) {
    return {};
  }
  return sentence_text.substr(evidence.begin - sentence.begin, evidence.end - evidence.begin);
}

}  // namespace

Result<std::vector<TimelineEntry>> Store::timeline(const EventQuery& query,
                                                   bool every_mention) const {
  // Two steps, as a page of events does: the narrow rows pick, order and cut the entries (a
  // window over the matching mentions ranks each happening's mentions by report date and counts
  // them), then the JSON of the chosen events only is read. A happening is its merged_id; an event
  // never merged is a happening of its own (-id cannot meet a merged id, which is positive).
  const std::string happening = every_mention ? "e.id" : "coalesce(e.merged_id, -e.id)";
  std::string sql =
      "SELECT r.id, r.matched, s.begin, s.end FROM (SELECT e.id, e.date, e.document_id, "
      "e.sentence, e.evidence_begin, row_number() OVER (PARTITION BY " +
      happening +
      " ORDER BY d.date = '', d.date, e.date IS NULL, e.date, e.document_id, e.sentence, "
      "e.evidence_begin, e.id) AS mention_rank, count(*) OVER (PARTITION BY " +
      happening + ") AS matched FROM events e JOIN documents d ON d.id = e.document_id";
  std::vector<std::string> parameters;
  if (every_mention) {
    // Every mention is its own row: no window, and the listing order's index (events_order)
    // spares the sort.
    sql = "SELECT e.id, 1, s.begin, s.end FROM events e LEFT JOIN sentences s ON "
          "s.document_id = e.document_id AND s.idx = e.sentence";
    Impl::event_conditions(query, sql, parameters);
    sql += kEventOrder;
    sql += " LIMIT ? OFFSET ?";
  } else {
    Impl::event_conditions(query, sql, parameters);
    sql +=
        ") r LEFT JOIN sentences s ON s.document_id = r.document_id AND s.idx = r.sentence "
        "WHERE r.mention_rank = 1 ORDER BY r.date IS NULL, r.date, r.document_id, r.sentence, "
        "r.evidence_begin, r.id LIMIT ? OFFSET ?";
  }
  std::vector<TimelineEntry> entries;
  std::vector<int64_t> ids;
  Status status = impl_->rows(
      sql, parameters,
      {query.limit == 0 ? -1 : static_cast<int64_t>(query.limit),
       static_cast<int64_t>(query.offset)},
      "building the timeline", [&](sqlite3_stmt* stmt) {
        TimelineEntry entry;
        ids.push_back(sqlite3_column_int64(stmt, 0));
        entry.matched_mentions = sqlite3_column_int64(stmt, 1);
        entry.sentence = Span{static_cast<uint32_t>(sqlite3_column_int64(stmt, 2)),
                              static_cast<uint32_t>(sqlite3_column_int64(stmt, 3))};
        entries.push_back(std::move(entry));
      });
  if (!status.ok()) return Error(status.message());
  if (entries.empty()) return entries;

  std::unordered_map<int64_t, size_t> entry_of;
  for (size_t entry_idx = 0; entry_idx < ids.size(); ++entry_idx) entry_of[ids[entry_idx]] = entry_idx;
  std::string read(kEventSelect);
  read += " WHERE e.id IN (SELECT value FROM json_each(?))";
  std::string failure;
  EventJsonReader reader;
  status = impl_->rows(read, {nlohmann::json(ids).dump()}, {}, "reading timeline events",
                       [&](sqlite3_stmt* stmt) {
                         auto found = entry_of.find(sqlite3_column_int64(stmt, 0));
                         if (found == entry_of.end() || !failure.empty()) return;
                         TimelineEntry& entry = entries[found->second];
                         entry.event.document = sqlite3_column_int64(stmt, 6);
                         Status row =
                             read_event_row(stmt, impl_->path, &entry.event.record, &reader);
                         if (!row.ok()) failure = row.message();
                       });
  if (!status.ok()) return Error(status.message());
  if (!failure.empty()) return Error(failure);
  for (TimelineEntry& entry : entries) {
    entry.evidence_text = evidence_in_sentence(entry.event.record.sentence_text, entry.sentence,
                                               entry.event.record.event.evidence);
  }
  return entries;
}

Result<ActorNetwork> Store::network(const EventQuery& query, size_t limit) const {
  auto edges = actor_network(query, limit);
  if (!edges.ok()) return edges.error();
  ActorNetwork network;
  network.edges = std::move(edges).value();
  std::map<std::string, ActorNode> nodes;
  for (const ActorEdge& edge : network.edges) {
    for (const std::string* code : {&edge.source, &edge.target}) {
      ActorNode& node = nodes[*code];
      node.code = *code;
      node.events += edge.events;
    }
  }
  if (nodes.empty()) return network;
  // Mention counts from the code index, and the commonest canonical name from the index of named
  // mentions (schema 3): grouping every mention by code and name needed a sort of them all. The
  // codes are bound as one JSON array.
  std::vector<std::string> codes;
  codes.reserve(nodes.size());
  for (const auto& [code, node] : nodes) codes.push_back(code);
  const std::string code_list =
      nlohmann::json(codes).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  Status status = impl_->rows(
      "SELECT code, count(*) FROM actor_mentions WHERE code IN (SELECT value FROM json_each(?)) "
      "GROUP BY code",
      {code_list}, {}, "counting the network's actor mentions", [&](sqlite3_stmt* stmt) {
        auto found = nodes.find(column_text(stmt, 0));
        if (found != nodes.end()) found->second.mentions = sqlite3_column_int64(stmt, 1);
      });
  if (!status.ok()) return Error(status.message());
  std::map<std::string, int64_t> best_name_count;
  status = impl_->rows(
      "SELECT code, name, count(*) FROM actor_mentions WHERE name != '' AND code IN (SELECT "
      "value FROM json_each(?)) GROUP BY code, name ORDER BY code, name",
      {code_list}, {}, "naming the network's actors", [&](sqlite3_stmt* stmt) {
        auto found = nodes.find(column_text(stmt, 0));
        if (found == nodes.end()) return;
        ActorNode& node = found->second;
        int64_t count = sqlite3_column_int64(stmt, 2);
        // Ties go to the first name in order, as Store::actors names them.
        if (count > best_name_count[node.code]) {
          best_name_count[node.code] = count;
          node.name = column_text(stmt, 1);
        }
      });
  if (!status.ok()) return Error(status.message());
  network.nodes.reserve(nodes.size());
  for (auto& [code, node] : nodes) network.nodes.push_back(std::move(node));
  return network;
}

Result<MonthlyStats> Store::monthly_stats() const {
  // Every count hangs off a document, so each pass reads narrow rows keyed by document and adds
  // them to that document's month through a table in memory: a join to documents per row (one
  // B-tree search each) cost more than the rest together on 150k actor mentions.
  std::map<std::string, size_t> month_index;
  std::vector<MonthStats> rows;
  auto row_of = [&](const std::string& month) -> size_t {
    auto [found, added] = month_index.try_emplace(month, rows.size());
    if (added) {
      rows.emplace_back();
      rows.back().month = month;
    }
    return found->second;
  };
  std::unordered_map<int64_t, size_t> month_of_document;
  // documents.date is "YYYY-MM-DD" or empty; SQLite reads it from the index on it (schema 3)
  // rather than from the rows, which hold the texts.
  Status status = impl_->rows(
      "SELECT id, substr(date, 1, 7) FROM documents", {}, {},
      "reading document months", [&](sqlite3_stmt* stmt) {
        size_t row = row_of(column_text(stmt, 1));
        month_of_document[sqlite3_column_int64(stmt, 0)] = row;
        ++rows[row].documents;
      });
  if (!status.ok()) return Error(status.message());
  auto document_row = [&](sqlite3_stmt* stmt) -> MonthStats* {
    auto found = month_of_document.find(sqlite3_column_int64(stmt, 0));
    return found == month_of_document.end() ? nullptr : &rows[found->second];
  };
  status = impl_->rows("SELECT document_id, count(*) FROM sentences GROUP BY document_id", {}, {},
                       "counting sentences by month", [&](sqlite3_stmt* stmt) {
                         if (MonthStats* row = document_row(stmt)) {
                           row->sentences += sqlite3_column_int64(stmt, 1);
                         }
                       });
  if (!status.ok()) return Error(status.message());

  // Events: by their document's month, with their places; and by their own month, for dates to
  // the day or month (week dates, "2025-W46", and years have none).
  std::vector<std::set<std::string>> places(rows.size());
  std::set<std::string> all_places;
  std::map<std::string, int64_t> event_months;
  status = impl_->rows(
      "SELECT document_id, json_array(place_name, place_country), place_name IS NOT NULL, "
      "CASE WHEN date_precision IN ('day', 'month') THEN substr(date, 1, 7) END FROM events",
      {}, {}, "counting events by month", [&](sqlite3_stmt* stmt) {
        if (sqlite3_column_type(stmt, 3) != SQLITE_NULL) ++event_months[column_text(stmt, 3)];
        MonthStats* row = document_row(stmt);
        if (!row) return;
        ++row->events;
        if (sqlite3_column_int64(stmt, 2) != 0) {
          ++row->events_with_place;
          std::string place = column_text(stmt, 1);
          size_t row_idx = static_cast<size_t>(row - rows.data());
          if (places.size() <= row_idx) places.resize(row_idx + 1);
          places[row_idx].insert(place);
          all_places.insert(std::move(place));
        }
      });
  if (!status.ok()) return Error(status.message());
  for (const auto& [month, count] : event_months) rows[row_of(month)].events_by_event_date = count;
  for (size_t row_idx = 0; row_idx < places.size(); ++row_idx) {
    rows[row_idx].places = static_cast<int64_t>(places[row_idx].size());
  }

  // Distinct actor codes per month: the mentions in code order (a covering index), each code
  // counted once in each month it is seen in, by stamping the month with the code's number.
  std::vector<int64_t> stamp(rows.size(), -1);
  int64_t code_number = -1;
  std::string previous_code;
  status = impl_->rows(
      "SELECT code, document_id FROM actor_mentions WHERE code != '' ORDER BY code", {}, {},
      "counting actors by month", [&](sqlite3_stmt* stmt) {
        const auto* code = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
        if (code_number < 0 || previous_code != code) {
          previous_code = code;
          ++code_number;
        }
        auto found = month_of_document.find(sqlite3_column_int64(stmt, 1));
        if (found == month_of_document.end()) return;
        if (stamp[found->second] != code_number) {
          stamp[found->second] = code_number;
          ++rows[found->second].actors;
        }
      });
  if (!status.ok()) return Error(status.message());

  MonthlyStats stats;
  for (const auto& [month, row_idx] : month_index) {
    if (!month.empty()) stats.months.push_back(rows[row_idx]);
  }
  if (auto undated = month_index.find(""); undated != month_index.end()) {
    stats.months.push_back(rows[undated->second]);
  }
  MonthStats& total = stats.total;
  for (const MonthStats& row : stats.months) {
    total.documents += row.documents;
    total.sentences += row.sentences;
    total.events += row.events;
    total.events_with_place += row.events_with_place;
    total.events_by_event_date += row.events_by_event_date;
  }
  // Distinct counts do not add up across months.
  total.actors = code_number + 1;
  total.places = static_cast<int64_t>(all_places.size());
  return stats;
}

}  // namespace chronicle
