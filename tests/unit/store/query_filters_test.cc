// The query commands' reads (issue 5): the event filters --between, --quad, --min-sources, --text,
// --hedged/--negated (Store::Impl::event_conditions, shared by events, counts, timeline and
// network), the timeline grouped by happening, the network with its nodes and the stats by month.
//
// Three reports, hand-built as the pipeline would: B is stored before A but published after it,
// so that "the earliest report" and "the first stored" differ; C has no date. The merged events
// (another stage fills them) are written by hand: A's and B's attack on Ukraine are one happening
// told by two sources.
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "chronicle/store.h"
#include "raw_sqlite.h"

namespace chronicle {
namespace {

namespace fs = std::filesystem;

struct EventSpec {
  std::string sentence;
  std::string source_words;
  ActorRef source;
  std::string target_words;
  ActorRef target;
  std::string code;
  int quad_class = 1;
  std::string date;   // day precision; empty: undated
  std::string place;  // resolved place name; empty: none
  bool hedged = false;
  bool negated = false;
};

struct Sample {
  Document document;
  Analysis analysis;
};

// One sentence per event; both sides are actor mentions; the evidence runs from the source to
// the end of the target.
Sample make_report(const std::string& id, const std::string& date,
                   const std::vector<EventSpec>& specs) {
  Sample sample;
  Document& doc = sample.document;
  doc.id = id;
  doc.path = id;
  doc.date = date;
  doc.format = "txt";
  for (const EventSpec& spec : specs) {
    if (!doc.text.empty()) doc.text += ' ';
    doc.text += spec.sentence;
  }
  uint32_t sentence_begin = 0;
  for (size_t spec_idx = 0; spec_idx < specs.size(); ++spec_idx) {
    const EventSpec& spec = specs[spec_idx];
    const auto sentence_end = static_cast<uint32_t>(sentence_begin + spec.sentence.size());
    sample.analysis.sentences.push_back({{sentence_begin, sentence_end}, 0, 0});
    auto span_of = [&](const std::string& words) {
      size_t at = spec.sentence.find(words);
      EXPECT_NE(at, std::string::npos) << words;
      return Span{static_cast<uint32_t>(sentence_begin + at),
                  static_cast<uint32_t>(sentence_begin + at + words.size())};
    };
    Event event;
    event.sentence = static_cast<uint32_t>(spec_idx);
    event.source = EventActor{spec.source_words, span_of(spec.source_words), spec.source};
    event.target = EventActor{spec.target_words, span_of(spec.target_words), spec.target};
    event.evidence = {event.source->span.begin, event.target->span.end};
    event.code = spec.code;
    event.root = spec.code.substr(0, 2);
    event.label = "label " + spec.code;
    event.quad_class = spec.quad_class;
    event.goldstein = spec.quad_class >= 3 ? -5.0 : 3.0;
    event.hedged = spec.hedged;
    event.negated = spec.negated;
    if (!spec.date.empty()) {
      event.date = spec.date;
      event.date_precision = "day";
    }
    if (!spec.place.empty()) {
      event.place = EventPlace{spec.place, {spec.place, "XXX", "XX", "", 1.0, 2.0, 7, "P.PPL"}};
    }
    for (const EventActor* side : {&*event.source, &*event.target}) {
      ActorMention mention;
      mention.range.span = side->span;
      mention.range.first_token = 100000;  // no tokens: the store places mentions by their span
      mention.text = side->text;
      mention.actor = side->actor;
      mention.kind = "country";
      sample.analysis.actors.push_back(mention);
    }
    sample.analysis.events.push_back(std::move(event));
    sentence_begin = sentence_end + 1;
  }
  return sample;
}

const ActorRef kRussia{"RUS", "RUS", "", "Russia"};
const ActorRef kRussianForces{"RUSMIL", "RUS", "MIL", "Russian Armed Forces"};
const ActorRef kUkraine{"UKR", "UKR", "", "Ukraine"};
const ActorRef kFrance{"FRA", "FRA", "", "France"};
const ActorRef kGermany{"DEU", "DEU", "", "Germany"};
const ActorRef kPoland{"POL", "POL", "", "Poland"};

// Stored first, published second (2025-02-10).
Sample report_b() {
  return make_report(
      "wire/b.txt", "2025-02-10",
      {{"Russian forces attacked Ukraine again.", "Russian forces", kRussianForces, "Ukraine",
        kUkraine, "190", 4, "2025-01-04", "Kharkiv"},
       {"Germany praised France for the 50% deal.", "Germany", kGermany, "France", kFrance, "051",
        1, "2025-02-09", "Berlin"}});
}

// Stored second, published first (2025-01-05).
Sample report_a() {
  EventSpec hedged{"Ukraine may accuse Russia of shelling.", "Ukraine", kUkraine, "Russia",
                   kRussia, "112", 3, "2025-01-05", ""};
  hedged.hedged = true;
  EventSpec negated{"France did not criticize Germany.", "France", kFrance, "Germany", kGermany,
                    "111", 3, "2025-01-05", ""};
  negated.negated = true;
  return make_report("wire/a.txt", "2025-01-05",
                     {{"Russia attacked Ukraine near Kharkiv.", "Russia", kRussia, "Ukraine",
                       kUkraine, "190", 4, "2025-01-04", "Kharkiv"},
                      hedged,
                      negated});
}

// No date at all.
Sample report_c() {
  return make_report("wire/c.txt", "",
                     {{"Poland met Ukraine.", "Poland", kPoland, "Ukraine", kUkraine, "040", 1,
                       "", ""}});
}

class QueryFiltersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("chronicle-queries-" + std::to_string(::getpid()) + "-" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto store = Store::open(db_path());
    ASSERT_TRUE(store.ok()) << store.error().message();
    store_ = std::move(store).value();
    for (const Sample& sample : {report_b(), report_a(), report_c()}) {
      auto added = store_->add(sample.document, sample.analysis);
      ASSERT_TRUE(added.ok()) << added.error().message();
      ASSERT_TRUE(added.value());
    }
    // The happenings, by hand: whatever merging stored is replaced by two known ones.
    raw_sql(
        "UPDATE events SET merged_id = NULL; DELETE FROM merged_events;"
        "INSERT INTO merged_events (id, bucket, key, representative, code, root, quad_class, "
        "goldstein, date, num_mentions, num_sources, num_articles, first_seen, last_seen) VALUES "
        "(501, 'b1', 'k501', 0, '190', '19', 4, -5, '2025-01-04', 2, 2, 2, '2025-01-05', "
        "'2025-02-10'), (502, 'b2', 'k502', 0, '051', '05', 1, 3, '2025-02-09', 1, 1, 1, "
        "'2025-02-10', '2025-02-10');"
        "UPDATE events SET merged_id = 501 WHERE code = '190';"
        "UPDATE events SET merged_id = 502 WHERE code = '051';");
    // Read through a fresh connection, as every query command does: the one that wrote may still
    // hold the read snapshot of a statement it left unfinished.
    store_.reset();
    auto reopened = Store::open(db_path());
    ASSERT_TRUE(reopened.ok()) << reopened.error().message();
    store_ = std::move(reopened).value();
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }
  std::string db_path() const { return (dir_ / "test.db").string(); }

  void raw_sql(const std::string& sql) { testing::raw_sql(db_path(), sql); }

  // "doc:code" of the matching events in order, checked against count_events.
  std::vector<std::string> matching(const EventQuery& query) {
    auto events = store_->events(query);
    EXPECT_TRUE(events.ok()) << (events.ok() ? "" : events.error().message());
    std::vector<std::string> out;
    if (!events.ok()) return {"<error>"};
    for (const EventRecord& record : events.value()) {
      out.push_back(std::string(1, record.doc_id[5]) + ":" + record.event.code);
    }
    auto total = store_->count_events(query);
    EXPECT_TRUE(total.ok());
    if (total.ok()) {
      EXPECT_EQ(total.value(), static_cast<int64_t>(out.size()));
    }
    return out;
  }

  fs::path dir_;
  std::unique_ptr<Store> store_;
};

using Codes = std::vector<std::string>;

EventQuery between(std::string a, std::string b) {
  EventQuery query;
  query.between_a = std::move(a);
  query.between_b = std::move(b);
  return query;
}

TEST_F(QueryFiltersTest, BetweenMatchesEitherDirectionLikeActor) {
  // B's RUSMIL matches the code prefix RUS; A's hedged event runs Ukraine -> Russia.
  EXPECT_EQ(matching(between("RUS", "UKR")), (Codes{"b:190", "a:190", "a:112"}));
  EXPECT_EQ(matching(between("UKR", "RUS")), (Codes{"b:190", "a:190", "a:112"}));
  // Names match as substrings, case-insensitively: only B's source is named "Russian ...".
  EXPECT_EQ(matching(between("russian", "ukraine")), (Codes{"b:190"}));
  // Both sides must match, one each: Ukraine with itself, or Russia with Germany, is nothing.
  EXPECT_TRUE(matching(between("UKR", "UKR")).empty());
  EXPECT_TRUE(matching(between("RUS", "DEU")).empty());
  // One value alone does not filter.
  EXPECT_EQ(matching(between("RUS", "")).size(), 6u);
}

TEST_F(QueryFiltersTest, BetweenValuesAreLiteral) {
  // LIKE wildcards and quotes are plain characters: "%" matches no name, the quote breaks nothing.
  EXPECT_TRUE(matching(between("%", "%")).empty());
  EXPECT_TRUE(matching(between("_", "UKR")).empty());
  EXPECT_TRUE(matching(between("' OR 1=1 --", "UKR")).empty());
}

TEST_F(QueryFiltersTest, QuadClass) {
  EventQuery query;
  query.quad_class = 4;
  EXPECT_EQ(matching(query), (Codes{"b:190", "a:190"}));
  query.quad_class = 1;
  EXPECT_EQ(matching(query), (Codes{"b:051", "c:040"}));
  query.quad_class = 2;
  EXPECT_TRUE(matching(query).empty());
}

TEST_F(QueryFiltersTest, HedgedAndNegatedAreTriStates) {
  EventQuery query;
  query.hedged = true;
  EXPECT_EQ(matching(query), (Codes{"a:112"}));
  query.hedged = false;
  EXPECT_EQ(matching(query), (Codes{"b:190", "a:190", "a:111", "b:051", "c:040"}));
  query.hedged.reset();
  query.negated = true;
  EXPECT_EQ(matching(query), (Codes{"a:111"}));
  query.negated = false;
  query.quad_class = 3;  // filters combine
  EXPECT_EQ(matching(query), (Codes{"a:112"}));
}

TEST_F(QueryFiltersTest, TextIsAFullTextPhraseOfTheSentence) {
  EventQuery query;
  query.text = "SHELLING";
  EXPECT_EQ(matching(query), (Codes{"a:112"}));
  query.text = "attacked Ukraine";
  EXPECT_EQ(matching(query), (Codes{"b:190", "a:190"}));
  query.text = "Ukraine attacked";  // the words in this order only
  EXPECT_TRUE(matching(query).empty());
  query.text = "50% deal";  // "%" is no operator
  EXPECT_EQ(matching(query), (Codes{"b:051"}));
}

TEST_F(QueryFiltersTest, MinSourcesReadsMergedEvents) {
  EventQuery query;
  query.min_sources = 1;
  EXPECT_EQ(matching(query), (Codes{"b:190", "a:190", "b:051"}));
  query.min_sources = 2;
  EXPECT_EQ(matching(query), (Codes{"b:190", "a:190"}));
  query.min_sources = 3;
  EXPECT_TRUE(matching(query).empty());
  // Never-merged events (merged_id NULL) fail even the smallest bound.
  raw_sql("UPDATE events SET merged_id = NULL WHERE code = '051'");
  query.min_sources = 1;
  EXPECT_EQ(matching(query), (Codes{"b:190", "a:190"}));
  // The same conditions narrow the aggregates.
  auto edges = store_->actor_network(query, 0);
  ASSERT_TRUE(edges.ok()) << edges.error().message();
  EXPECT_EQ(edges.value().size(), 2u);
}

std::vector<std::string> timeline_rows(const Store& store, const EventQuery& query,
                                       bool every_mention) {
  auto entries = store.timeline(query, every_mention);
  EXPECT_TRUE(entries.ok()) << (entries.ok() ? "" : entries.error().message());
  if (!entries.ok()) return {"<error>"};
  std::vector<std::string> out;
  for (const TimelineEntry& entry : entries.value()) {
    const EventRecord& record = entry.event.record;
    out.push_back(std::string(1, record.doc_id[5]) + ":" + record.event.code + " x" +
                  std::to_string(entry.matched_mentions));
  }
  return out;
}

TEST_F(QueryFiltersTest, TimelineGroupsMentionsOfOneHappening) {
  // The attack is one row, shown from report A, published first though stored second; undated
  // events come last.
  EXPECT_EQ(timeline_rows(*store_, EventQuery{}, false),
            (Codes{"a:190 x2", "a:112 x1", "a:111 x1", "b:051 x1", "c:040 x1"}));
  EXPECT_EQ(timeline_rows(*store_, EventQuery{}, true),
            (Codes{"b:190 x1", "a:190 x1", "a:112 x1", "a:111 x1", "b:051 x1", "c:040 x1"}));
  // Grouping counts only the matching mentions; the happening's counts stay whole.
  EventQuery forces;
  forces.actor = "RUSMIL";
  auto entries = store_->timeline(forces, false);
  ASSERT_TRUE(entries.ok()) << entries.error().message();
  ASSERT_EQ(entries.value().size(), 1u);
  const TimelineEntry& entry = entries.value()[0];
  EXPECT_EQ(entry.event.record.doc_id, "wire/b.txt");
  EXPECT_EQ(entry.matched_mentions, 1);
  EXPECT_EQ(entry.event.record.merge.merged_id, 501);
  EXPECT_EQ(entry.event.record.merge.num_sources, 2);
  EXPECT_EQ(entry.event.record.merge.num_articles, 2);
  EXPECT_EQ(entry.event.record.merge.first_seen, "2025-01-05");
  // Paging cuts rows, not mentions.
  EventQuery page;
  page.limit = 2;
  page.offset = 1;
  EXPECT_EQ(timeline_rows(*store_, page, false), (Codes{"a:112 x1", "a:111 x1"}));
}

TEST_F(QueryFiltersTest, TimelineCarriesTheEvidence) {
  auto entries = store_->timeline(EventQuery{}, false);
  ASSERT_TRUE(entries.ok()) << entries.error().message();
  ASSERT_FALSE(entries.value().empty());
  const TimelineEntry& first = entries.value()[0];
  const std::string text = report_a().document.text;
  EXPECT_EQ(first.event.record.sentence_text, "Russia attacked Ukraine near Kharkiv.");
  EXPECT_EQ(first.evidence_text, "Russia attacked Ukraine");
  EXPECT_EQ(first.sentence, (Span{0, 37}));
  EXPECT_EQ(first.event.record.event.sentence, 0u);
  EXPECT_GT(first.event.document, 0);
  const TimelineEntry& second = entries.value()[1];  // A's second sentence, later in the text
  EXPECT_EQ(second.evidence_text, "Ukraine may accuse Russia");
  Span evidence = second.event.record.event.evidence;
  EXPECT_EQ(text.substr(evidence.begin, evidence.end - evidence.begin), second.evidence_text);
  EXPECT_EQ(text.substr(second.sentence.begin, second.sentence.end - second.sentence.begin),
            second.event.record.sentence_text);
}

TEST_F(QueryFiltersTest, NetworkHasNodesWithNamesAndCounts) {
  auto network = store_->network(EventQuery{}, 0);
  ASSERT_TRUE(network.ok()) << network.error().message();
  EXPECT_EQ(network.value().edges.size(), 6u);
  std::vector<std::string> codes;
  for (const ActorNode& node : network.value().nodes) codes.push_back(node.code);
  EXPECT_EQ(codes, (Codes{"DEU", "FRA", "POL", "RUS", "RUSMIL", "UKR"}));
  const ActorNode& ukraine = network.value().nodes.back();
  EXPECT_EQ(ukraine.name, "Ukraine");
  EXPECT_EQ(ukraine.mentions, 4);
  EXPECT_EQ(ukraine.events, 4);

  EventQuery january;
  january.from = "2025-01-01";
  january.to = "2025-01-31";
  january.quad_class = 4;
  auto attacks = store_->network(january, 0);
  ASSERT_TRUE(attacks.ok()) << attacks.error().message();
  ASSERT_EQ(attacks.value().edges.size(), 2u);
  for (const ActorEdge& edge : attacks.value().edges) {
    EXPECT_EQ(edge.target, "UKR");
    EXPECT_EQ(edge.quad_counts[3], 1);
    EXPECT_DOUBLE_EQ(edge.mean_goldstein, -5.0);
  }
  EXPECT_EQ(attacks.value().nodes.size(), 3u);
}

TEST_F(QueryFiltersTest, StatsByMonthOfTheDocumentDate) {
  auto stats = store_->monthly_stats();
  ASSERT_TRUE(stats.ok()) << stats.error().message();
  const std::vector<MonthStats>& months = stats.value().months;
  ASSERT_EQ(months.size(), 3u);
  EXPECT_EQ(months[0].month, "2025-01");
  EXPECT_EQ(months[0].documents, 1);
  EXPECT_EQ(months[0].sentences, 3);
  EXPECT_EQ(months[0].events, 3);
  EXPECT_EQ(months[0].actors, 4);  // RUS UKR FRA DEU
  EXPECT_EQ(months[0].events_with_place, 1);
  EXPECT_EQ(months[0].places, 1);
  EXPECT_EQ(months[0].events_by_event_date, 4);  // B's attack happened in January too
  EXPECT_EQ(months[1].month, "2025-02");
  EXPECT_EQ(months[1].sentences, 2);
  EXPECT_EQ(months[1].actors, 4);  // RUSMIL UKR DEU FRA
  EXPECT_EQ(months[1].events_with_place, 2);
  EXPECT_EQ(months[1].places, 2);
  EXPECT_EQ(months[1].events_by_event_date, 1);
  EXPECT_EQ(months[2].month, "");  // undated documents last
  EXPECT_EQ(months[2].documents, 1);
  EXPECT_EQ(months[2].actors, 2);
  EXPECT_EQ(months[2].events_by_event_date, 0);
  const MonthStats& total = stats.value().total;
  EXPECT_EQ(total.documents, 3);
  EXPECT_EQ(total.sentences, 6);
  EXPECT_EQ(total.events, 6);
  EXPECT_EQ(total.actors, 6);  // distinct over all months, not their sum (10)
  EXPECT_EQ(total.events_with_place, 3);
  EXPECT_EQ(total.places, 2);  // Kharkiv twice, Berlin
  EXPECT_EQ(total.events_by_event_date, 5);
}

}  // namespace
}  // namespace chronicle
