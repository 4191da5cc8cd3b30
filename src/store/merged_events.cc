// Chronicle: the store across reports. Near-duplicate groups of documents and events merged into
// happenings with GDELT's counts, kept up to date as each document is added (docs/database.md,
// "Across reports"; the decisions themselves are in merge/merge.h and duplicates.h).
//
// Incremental and order-independent: a new document regroups only its near-duplicate group and
// recomputes only the buckets its events (or its group's events) fall in, and a bucket's merged
// events are a function of the set of its mentions, so any ingest order gives the same result.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "chronicle/export.h"
#include "merge/merge.h"
#include "store/internal.h"
#include "text/text.h"

namespace chronicle {
namespace {

// Row ids as one bound JSON array, expanded in SQL with json_each.
std::string json_ids(const std::vector<int64_t>& ids) { return nlohmann::json(ids).dump(); }

// A mention as recompute_bucket reads it: what merging decides on, plus what a merged event
// shows and counts.
struct BucketRow {
  merge::Item item;
  int64_t merged_id = 0;
  std::string document_date;
  std::string publisher;
  int64_t duplicate_group = 0;
  std::string code, root, source_code, target_code, date, date_precision, place_name;
  int64_t quad_class = 0;
  double goldstein = 0;
};

// Independent sources among the documents of a happening: documents are one source when they
// share a publisher or a near-duplicate group (a syndicated copy is not a second witness).
int64_t count_sources(const std::vector<const BucketRow*>& rows) {
  std::map<std::string, std::string> parent;
  auto find = [&parent](std::string node) {
    while (parent[node] != node) node = parent[node];
    return node;
  };
  auto add = [&parent](const std::string& node) { parent.try_emplace(node, node); };
  for (const BucketRow* row : rows) {
    std::string group = "group:" + std::to_string(row->duplicate_group);
    add(group);
    if (row->publisher.empty()) continue;
    std::string publisher = "publisher:" + text::ascii_lower(row->publisher);
    add(publisher);
    std::string a = find(group), b = find(publisher);
    if (a != b) parent[std::max(a, b)] = std::min(a, b);
  }
  std::set<std::string> roots;
  for (const BucketRow* row : rows) roots.insert(find("group:" + std::to_string(row->duplicate_group)));
  return static_cast<int64_t>(roots.size());
}

}  // namespace

Status Store::Impl::sync_signatures() {
  if (!duplicates) duplicates = std::make_unique<NearDuplicateDetector>();
  Statement stmt;
  if (Status s = prepare("SELECT document_id, shingles, numbers, minhash FROM document_signatures "
                         "WHERE document_id > ? ORDER BY document_id",
                         stmt, "reading document signatures");
      !s.ok()) {
    return s;
  }
  Binder binder(stmt.get());
  binder.integer(signatures_upto);
  for (;;) {
    int rc = sqlite3_step(stmt.get());
    if (rc == SQLITE_DONE) return Status::Ok();
    if (rc != SQLITE_ROW) return error("reading document signatures");
    const int64_t row = sqlite3_column_int64(stmt.get(), 0);
    DuplicateSignature signature;
    signature.shingles = static_cast<uint32_t>(sqlite3_column_int64(stmt.get(), 1));
    signature.numbers = static_cast<uint64_t>(sqlite3_column_int64(stmt.get(), 2));
    const void* blob = sqlite3_column_blob(stmt.get(), 3);
    if (sqlite3_column_bytes(stmt.get(), 3) != static_cast<int>(sizeof signature.minhash) || !blob) {
      return Error(path + ": document " + std::to_string(row) +
                   ": stored MinHash signature has the wrong size");
    }
    std::memcpy(signature.minhash.data(), blob, sizeof signature.minhash);
    duplicates->add(static_cast<uint64_t>(row), signature);
    signatures_upto = std::max(signatures_upto, row);
  }
}

Status Store::Impl::join_duplicate_group(int64_t document_row, const DuplicateSignature& signature,
                                         std::vector<int64_t>* regrouped) {
  regrouped->clear();
  Statement insert;
  if (Status s = prepare("INSERT INTO document_signatures (document_id, shingles, numbers, minhash) "
                         "VALUES (?, ?, ?, ?)",
                         insert, "storing a document signature");
      !s.ok()) {
    return s;
  }
  Binder values(insert.get());
  values.integer(document_row)
      .integer(signature.shingles)
      .integer(static_cast<int64_t>(signature.numbers));
  if (sqlite3_bind_blob(insert.get(), 4, signature.minhash.data(), sizeof signature.minhash,
                        SQLITE_TRANSIENT) != SQLITE_OK) {
    return error("storing a document signature");
  }
  if (Status s = run(insert, values, "storing a document signature"); !s.ok()) return s;

  std::vector<uint64_t> matches = duplicates->matches(signature);
  if (matches.empty()) return Status::Ok();
  // The new group: the document, its matches and everything already grouped with them. Its label
  // is its smallest row id (only membership counts, so the label's dependence on ids is harmless).
  std::vector<int64_t> seeds(matches.begin(), matches.end());
  seeds.push_back(document_row);
  std::vector<int64_t> members;
  if (Status s = rows("SELECT id FROM documents WHERE id IN (SELECT value FROM json_each(?1)) OR "
                      "duplicate_group IN (SELECT duplicate_group FROM documents WHERE id IN "
                      "(SELECT value FROM json_each(?1)) AND duplicate_group IS NOT NULL)",
                      {json_ids(seeds)}, {}, "reading a near-duplicate group",
                      [&members](sqlite3_stmt* stmt) {
                        members.push_back(sqlite3_column_int64(stmt, 0));
                      });
      !s.ok()) {
    return s;
  }
  const int64_t label = *std::min_element(members.begin(), members.end());
  Statement update;
  if (Status s = prepare("UPDATE documents SET duplicate_group = ? WHERE id IN "
                         "(SELECT value FROM json_each(?))",
                         update, "regrouping near-duplicates");
      !s.ok()) {
    return s;
  }
  Binder update_values(update.get());
  update_values.integer(label).text(json_ids(members));
  if (Status s = run(update, update_values, "regrouping near-duplicates"); !s.ok()) return s;
  *regrouped = std::move(members);
  return Status::Ok();
}

Status Store::Impl::add_across_reports(int64_t document_row, const std::string& document_hash,
                                       const Document& document, const Analysis& analysis,
                                       const std::vector<int64_t>& event_rows,
                                       DuplicateSignature* signature,
                                       std::set<std::string>* deferred) {
  const std::string context = "merging " + document.id;
  if (Status s = sync_signatures(); !s.ok()) return s;
  *signature = duplicate_signature(document.text, duplicates->options());
  std::vector<int64_t> regrouped;
  if (Status s = join_duplicate_group(document_row, *signature, &regrouped); !s.ok()) return s;

  Statement insert;
  if (Status s = prepare("INSERT INTO merge_items (event_id, document_id, bucket, key, code, date, "
                         "date_precision, dated_by, lat, lon) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         insert, context);
      !s.ok()) {
    return s;
  }
  std::set<std::string> buckets;
  for (size_t event_idx = 0; event_idx < analysis.events.size() && event_idx < event_rows.size();
       ++event_idx) {
    const Event& event = analysis.events[event_idx];
    std::string bucket = merge::bucket(event, document.date);
    if (bucket.empty()) continue;
    sqlite3_reset(insert.get());
    Binder values(insert.get());
    values.integer(event_rows[event_idx])
        .integer(document_row)
        .text(bucket)
        .text(merge::mention_key(document_hash, event))
        .text(event.code)
        .text(event.date)
        .text(event.date.empty() ? "" : event.date_precision)
        .text(merge::to_string(merge::dated_by(event)));
    if (event.place && (event.place->place.lat != 0 || event.place->place.lon != 0)) {
      values.real(event.place->place.lat).real(event.place->place.lon);
    } else {
      sqlite3_bind_null(insert.get(), 9);
      sqlite3_bind_null(insert.get(), 10);
    }
    if (Status s = run(insert, values, context + ": event " + event.code); !s.ok()) return s;
    buckets.insert(std::move(bucket));
  }
  // A document that joined a group changes the source counts of the group's other events.
  if (!regrouped.empty()) {
    if (Status s = rows("SELECT DISTINCT bucket FROM merge_items WHERE document_id IN "
                        "(SELECT value FROM json_each(?))",
                        {json_ids(regrouped)}, {}, context,
                        [&buckets](sqlite3_stmt* stmt) { buckets.insert(column_text(stmt, 0)); });
        !s.ok()) {
      return s;
    }
  }
  if (deferred) {
    deferred->insert(buckets.begin(), buckets.end());
    return Status::Ok();
  }
  // The documents whose events can merge with this one's in a bucket of events without a target:
  // its near-duplicate group (merge::within_reports_only).
  const std::vector<int64_t> group = regrouped.empty() ? std::vector<int64_t>{document_row} : regrouped;
  for (const std::string& bucket : buckets) {
    if (Status s = recompute_bucket(bucket, &group); !s.ok()) return s;
  }
  return Status::Ok();
}

void Store::Impl::signature_committed(int64_t document_row, const DuplicateSignature& signature) {
  if (!duplicates) return;
  duplicates->add(static_cast<uint64_t>(document_row), signature);
  signatures_upto = std::max(signatures_upto, document_row);
}

Status Store::Impl::recompute_bucket(const std::string& bucket,
                                     const std::vector<int64_t>* group) {
  const std::string context = "merging bucket " + bucket;
  const bool within_reports = merge::within_reports_only(bucket);
  std::string sql =
      "SELECT mi.event_id, mi.document_id, mi.key, mi.code, mi.date, mi.date_precision, "
      "mi.dated_by, mi.lat, mi.lon, e.merged_id, d.date, d.source, "
      "COALESCE(d.duplicate_group, d.id), e.code, e.root, e.quad_class, e.goldstein, "
      "e.source_code, e.target_code, e.date, e.date_precision, e.place_name "
      "FROM merge_items mi JOIN events e ON e.id = mi.event_id "
      "JOIN documents d ON d.id = mi.document_id WHERE mi.bucket = ?";
  std::vector<std::string> parameters = {bucket};
  // Mentions of different groups never merge in such a bucket, so one group's are all that can
  // change: reading only them keeps a large bucket ("the US said", every day) from being reread
  // for every report.
  if (within_reports && group) {
    sql += " AND mi.document_id IN (SELECT value FROM json_each(?))";
    parameters.push_back(json_ids(*group));
  }
  std::vector<BucketRow> rows_read;
  Status read = rows(
      sql, parameters, {}, context, [&rows_read](sqlite3_stmt* stmt) {
        BucketRow row;
        row.item.id = sqlite3_column_int64(stmt, 0);
        row.item.document = sqlite3_column_int64(stmt, 1);
        row.item.key = column_text(stmt, 2);
        row.item.code = column_text(stmt, 3);
        row.item.date = column_text(stmt, 4);
        row.item.precision = column_text(stmt, 5);
        row.item.dated_by =
            merge::dated_by_from_string(column_text(stmt, 6)).value_or(merge::DatedBy::kNone);
        if (sqlite3_column_type(stmt, 7) != SQLITE_NULL &&
            sqlite3_column_type(stmt, 8) != SQLITE_NULL) {
          row.item.lat = sqlite3_column_double(stmt, 7);
          row.item.lon = sqlite3_column_double(stmt, 8);
        }
        row.merged_id = sqlite3_column_int64(stmt, 9);
        row.document_date = column_text(stmt, 10);
        row.publisher = column_text(stmt, 11);
        row.duplicate_group = sqlite3_column_int64(stmt, 12);
        row.code = column_text(stmt, 13);
        row.root = column_text(stmt, 14);
        row.quad_class = sqlite3_column_int64(stmt, 15);
        row.goldstein = sqlite3_column_double(stmt, 16);
        row.source_code = column_text(stmt, 17);
        row.target_code = column_text(stmt, 18);
        row.date = column_text(stmt, 19);
        row.date_precision = column_text(stmt, 20);
        row.place_name = column_text(stmt, 21);
        rows_read.push_back(std::move(row));
      });
  if (!read.ok()) return read;

  std::vector<merge::Item> items;
  items.reserve(rows_read.size());
  for (const BucketRow& row : rows_read) {
    items.push_back(row.item);
    if (within_reports) items.back().partition = row.duplicate_group;
  }
  std::vector<std::vector<size_t>> happenings = merge::cluster(items);

  // What the happenings these mentions belonged to said before, to write only what changed.
  struct Stored {
    int64_t id = 0, representative = 0, mentions = 0, sources = 0, articles = 0;
    std::string first_seen, last_seen;
  };
  std::map<std::string, Stored> stored;
  std::vector<int64_t> previous_ids;
  for (const BucketRow& row : rows_read) {
    if (row.merged_id != 0) previous_ids.push_back(row.merged_id);
  }
  std::sort(previous_ids.begin(), previous_ids.end());
  previous_ids.erase(std::unique(previous_ids.begin(), previous_ids.end()), previous_ids.end());
  if (!previous_ids.empty()) {
    Status previous = rows(
        "SELECT id, key, representative, num_mentions, num_sources, num_articles, first_seen, "
        "last_seen FROM merged_events WHERE id IN (SELECT value FROM json_each(?))",
        {json_ids(previous_ids)}, {}, context, [&stored](sqlite3_stmt* stmt) {
          Stored value;
          value.id = sqlite3_column_int64(stmt, 0);
          value.representative = sqlite3_column_int64(stmt, 2);
          value.mentions = sqlite3_column_int64(stmt, 3);
          value.sources = sqlite3_column_int64(stmt, 4);
          value.articles = sqlite3_column_int64(stmt, 5);
          value.first_seen = column_text(stmt, 6);
          value.last_seen = column_text(stmt, 7);
          stored.emplace(column_text(stmt, 1), std::move(value));
        });
    if (!previous.ok()) return previous;
  }

  Statement upsert;
  if (Status s = prepare(
          "INSERT INTO merged_events (bucket, key, representative, code, root, quad_class, "
          "goldstein, source_code, target_code, date, date_precision, place_name, num_mentions, "
          "num_sources, num_articles, first_seen, last_seen) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
          "ON CONFLICT (bucket, key) DO UPDATE SET "
          "representative = excluded.representative, code = excluded.code, root = excluded.root, "
          "quad_class = excluded.quad_class, goldstein = excluded.goldstein, "
          "source_code = excluded.source_code, target_code = excluded.target_code, "
          "date = excluded.date, date_precision = excluded.date_precision, "
          "place_name = excluded.place_name, num_mentions = excluded.num_mentions, "
          "num_sources = excluded.num_sources, num_articles = excluded.num_articles, "
          "first_seen = excluded.first_seen, last_seen = excluded.last_seen RETURNING id",
          upsert, context);
      !s.ok()) {
    return s;
  }
  Statement link;
  if (Status s = prepare("UPDATE events SET merged_id = ? WHERE id = ?", link, context); !s.ok()) {
    return s;
  }
  std::vector<int64_t> kept;  // the happenings' row ids
  for (const std::vector<size_t>& members : happenings) {
    const BucketRow& shown = rows_read[merge::representative(items, members)];
    std::vector<const BucketRow*> member_rows;
    std::set<int64_t> documents;
    std::string first_seen, last_seen;
    for (size_t member : members) {
      const BucketRow& row = rows_read[member];
      member_rows.push_back(&row);
      documents.insert(row.item.document);
      if (row.document_date.empty()) continue;
      if (first_seen.empty() || row.document_date < first_seen) first_seen = row.document_date;
      if (last_seen.empty() || row.document_date > last_seen) last_seen = row.document_date;
    }
    const std::string& key = items[members.front()].key;
    const int64_t mentions = static_cast<int64_t>(members.size());
    const int64_t sources = count_sources(member_rows);
    const int64_t articles = static_cast<int64_t>(documents.size());
    kept.push_back(0);
    if (auto found = stored.find(key); found != stored.end()) {
      const Stored& before = found->second;
      if (before.representative == shown.item.id && before.mentions == mentions &&
          before.sources == sources && before.articles == articles &&
          before.first_seen == first_seen && before.last_seen == last_seen) {
        kept.back() = before.id;
        bool linked = std::all_of(member_rows.begin(), member_rows.end(),
                                  [&before](const BucketRow* row) { return row->merged_id == before.id; });
        if (linked) continue;  // nothing changed
      }
    }
    sqlite3_reset(upsert.get());
    Binder values(upsert.get());
    values.text(bucket)
        .text(key)
        .integer(shown.item.id)
        .text(shown.code)
        .text(shown.root)
        .integer(shown.quad_class)
        .real(shown.goldstein)
        .text_or_null(shown.source_code)
        .text_or_null(shown.target_code)
        .text_or_null(shown.date)
        .text_or_null(shown.date_precision)
        .text_or_null(shown.place_name)
        .integer(mentions)
        .integer(sources)
        .integer(articles)
        .text_or_null(first_seen)
        .text_or_null(last_seen);
    if (values.status() != SQLITE_OK || sqlite3_step(upsert.get()) != SQLITE_ROW) {
      return error(context);
    }
    const int64_t merged_id = sqlite3_column_int64(upsert.get(), 0);
    if (sqlite3_step(upsert.get()) != SQLITE_DONE) return error(context);
    kept.back() = merged_id;
    for (const BucketRow* row : member_rows) {
      if (row->merged_id == merged_id) continue;
      sqlite3_reset(link.get());
      Binder link_values(link.get());
      link_values.integer(merged_id).integer(row->item.id);
      if (Status s = run(link, link_values, context); !s.ok()) return s;
    }
  }
  // Happenings these mentions belonged to that no longer exist (their mentions now belong to
  // others). Every happening holding one of them was among the rows read, so none is missed.
  std::vector<int64_t> stale;
  std::sort(kept.begin(), kept.end());
  std::set_difference(previous_ids.begin(), previous_ids.end(), kept.begin(), kept.end(),
                      std::back_inserter(stale));
  if (stale.empty()) return Status::Ok();
  Statement remove;
  if (Status s = prepare("DELETE FROM merged_events WHERE id IN (SELECT value FROM json_each(?))",
                         remove, context);
      !s.ok()) {
    return s;
  }
  Binder remove_values(remove.get());
  remove_values.text(json_ids(stale));
  return run(remove, remove_values, context);
}

Status Store::Impl::backfill_across_reports() {
  if (Status s = exec("BEGIN IMMEDIATE", "filling schema 3 for stored documents"); !s.ok()) {
    return s;
  }
  Transaction transaction(db);
  Status filled = fill_across_reports();
  if (filled.ok()) filled = exec("COMMIT", "filling schema 3");
  if (!filled.ok()) {
    duplicates.reset();  // it learnt signatures that are rolled back; reloaded on next use
    signatures_upto = 0;
    return filled;
  }
  transaction.committed();
  return Status::Ok();
}

Status Store::Impl::fill_across_reports() {
  // Only documents not yet signed: another process may have filled the file meanwhile.
  std::vector<int64_t> documents;
  if (Status s = rows("SELECT id FROM documents WHERE id NOT IN "
                      "(SELECT document_id FROM document_signatures) ORDER BY id",
                      {}, {}, "filling schema 3",
                      [&documents](sqlite3_stmt* stmt) {
                        documents.push_back(sqlite3_column_int64(stmt, 0));
                      });
      !s.ok()) {
    return s;
  }
  std::set<std::string> buckets;
  for (int64_t document_row : documents) {
    Document document;
    std::string hash;
    if (Status s = rows("SELECT doc_id, date, text, content_hash FROM documents WHERE id = ?", {},
                        {document_row}, "filling schema 3",
                        [&](sqlite3_stmt* stmt) {
                          document.id = column_text(stmt, 0);
                          document.date = column_text(stmt, 1);
                          document.text = column_text(stmt, 2);
                          hash = column_text(stmt, 3);
                        });
        !s.ok()) {
      return s;
    }
    // The stored events, rebuilt from their JSON, in row order.
    Analysis analysis;
    std::vector<int64_t> event_rows;
    std::string failure;
    if (Status s = rows("SELECT id, json FROM events WHERE document_id = ? ORDER BY id", {},
                        {document_row}, "filling schema 3",
                        [&](sqlite3_stmt* stmt) {
                          auto record = event_from_json(column_text(stmt, 1));
                          if (!record.ok()) {
                            failure = "stored event " +
                                      std::to_string(sqlite3_column_int64(stmt, 0)) + ": " +
                                      record.error().message();
                            return;
                          }
                          event_rows.push_back(sqlite3_column_int64(stmt, 0));
                          analysis.events.push_back(std::move(record.value().event));
                        });
        !s.ok()) {
      return s;
    }
    if (!failure.empty()) return Error(path + ": " + failure);
    DuplicateSignature signature;
    if (Status s = add_across_reports(document_row, hash, document, analysis, event_rows,
                                      &signature, &buckets);
        !s.ok()) {
      return s;
    }
    // Within this one transaction the detector must know the document before the next one.
    signature_committed(document_row, signature);
  }
  for (const std::string& bucket : buckets) {
    if (Status s = recompute_bucket(bucket, nullptr); !s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace chronicle
