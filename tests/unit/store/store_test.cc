// The SQLite store: schema marking, idempotent adds, filters, refusals and atomicity.
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "chronicle/store.h"
#include "raw_sqlite.h"

namespace chronicle {
namespace {

namespace fs = std::filesystem;

// A fresh directory per test, removed afterwards.
class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("chronicle-store-" + std::to_string(::getpid()) + "-" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string db_path() const { return (dir_ / "test.db").string(); }

  std::unique_ptr<Store> open_store() {
    auto store = Store::open(db_path());
    EXPECT_TRUE(store.ok()) << (store.ok() ? "" : store.error().message());
    return store.ok() ? std::move(store.value()) : nullptr;
  }

  // Runs SQL on the database with a separate, raw connection.
  void raw_sql(const std::string& sql) { testing::raw_sql(db_path(), sql); }

  // Takes the file back to what schema 2 left: drops every table and index schema 3 added (all
  // but schema 2's, whatever migration 3 grows to hold) and its new columns.
  void downgrade_to_schema_two() {
    static const std::set<std::string> kSchemaTwoIndexes = {
        "events_date",          "events_code",        "events_root",
        "events_source_code",   "events_target_code", "events_document",
        "actor_mentions_document", "actor_mentions_code", "actor_mentions_summary"};
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(db_path().c_str(), &db), SQLITE_OK);
    std::vector<std::string> drops;
    sqlite3_stmt* stmt = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db,
                                 "SELECT type, name FROM sqlite_schema WHERE type IN "
                                 "('table', 'index') AND name NOT LIKE 'sqlite_%'",
                                 -1, &stmt, nullptr),
              SQLITE_OK);
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      std::string type = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
      std::string name = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 1));
      const bool schema_two_table = name == "documents" || name == "events" ||
                                    name.rfind("sentences", 0) == 0 ||
                                    name.rfind("actor_mentions", 0) == 0;
      if (type == "table" && !schema_two_table) drops.push_back("DROP TABLE IF EXISTS " + name);
      if (type == "index" && !kSchemaTwoIndexes.count(name)) drops.push_back("DROP INDEX IF EXISTS " + name);
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    std::string sql;
    for (const std::string& drop : drops) sql += drop + "; ";
    raw_sql(sql +
            "ALTER TABLE documents DROP COLUMN duplicate_group; "
            "ALTER TABLE events DROP COLUMN merged_id; "
            "ALTER TABLE actor_mentions DROP COLUMN registry_id; PRAGMA user_version = 2;");
  }

  fs::path dir_;
};

Span span_of(const std::string& text, const std::string& needle) {
  size_t at = text.find(needle);
  EXPECT_NE(at, std::string::npos) << needle;
  return {static_cast<uint32_t>(at), static_cast<uint32_t>(at + needle.size())};
}

EventActor side(const std::string& text, const std::string& words, ActorRef actor) {
  return EventActor{words, span_of(text, words), std::move(actor)};
}

Event make_event(const std::string& text, uint32_t sentence, std::optional<EventActor> source,
                 std::optional<EventActor> target, std::string code, std::string date,
                 std::optional<EventPlace> place) {
  Event event;
  event.sentence = sentence;
  event.source = std::move(source);
  event.target = std::move(target);
  event.evidence = {event.source ? event.source->span.begin : 0,
                    event.target ? event.target->span.end : 0};
  event.code = code;
  event.root = code.substr(0, 2);
  event.label = "label " + code;
  event.quad_class = 1;
  event.goldstein = 1.9;
  if (!date.empty()) {
    event.date = date;
    event.date_precision = "day";
    event.date_text = date;
  }
  event.place = std::move(place);
  return event;
}

EventPlace place(std::string name, std::string country, double lat, double lon, int64_t id) {
  return EventPlace{name, {name, country, country.substr(0, 2), "", lat, lon, id, "P.PPLC"}};
}

struct Sample {
  Document document;
  Analysis analysis;
};

// Three sentences, three events, hand-built as the pipeline would.
Sample first_sample() {
  Sample sample;
  Document& doc = sample.document;
  doc.id = "news/first.txt";
  doc.path = "news/first.txt";
  doc.title = "First";
  doc.date = "2025-11-17";
  doc.source = "Wire";
  doc.url = "https://example.org/first";
  doc.format = "txt";
  doc.text =
      "Russian Deputy Defense Minister Yunus-Bek Yevkurov visited Syria in Damascus. "
      "Iran warned Israel in Tehran. "
      "Protesters in Paris demanded reforms from the French government.";
  const std::string& text = doc.text;
  Analysis& analysis = sample.analysis;
  size_t second = text.find("Iran");
  size_t third = text.find("Protesters");
  analysis.sentences = {{{0, static_cast<uint32_t>(second - 1)}, 0, 0},
                        {{static_cast<uint32_t>(second), static_cast<uint32_t>(third - 1)}, 0, 0},
                        {{static_cast<uint32_t>(third), static_cast<uint32_t>(text.size())}, 0, 0}};
  auto mention = [&](const std::string& words, ActorRef actor, std::string kind) {
    ActorMention out;
    out.range.span = span_of(text, words);
    out.range.first_token = 1000;  // no tokens in this sample: the store falls back to spans
    out.text = words;
    out.actor = std::move(actor);
    out.kind = std::move(kind);
    return out;
  };
  analysis.actors = {
      mention("Russian Deputy Defense Minister Yunus-Bek Yevkurov",
              {"RUSMIL", "RUS", "MIL", "Yunus-Bek Yevkurov"}, "person"),
      mention("Iran", {"IRN", "IRN", "", "Iran"}, "country"),
      mention("Israel", {"ISR", "ISR", "", "Israel"}, "country"),
      mention("Protesters", {"FRAOPP", "FRA", "OPP", ""}, "group"),
  };
  analysis.events = {
      make_event(text, 0,
                 side(text, "Russian Deputy Defense Minister Yunus-Bek Yevkurov",
                      {"RUSMIL", "RUS", "MIL", "Yunus-Bek Yevkurov"}),
                 side(text, "Syria", {"SYR", "SYR", "", "Syria"}), "042", "2025-11-16",
                 place("Damascus", "SYR", 33.51, 36.29, 170654)),
      make_event(text, 1, side(text, "Iran", {"IRN", "IRN", "", "Iran"}),
                 side(text, "Israel", {"ISR", "ISR", "", "Israel"}), "130", "2025-11-10",
                 place("Tehran", "IRN", 35.69, 51.42, 112931)),
      make_event(text, 2, side(text, "Protesters", {"FRAOPP", "FRA", "OPP", ""}),
                 side(text, "the French government", {"FRAGOV", "FRA", "GOV", ""}), "1411", "",
                 place("Paris", "FRA", 48.85, 2.35, 2988507)),
  };
  analysis.events[0].negated = true;
  analysis.events[1].attributed_to = Attribution{"Iran", span_of(text, "Iran")};
  return sample;
}

Sample second_sample() {
  Sample sample;
  Document& doc = sample.document;
  doc.id = "news/second.txt";
  doc.path = "news/second.txt";
  doc.date = "2025-12-02";
  doc.format = "txt";
  doc.text = "The United Nations praised Syria.";
  sample.analysis.sentences = {{{0, static_cast<uint32_t>(doc.text.size())}, 0, 0}};
  sample.analysis.events = {
      make_event(doc.text, 0, side(doc.text, "The United Nations", {"IGOUNO", "", "", "United Nations"}),
                 side(doc.text, "Syria", {"SYR", "SYR", "", "Syria"}), "051", "2025-12-01",
                 std::nullopt)};
  return sample;
}

// Builds an EventQuery field by field (designated initialisers would warn about the rest).
struct Q {
  EventQuery query;
  Q& actor(std::string value) { query.actor = std::move(value); return *this; }
  Q& code(std::string value) { query.code = std::move(value); return *this; }
  Q& root(std::string value) { query.root = std::move(value); return *this; }
  Q& from(std::string value) { query.from = std::move(value); return *this; }
  Q& to(std::string value) { query.to = std::move(value); return *this; }
  Q& place(std::string value) { query.place = std::move(value); return *this; }
  Q& limit(size_t value) { query.limit = value; return *this; }
  operator EventQuery() const { return query; }  // NOLINT: implicit by design
};

std::vector<std::string> codes(const std::vector<EventRecord>& records) {
  std::vector<std::string> out;
  for (const auto& record : records) out.push_back(record.event.code);
  return out;
}

std::vector<std::string> query_codes(const Store& store, const EventQuery& query) {
  auto result = store.events(query);
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message());
  return result.ok() ? codes(result.value()) : std::vector<std::string>{"<error>"};
}

void expect_counts(const Store& store, int64_t documents, int64_t sentences, int64_t mentions,
                   int64_t events) {
  auto counts = store.counts();
  ASSERT_TRUE(counts.ok()) << counts.error().message();
  EXPECT_EQ(counts.value().documents, documents);
  EXPECT_EQ(counts.value().sentences, sentences);
  EXPECT_EQ(counts.value().actor_mentions, mentions);
  EXPECT_EQ(counts.value().events, events);
}

TEST_F(StoreTest, CreatesMarkedDatabase) {
  auto store = open_store();
  ASSERT_TRUE(store);
  expect_counts(*store, 0, 0, 0, 0);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_path().c_str(), &db), SQLITE_OK);
  auto pragma = [db](const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr);
    std::string value;
    if (sqlite3_step(stmt) == SQLITE_ROW) {
      value = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    return value;
  };
  EXPECT_EQ(pragma("PRAGMA application_id"), std::to_string(0x4348524E));
  EXPECT_EQ(pragma("PRAGMA user_version"), std::to_string(Store::kSchemaVersion));
  EXPECT_EQ(pragma("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(pragma("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name LIKE "
                   "'events_%'"),
            "9");  // schema 1's six; events_merged, events_network and events_order (schema 3)
  sqlite3_close(db);
}

TEST_F(StoreTest, AddStoresEverythingOnceOnly) {
  auto store = open_store();
  ASSERT_TRUE(store);
  Sample sample = first_sample();
  auto added = store->add(sample.document, sample.analysis);
  ASSERT_TRUE(added.ok()) << added.error().message();
  EXPECT_TRUE(added.value());
  expect_counts(*store, 1, 3, 4, 3);

  auto again = store->add(sample.document, sample.analysis);
  ASSERT_TRUE(again.ok()) << again.error().message();
  EXPECT_FALSE(again.value());
  expect_counts(*store, 1, 3, 4, 3);

  // The same id with different text is different content.
  Sample edited = first_sample();
  edited.document.text += " ";
  auto edited_added = store->add(edited.document, edited.analysis);
  ASSERT_TRUE(edited_added.ok());
  EXPECT_TRUE(edited_added.value());
  expect_counts(*store, 2, 6, 8, 6);
}

TEST_F(StoreTest, StoredEventsComeBackWhole) {
  auto store = open_store();
  ASSERT_TRUE(store);
  Sample sample = first_sample();
  ASSERT_TRUE(store->add(sample.document, sample.analysis).ok());
  auto records = store->events({});
  ASSERT_TRUE(records.ok()) << records.error().message();
  ASSERT_EQ(records.value().size(), 3u);
  // Dated events in date order, the undated one last.
  EXPECT_EQ(codes(records.value()), (std::vector<std::string>{"130", "042", "1411"}));
  const EventRecord& visit = records.value()[1];
  EXPECT_NE(visit.id, 0);
  EXPECT_EQ(visit.doc_id, "news/first.txt");
  EXPECT_EQ(visit.doc_date, "2025-11-17");
  EXPECT_EQ(visit.doc_source, "Wire");
  EXPECT_EQ(visit.doc_url, "https://example.org/first");
  EXPECT_EQ(visit.sentence_text,
            "Russian Deputy Defense Minister Yunus-Bek Yevkurov visited Syria in Damascus.");
  EXPECT_TRUE(visit.event.negated);
  ASSERT_TRUE(visit.event.source);
  EXPECT_EQ(visit.event.source->actor.name, "Yunus-Bek Yevkurov");
  EXPECT_EQ(visit.event.source->span, sample.analysis.events[0].source->span);
  ASSERT_TRUE(visit.event.place);
  EXPECT_EQ(visit.event.place->place.geonameid, 170654);
  EXPECT_DOUBLE_EQ(visit.event.place->place.lat, 33.51);
  EXPECT_EQ(visit.event.date, "2025-11-16");
  ASSERT_TRUE(records.value()[0].event.attributed_to);
  EXPECT_EQ(records.value()[0].event.attributed_to->text, "Iran");

  std::vector<std::string> streamed;
  Status status = store->for_each_event(
      [&streamed](const EventRecord& record) { streamed.push_back(record.event.code); });
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(streamed, codes(records.value()));
}

TEST_F(StoreTest, QueryFilters) {
  auto store = open_store();
  ASSERT_TRUE(store);
  Sample first = first_sample();
  Sample second = second_sample();
  ASSERT_TRUE(store->add(first.document, first.analysis).ok());
  ASSERT_TRUE(store->add(second.document, second.analysis).ok());

  using Codes = std::vector<std::string>;
  auto by = [&](EventQuery query) { return query_codes(*store, query); };
  EXPECT_EQ(by({}), (Codes{"130", "042", "051", "1411"}));
  // Actor: a code prefix on either side, or a name substring in any case.
  EXPECT_EQ(by(Q().actor("RUS")), (Codes{"042"}));
  EXPECT_EQ(by(Q().actor("FRA")), (Codes{"1411"}));
  EXPECT_EQ(by(Q().actor("ISR")), (Codes{"130"}));
  EXPECT_EQ(by(Q().actor("SYR")), (Codes{"042", "051"}));
  EXPECT_EQ(by(Q().actor("yevkurov")), (Codes{"042"}));
  EXPECT_EQ(by(Q().actor("United Nations")), (Codes{"051"}));
  EXPECT_EQ(by(Q().actor("MIL")), Codes{});  // a prefix, not any substring of the code
  // Event code: exact, or a prefix with '*'.
  EXPECT_EQ(by(Q().code("042")), (Codes{"042"}));
  EXPECT_EQ(by(Q().code("04")), Codes{});
  EXPECT_EQ(by(Q().code("04*")), (Codes{"042"}));
  EXPECT_EQ(by(Q().code("14*")), (Codes{"1411"}));
  EXPECT_EQ(by(Q().code("*")), (Codes{"130", "042", "051", "1411"}));
  EXPECT_EQ(by(Q().root("13")), (Codes{"130"}));
  EXPECT_EQ(by(Q().root("05")), (Codes{"051"}));
  // Dates: inclusive range; undated events are excluded once a bound is given.
  EXPECT_EQ(by(Q().from("2025-11-11")), (Codes{"042", "051"}));
  EXPECT_EQ(by(Q().to("2025-11-16")), (Codes{"130", "042"}));
  EXPECT_EQ(by(Q().from("2025-11-16").to("2025-11-16")), (Codes{"042"}));
  EXPECT_EQ(by(Q().from("2026-01-01")), Codes{});
  // Place: substring of the place name.
  EXPECT_EQ(by(Q().place("dam")), (Codes{"042"}));
  EXPECT_EQ(by(Q().place("Paris")), (Codes{"1411"}));
  // Filters combine with AND; the limit cuts the ordered list.
  EXPECT_EQ(by(Q().actor("SYR").from("2025-12-01")), (Codes{"051"}));
  EXPECT_EQ(by(Q().actor("IRN").root("04")), Codes{});
  EXPECT_EQ(by(Q().limit(2)), (Codes{"130", "042"}));
}

TEST_F(StoreTest, HostileFilterTextIsOnlyText) {
  auto store = open_store();
  ASSERT_TRUE(store);
  Sample sample = first_sample();
  ASSERT_TRUE(store->add(sample.document, sample.analysis).ok());
  using Codes = std::vector<std::string>;
  EXPECT_EQ(query_codes(*store, Q().actor("' OR 1=1 --")), Codes{});
  EXPECT_EQ(query_codes(*store, Q().code("042'; DROP TABLE events; --")), Codes{});
  EXPECT_EQ(query_codes(*store, Q().place("%' OR '1'='1")), Codes{});
  EXPECT_EQ(query_codes(*store, Q().root("13\" OR \"1\"=\"1")), Codes{});
  // LIKE wildcards typed by a user match literally.
  EXPECT_EQ(query_codes(*store, Q().actor("%")), Codes{});
  EXPECT_EQ(query_codes(*store, Q().place("_")), Codes{});
  EXPECT_EQ(query_codes(*store, Q().code("%*")), Codes{});
  expect_counts(*store, 1, 3, 4, 3);
}

TEST_F(StoreTest, ReopenKeepsData) {
  Sample sample = first_sample();
  {
    auto store = open_store();
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->add(sample.document, sample.analysis).ok());
  }
  auto store = open_store();
  ASSERT_TRUE(store);
  expect_counts(*store, 1, 3, 4, 3);
  EXPECT_EQ(query_codes(*store, Q().actor("RUS")), (std::vector<std::string>{"042"}));
  auto again = store->add(sample.document, sample.analysis);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again.value());
}

TEST_F(StoreTest, RefusesForeignSqliteDatabase) {
  raw_sql("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine');");
  auto store = Store::open(db_path());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().message(), db_path() + " is not a Chronicle database");
  // Refusing must not have changed the file (no WAL switch, no tables of ours).
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_path().c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_schema", -1, &stmt, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(stmt, 0), 1);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

TEST_F(StoreTest, RefusesFileThatIsNotSqlite) {
  {
    std::ofstream out(db_path());
    out << "this is a plain text file, long enough to be read as a broken database header\n";
  }
  auto store = Store::open(db_path());
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.error().message().find(db_path() + " is not a Chronicle database"),
            std::string::npos)
      << store.error().message();
}

TEST_F(StoreTest, RefusesNewerSchema) {
  { ASSERT_TRUE(open_store()); }
  const int newer = Store::kSchemaVersion + 1;
  raw_sql("PRAGMA user_version = " + std::to_string(newer) + ";");
  auto store = Store::open(db_path());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().message(), db_path() + " was written by a newer Chronicle (schema " + std::to_string(newer) +
                                         ", this build reads up to " + std::to_string(Store::kSchemaVersion) + ")");
}

// A schema-1 database (no full-text index) is upgraded in place when opened: its sentences become
// searchable, and what it held is kept.
// A copy of a report under another publisher's name, then the file taken back to schema 2: opening
// it signs the documents, groups the copy with its original and merges their events, as an
// ingest into a new file does.
TEST_F(StoreTest, UpgradesSchemaTwoAndMergesWhatItHolds) {
  Sample original = first_sample();
  Sample copy = first_sample();
  copy.document.id = "news/copy.txt";
  copy.document.source = "Other Wire";
  copy.document.text += " ";
  for (Sample* sample : {&original, &copy}) {
    for (Event& event : sample->analysis.events) {
      event.date = "2025-11-16";  // "on Sunday": undated events merge only within a document
      event.date_precision = "day";
      event.date_text = "on Sunday";
    }
  }
  auto merged_counts = [](Store& store) {
    auto events = store.events({});
    EXPECT_TRUE(events.ok());
    std::vector<std::string> out;
    for (const EventRecord& record : events.value()) {
      out.push_back(record.doc_id + " " + record.event.code + " merged=" +
                    std::to_string(record.merge.merged_id != 0) +
                    " mentions=" + std::to_string(record.merge.num_mentions) +
                    " sources=" + std::to_string(record.merge.num_sources) +
                    " articles=" + std::to_string(record.merge.num_articles));
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  std::vector<std::string> fresh;
  {
    auto store = open_store();
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->add(original.document, original.analysis).ok());
    ASSERT_TRUE(store->add(copy.document, copy.analysis).ok());
    fresh = merged_counts(*store);
  }
  ASSERT_FALSE(fresh.empty());
  for (const std::string& line : fresh) {
    if (line.find("merged=1") == std::string::npos) continue;
    // One happening told twice, by two publishers whose texts are copies: one source.
    EXPECT_NE(line.find("mentions=2 sources=1 articles=2"), std::string::npos) << line;
  }
  downgrade_to_schema_two();
  auto store = open_store();
  ASSERT_TRUE(store);
  EXPECT_EQ(merged_counts(*store), fresh);
}

TEST_F(StoreTest, UpgradesSchemaOneInPlace) {
  {
    auto store = open_store();
    ASSERT_TRUE(store);
    Sample sample = first_sample();
    ASSERT_TRUE(store->add(sample.document, sample.analysis).ok());
  }
  // Back to schema 1 as an older Chronicle left it.
  downgrade_to_schema_two();
  raw_sql(
      "DROP TRIGGER sentences_fts_insert; DROP TRIGGER sentences_fts_delete; DROP TABLE sentences_fts; "
      "DROP TRIGGER actor_mentions_fts_insert; DROP TRIGGER actor_mentions_fts_delete; "
      "DROP TABLE actor_mentions_fts; DROP INDEX actor_mentions_summary; PRAGMA user_version = 1;");
  auto store = open_store();
  ASSERT_TRUE(store);
  auto hits = store->search_sentences({"warned Israel"});
  ASSERT_TRUE(hits.ok()) << hits.error().message();
  ASSERT_EQ(hits.value().size(), 1u);
  EXPECT_EQ(hits.value().front().text, "Iran warned Israel in Tehran.");
  auto counted = store->count_sentences({"warned Israel"});
  ASSERT_TRUE(counted.ok());
  EXPECT_EQ(counted.value(), 1);
  // Words out of order, FTS5 syntax and quotes are plain words, never query syntax or errors.
  for (const char* text : {"Israel warned", "warned OR Iran", "\"", "NEAR(a b)", "*", "' OR 1=1 --"}) {
    auto other = store->search_sentences({text});
    ASSERT_TRUE(other.ok()) << text << ": " << other.error().message();
    EXPECT_TRUE(other.value().empty()) << text;
  }
  // Actor names and mention words are searchable too.
  auto actors = store->actors({"Yevkurov"});
  ASSERT_TRUE(actors.ok()) << actors.error().message();
  ASSERT_EQ(actors.value().size(), 1u);
  EXPECT_EQ(actors.value().front().code, "RUSMIL");
  // New sentences are indexed as they are added.
  Sample second = first_sample();
  second.document.id = "news/second.txt";
  second.document.text += " ";
  ASSERT_TRUE(store->add(second.document, second.analysis).ok());
  auto both = store->count_sentences({"warned Israel"});
  ASSERT_TRUE(both.ok());
  EXPECT_EQ(both.value(), 2);
}

TEST_F(StoreTest, OpenErrorNamesTheFile) {
  std::string missing = (dir_ / "no-such-dir" / "x.db").string();
  auto store = Store::open(missing);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.error().message().find(missing), std::string::npos);
}

TEST_F(StoreTest, FailedAddLeavesNothingBehind) {
  {
    auto store = open_store();
    ASSERT_TRUE(store);
    Sample second = second_sample();
    ASSERT_TRUE(store->add(second.document, second.analysis).ok());
  }
  // A trigger makes the third event's insert fail after the document, sentences, mentions and
  // two events of the same add were written.
  raw_sql(
      "CREATE TRIGGER provoke BEFORE INSERT ON events WHEN NEW.code = '1411' "
      "BEGIN SELECT RAISE(ABORT, 'provoked failure'); END;");
  auto store = open_store();
  ASSERT_TRUE(store);
  expect_counts(*store, 1, 1, 0, 1);
  Sample sample = first_sample();
  auto failed = store->add(sample.document, sample.analysis);
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.error().message().find("provoked failure"), std::string::npos)
      << failed.error().message();
  EXPECT_NE(failed.error().message().find("news/first.txt"), std::string::npos);
  expect_counts(*store, 1, 1, 0, 1);

  // Nothing half-written blocks a later add of the same content.
  raw_sql("DROP TRIGGER provoke;");
  auto retried = store->add(sample.document, sample.analysis);
  ASSERT_TRUE(retried.ok()) << retried.error().message();
  EXPECT_TRUE(retried.value());
  expect_counts(*store, 2, 4, 4, 4);
}

// ---- the browsing queries behind `chronicle serve` ---------------------------------------------

class BrowseTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    store_ = open_store();
    ASSERT_TRUE(store_);
    Sample first = first_sample();
    Sample second = second_sample();
    ASSERT_TRUE(store_->add(first.document, first.analysis).ok());
    ASSERT_TRUE(store_->add(second.document, second.analysis).ok());
  }
  std::vector<std::string> page_codes(const EventQuery& query) {
    auto page = store_->event_page(query);
    EXPECT_TRUE(page.ok()) << (page.ok() ? "" : page.error().message());
    std::vector<std::string> out;
    if (page.ok()) {
      for (const StoredEvent& event : page.value()) out.push_back(event.record.event.code);
    }
    return out;
  }
  int64_t count(const EventQuery& query) {
    auto total = store_->count_events(query);
    EXPECT_TRUE(total.ok());
    return total.ok() ? total.value() : -1;
  }
  std::unique_ptr<Store> store_;
};

TEST_F(BrowseTest, EventPagesAndCounts) {
  using V = std::vector<std::string>;
  EventQuery page;
  page.limit = 2;
  EXPECT_EQ(page_codes(page), (V{"130", "042"}));
  page.offset = 2;
  EXPECT_EQ(page_codes(page), (V{"051", "1411"}));
  page.offset = 4;
  EXPECT_TRUE(page_codes(page).empty());
  EXPECT_EQ(count(EventQuery{}), 4);

  EventQuery in_first;
  in_first.document = 1;
  EXPECT_EQ(count(in_first), 3);
  auto events = store_->event_page(in_first);
  ASSERT_TRUE(events.ok());
  for (const StoredEvent& event : events.value()) EXPECT_EQ(event.document, 1);

  EventQuery text;
  text.text = "WARNED";  // ASCII case-insensitive
  EXPECT_EQ(page_codes(text), (V{"130"}));
  text.text = "%";  // a wildcard is a literal character
  EXPECT_EQ(count(text), 0);
  EventQuery exact;
  exact.actor_code = "RUS";  // exact, unlike `actor`, which takes RUS as a prefix
  EXPECT_EQ(count(exact), 0);
  exact.actor_code = "RUSMIL";
  EXPECT_EQ(page_codes(exact), (V{"042"}));

  auto one = store_->event(events.value()[0].record.id);
  ASSERT_TRUE(one.ok());
  ASSERT_TRUE(one.value());
  EXPECT_EQ(one.value()->record.event.code, events.value()[0].record.event.code);
  EXPECT_EQ(one.value()->record.doc_id, "news/first.txt");
  auto none = store_->event(999);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none.value());
}

TEST_F(BrowseTest, ActorsAndProfiles) {
  ActorQuery all;
  auto actors = store_->actors(all);
  ASSERT_TRUE(actors.ok()) << actors.error().message();
  EXPECT_EQ(actors.value().size(), 4u);
  EXPECT_EQ(store_->count_actors(all).value(), 4);
  ActorQuery by_name;
  by_name.text = "yevkurov";
  auto found = store_->actors(by_name);
  ASSERT_EQ(found.value().size(), 1u);
  EXPECT_EQ(found.value()[0].code, "RUSMIL");
  EXPECT_EQ(found.value()[0].name, "Yunus-Bek Yevkurov");

  auto profile = store_->actor_profile("IRN");
  ASSERT_TRUE(profile.ok()) << profile.error().message();
  ASSERT_TRUE(profile.value());
  EXPECT_EQ(profile.value()->events_as_source, 1);
  EXPECT_EQ(profile.value()->events_as_target, 0);
  ASSERT_EQ(profile.value()->counterparts.size(), 1u);
  EXPECT_EQ(profile.value()->counterparts[0].first, "ISR");
  EXPECT_FALSE(store_->actor_profile("' OR 1=1 --").value());

  auto mentions = store_->mention_counts({"IRN", "FRAOPP", "NOBODY", "\"]) --"});
  ASSERT_TRUE(mentions.ok()) << mentions.error().message();
  EXPECT_EQ(mentions.value().size(), 2u);
}

TEST_F(BrowseTest, DocumentsWithTheirLayers) {
  DocumentQuery all;
  auto documents = store_->documents(all);
  ASSERT_TRUE(documents.ok()) << documents.error().message();
  ASSERT_EQ(documents.value().size(), 2u);
  EXPECT_EQ(documents.value()[0].doc_id, "news/first.txt");
  EXPECT_EQ(documents.value()[0].events, 3);
  DocumentQuery later;
  later.from = "2025-12-01";
  EXPECT_EQ(store_->count_documents(later).value(), 1);

  auto document = store_->document(documents.value()[0].id);
  ASSERT_TRUE(document.ok()) << document.error().message();
  ASSERT_TRUE(document.value());
  EXPECT_EQ(document.value()->sentences.size(), 3u);
  EXPECT_EQ(document.value()->mentions.size(), 4u);
  EXPECT_EQ(document.value()->text, first_sample().document.text);
  EXPECT_FALSE(store_->document(99).value());
}

TEST_F(BrowseTest, Aggregates) {
  auto dates = store_->event_dates(EventQuery{});
  ASSERT_TRUE(dates.ok()) << dates.error().message();
  ASSERT_EQ(dates.value().size(), 3u);  // the undated event has no day
  EXPECT_EQ(dates.value()[0].date, "2025-11-10");

  auto edges = store_->actor_network(EventQuery{}, 2);
  ASSERT_TRUE(edges.ok()) << edges.error().message();
  EXPECT_EQ(edges.value().size(), 2u);
  EXPECT_DOUBLE_EQ(edges.value()[0].mean_goldstein, 1.9);

  auto places = store_->event_places(EventQuery{}, 10);
  ASSERT_TRUE(places.ok()) << places.error().message();
  ASSERT_EQ(places.value().size(), 3u);
  for (const PlaceCount& place : places.value()) {
    if (place.name == "Damascus") {
      EXPECT_DOUBLE_EQ(place.lat, 33.51);
    }
  }

  SentenceQuery search;
  search.text = "iran";
  auto hits = store_->search_sentences(search);
  ASSERT_TRUE(hits.ok()) << hits.error().message();
  ASSERT_EQ(hits.value().size(), 1u);
  EXPECT_EQ(hits.value()[0].text, "Iran warned Israel in Tehran.");
  EXPECT_EQ(hits.value()[0].events, 1);
  EXPECT_EQ(store_->count_sentences(search).value(), 1);

  auto stats = store_->stats();
  ASSERT_TRUE(stats.ok()) << stats.error().message();
  EXPECT_EQ(stats.value().first_date, "2025-11-10");
  EXPECT_EQ(stats.value().last_date, "2025-12-01");
  EXPECT_EQ(stats.value().negated, 1);
  EXPECT_EQ(stats.value().undated, 1);
  EXPECT_EQ(stats.value().counts.events, 4);
}

}  // namespace
}  // namespace chronicle
