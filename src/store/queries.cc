// Chronicle: the store's reads for the query commands (`chronicle timeline`, `network`, `stats`),
// over the same event filters as `events` (Store::Impl::event_conditions). Read-only; every value
// bound. Each was checked with EXPLAIN QUERY PLAN on a database of ~20k reports (the union of the
// benchmark corpora) and is timed by bench/query_latency.cc.
#include <nlohmann/json.hpp>

#include <algorithm>
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
  // Two steps, as a page of events does. First the narrow rows of every matching mention, in
  // listing order (the events_order index, no sort), grouped here: a happening is its merged_id,
  // an event never merged a happening of its own; its row is the mention the earliest report gave
  // (documents.date, unknown dates last), shown where that mention falls in the listing order.
  // Then the JSON of the chosen events only is read. (A window function in SQL did the grouping
  // in 90 ms on 20,000 mentions; this takes about a third of that.)
  std::string sql =
      "SELECT e.id, e.merged_id, d.date, s.begin, s.end FROM events e "
      "JOIN documents d ON d.id = e.document_id "
      "LEFT JOIN sentences s ON s.document_id = e.document_id AND s.idx = e.sentence";
  std::vector<std::string> parameters;
  Impl::event_conditions(query, sql, parameters);
  sql += kEventOrder;
  struct Mention {
    int64_t id = 0;
    std::string report_date;
    Span sentence;
  };
  std::vector<Mention> mentions;            // in listing order
  std::vector<size_t> chosen;               // indexes into mentions, one per happening
  std::vector<int64_t> matched;             // mentions per entry of `chosen`
  std::unordered_map<int64_t, size_t> happening_entry;  // merged_id → index into `chosen`
  // Report order: a dated report before an undated one, then the earlier date; ties keep the
  // listing order (which breaks them by event date, document and position, as before).
  auto earlier_report = [](const std::string& a, const std::string& b) {
    if (a.empty() != b.empty()) return b.empty();
    return a < b;
  };
  Status status = impl_->rows(sql, parameters, {}, "building the timeline", [&](sqlite3_stmt* stmt) {
    Mention mention;
    mention.id = sqlite3_column_int64(stmt, 0);
    const int64_t merged = sqlite3_column_int64(stmt, 1);  // 0 when never merged
    mention.report_date = column_text(stmt, 2);
    mention.sentence = Span{static_cast<uint32_t>(sqlite3_column_int64(stmt, 3)),
                            static_cast<uint32_t>(sqlite3_column_int64(stmt, 4))};
    const size_t index = mentions.size();
    mentions.push_back(std::move(mention));
    if (every_mention || merged == 0) {
      chosen.push_back(index);
      matched.push_back(1);
      return;
    }
    auto [found, added] = happening_entry.try_emplace(merged, chosen.size());
    if (added) {
      chosen.push_back(index);
      matched.push_back(1);
      return;
    }
    ++matched[found->second];
    if (earlier_report(mentions[index].report_date, mentions[chosen[found->second]].report_date)) {
      chosen[found->second] = index;
    }
  });
  if (!status.ok()) return Error(status.message());
  // Entries in the listing order of the mention each shows, then the page.
  std::vector<size_t> order(chosen.size());
  for (size_t entry_idx = 0; entry_idx < order.size(); ++entry_idx) order[entry_idx] = entry_idx;
  std::sort(order.begin(), order.end(),
            [&chosen](size_t a, size_t b) { return chosen[a] < chosen[b]; });
  const size_t first = std::min(order.size(), query.offset);
  const size_t last =
      query.limit == 0 ? order.size() : std::min(order.size(), first + query.limit);
  std::vector<TimelineEntry> entries;
  std::vector<int64_t> ids;
  entries.reserve(last - first);
  ids.reserve(last - first);
  for (size_t position = first; position < last; ++position) {
    const size_t entry_idx = order[position];
    const Mention& mention = mentions[chosen[entry_idx]];
    TimelineEntry entry;
    entry.matched_mentions = matched[entry_idx];
    entry.sentence = mention.sentence;
    ids.push_back(mention.id);
    entries.push_back(std::move(entry));
  }
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
