// The query commands end to end (issue 5): `events` with its new filters, `timeline`, `network`
// and `stats`, each in table, CSV and JSON (and GraphML), over a database the real CLI built from
// examples/. Checks what holds whatever the coder finds: every answer obeys its filter, the
// formats agree with each other, the timeline's groups add up to the events, the months to the
// totals; and that bad combinations are usage errors (status 2) that say why.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli_runner.h"

namespace chronicle::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class QueryCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    fs::path examples = fs::path(CHRONICLE_SOURCE_DIR) / "examples";
    if (!fs::exists(examples)) return;
    fs::path dir = temp_dir("query-cli");
    db_ = new std::string((dir / "examples.db").string());
    CliResult ingest = run_cli({"ingest", "--db", *db_, examples.string()});
    if (ingest.status != 0) {
      ADD_FAILURE() << "ingest failed: " << ingest.err;
      delete db_;
      db_ = nullptr;
    }
  }
  static void TearDownTestSuite() {
    delete db_;
    db_ = nullptr;
  }
  void SetUp() override {
    if (!db_) GTEST_SKIP() << "no database built from examples/";
  }

  // Runs `chronicle COMMAND --db DB ARGS...`; expects success and returns standard output.
  static std::string run(const std::string& command, std::vector<std::string> args) {
    args.insert(args.begin(), {command, "--db", *db_});
    CliResult result = run_cli(args);
    EXPECT_EQ(result.status, 0) << command << ": " << result.err;
    return result.out;
  }
  static json run_json(const std::string& command, std::vector<std::string> args) {
    args.insert(args.end(), {"--format", "json"});
    json out = json::parse(run(command, args), nullptr, false);
    EXPECT_FALSE(out.is_discarded()) << command << " printed invalid JSON";
    return out;
  }
  static json events(std::vector<std::string> args) {
    json out = run_json("events", std::move(args));
    EXPECT_TRUE(out["events"].is_array());
    EXPECT_EQ(out["count"], out["events"].size());
    return out["events"];
  }

  static std::string* db_;
};
std::string* QueryCliTest::db_ = nullptr;

std::string code_of(const json& side) {
  return side.is_object() ? side.value("code", std::string()) : std::string();
}

size_t line_count(const std::string& text) {
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
}

TEST_F(QueryCliTest, EventsFiltersKeepOnlyWhatTheySay) {
  json all = events({});
  ASSERT_GT(all.size(), 5u) << "examples/ should give a handful of events";

  // --between with the two codes of a real event: every answer joins them, either way round.
  std::string a;
  std::string b;
  for (const json& event : all) {
    if (!code_of(event["source"]).empty() && !code_of(event["target"]).empty() &&
        code_of(event["source"]) != code_of(event["target"])) {
      a = code_of(event["source"]);
      b = code_of(event["target"]);
      break;
    }
  }
  ASSERT_FALSE(a.empty());
  json between = events({"--between", b, a});
  ASSERT_FALSE(between.empty());
  for (const json& event : between) {
    std::string source = code_of(event["source"]);
    std::string target = code_of(event["target"]);
    bool forward = source.rfind(a, 0) == 0 && target.rfind(b, 0) == 0;
    bool backward = source.rfind(b, 0) == 0 && target.rfind(a, 0) == 0;
    // A name substring may match instead of the code; then the code need not start with it.
    EXPECT_TRUE(forward || backward || event["source"].value("name", "").find(a) != std::string::npos ||
                event["target"].value("name", "").find(a) != std::string::npos)
        << event.dump();
  }

  size_t quads = 0;
  for (int quad = 1; quad <= 4; ++quad) {
    json some = events({"--quad", std::to_string(quad)});
    for (const json& event : some) EXPECT_EQ(event["quad_class"], quad);
    quads += some.size();
  }
  EXPECT_EQ(quads, all.size());

  for (const char* flag : {"hedged", "negated"}) {
    json with = events({std::string("--") + flag});
    json without = events({std::string("--not-") + flag});
    for (const json& event : with) EXPECT_TRUE(event[flag].get<bool>());
    for (const json& event : without) EXPECT_FALSE(event[flag].get<bool>());
    EXPECT_EQ(with.size() + without.size(), all.size()) << flag;
  }

  // --text: the sentence holds the words (whole words, any case).
  std::string sentence = all[0]["sentence_text"];
  std::istringstream words(sentence);
  std::string word;
  while (words >> word && word.size() < 4) {
  }
  word.erase(std::remove_if(word.begin(), word.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }),
             word.end());
  ASSERT_FALSE(word.empty()) << sentence;
  json texts = events({"--text", word});
  ASSERT_FALSE(texts.empty()) << word;
  for (const json& event : texts) {
    std::string lower = event["sentence_text"];
    std::string needle = word;
    for (std::string* value : {&lower, &needle}) {
      std::transform(value->begin(), value->end(), value->begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    }
    EXPECT_NE(lower.find(needle), std::string::npos) << event["sentence_text"];
  }

  // --min-sources: only merged events, with as many sources.
  json merged = events({"--min-sources", "1"});
  for (const json& event : merged) {
    ASSERT_TRUE(event.contains("merged")) << event.dump();
    EXPECT_GE(event["merged"]["sources"].get<int64_t>(), 1);
  }
  for (const json& event : events({"--min-sources", "2"})) {
    EXPECT_GE(event["merged"]["sources"].get<int64_t>(), 2);
  }

  // The other formats print the same events.
  std::string csv = run("events", {"--quad", "4", "--format", "csv"});
  EXPECT_EQ(line_count(csv), events({"--quad", "4"}).size() + 1);
}

TEST_F(QueryCliTest, BadCombinationsAreUsageErrors) {
  struct Case {
    std::vector<std::string> args;
    std::string says;
  };
  for (const Case& bad : std::vector<Case>{
           {{"events", "--hedged", "--not-hedged"}, "excludes"},
           {{"events", "--between", "USA"}, "--between"},
           {{"timeline", "--between", "USA", "RUS", "--between", "FRA", "DEU"}, "--between"},
           {{"events", "--quad", "5"}, "--quad"},
           {{"network", "--min-sources", "0"}, "--min-sources"},
           {{"timeline", "--from", "2025-12-01", "--to", "2025-01-01"}, "is after"},
           {{"network", "--format", "dot"}, "--format"},
           {{"stats", "--format", "xml"}, "--format"}}) {
    std::vector<std::string> args = bad.args;
    args.insert(args.begin() + 1, {"--db", *db_});
    CliResult result = run_cli(args);
    EXPECT_EQ(result.status, 2) << args[0] << " " << args[3];
    EXPECT_NE(result.err.find(bad.says), std::string::npos) << result.err;
  }
  CliResult missing = run_cli({"stats", "--db", "/nonexistent/chronicle.db"});
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("no database at /nonexistent/chronicle.db"), std::string::npos);
}

TEST_F(QueryCliTest, TimelineIsInDateOrderWithEvidence) {
  size_t total = events({}).size();
  json grouped = run_json("timeline", {});
  json mentions = run_json("timeline", {"--mentions"});
  ASSERT_TRUE(grouped["entries"].is_array());
  EXPECT_EQ(grouped["grouping"], "happenings");
  EXPECT_EQ(mentions["grouping"], "mentions");
  EXPECT_EQ(mentions["entries"].size(), total);
  // Every mention matching is in exactly one group.
  size_t matched = 0;
  for (const json& entry : grouped["entries"]) matched += entry["matched_mentions"].get<size_t>();
  EXPECT_EQ(matched, total);
  EXPECT_LE(grouped["entries"].size(), total);

  bool undated_seen = false;
  std::string last_date;
  for (const json& entry : mentions["entries"]) {
    if (entry["date"].is_null()) {
      undated_seen = true;
      continue;
    }
    EXPECT_FALSE(undated_seen) << "a dated event after an undated one";
    std::string date = entry["date"];
    EXPECT_LE(last_date, date);
    last_date = date;
    // The evidence: its words lie in the sentence, its span inside the sentence's.
    std::string evidence = entry["evidence_text"];
    std::string sentence = entry["sentence_text"];
    EXPECT_NE(sentence.find(evidence), std::string::npos) << evidence << " | " << sentence;
    EXPECT_GE(entry["evidence"][0].get<int64_t>(), entry["sentence_span"][0].get<int64_t>());
    EXPECT_LE(entry["evidence"][1].get<int64_t>(), entry["sentence_span"][1].get<int64_t>());
    EXPECT_TRUE(entry["doc"].is_string());
    EXPECT_GT(entry["document"].get<int64_t>(), 0);
  }

  std::string table = run("timeline", {});
  for (const char* column : {"date", "event", "sources", "articles", "mentions", "doc",
                             "sentence", "span", "evidence"}) {
    EXPECT_NE(table.substr(0, table.find('\n')).find(column), std::string::npos) << column;
  }
  std::string summary = std::to_string(grouped["entries"].size()) + " happening";
  EXPECT_NE(table.find(summary), std::string::npos) << table;
  std::string csv = run("timeline", {"--mentions", "--format", "csv"});
  EXPECT_EQ(csv.rfind("date,date_precision,code,", 0), 0u);
  // Quoted fields may hold line breaks in principle; the examples' sentences do not.
  EXPECT_EQ(line_count(csv), total + 1);

  json limited = run_json("timeline", {"--mentions", "--limit", "2"});
  EXPECT_EQ(limited["entries"].size(), std::min<size_t>(2, total));
}

TEST_F(QueryCliTest, NetworkFormatsAgree) {
  json network = run_json("network", {});
  ASSERT_TRUE(network["edges"].is_array());
  ASSERT_FALSE(network["edges"].empty());
  std::set<std::string> nodes;
  for (const json& node : network["nodes"]) nodes.insert(node["code"].get<std::string>());
  for (const json& edge : network["edges"]) {
    EXPECT_TRUE(nodes.count(edge["source"].get<std::string>())) << edge.dump();
    EXPECT_TRUE(nodes.count(edge["target"].get<std::string>())) << edge.dump();
    int64_t sum = 0;
    for (const json& count : edge["quad_counts"]) sum += count.get<int64_t>();
    EXPECT_EQ(sum, edge["events"].get<int64_t>());
  }

  std::string csv = run("network", {"--format", "csv"});
  EXPECT_EQ(line_count(csv), network["edges"].size() + 1);

  std::string graphml = run("network", {"--format", "graphml"});
  EXPECT_EQ(graphml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml", 0), 0u);
  // Every <data> names a declared <key>; every edge joins declared nodes.
  std::set<std::string> keys;
  std::regex key_pattern("<key id=\"([^\"]+)\" for=\"(node|edge)\" attr.name=\"[^\"]+\" "
                         "attr.type=\"(string|long|double)\"/>");
  for (auto it = std::sregex_iterator(graphml.begin(), graphml.end(), key_pattern);
       it != std::sregex_iterator(); ++it) {
    keys.insert((*it)[1]);
  }
  EXPECT_GE(keys.size(), 8u);
  std::regex data_pattern("<data key=\"([^\"]+)\">");
  for (auto it = std::sregex_iterator(graphml.begin(), graphml.end(), data_pattern);
       it != std::sregex_iterator(); ++it) {
    EXPECT_TRUE(keys.count((*it)[1])) << (*it)[1];
  }
  std::set<std::string> graph_nodes;
  std::regex node_pattern("<node id=\"([^\"]+)\">");
  for (auto it = std::sregex_iterator(graphml.begin(), graphml.end(), node_pattern);
       it != std::sregex_iterator(); ++it) {
    graph_nodes.insert((*it)[1]);
  }
  EXPECT_EQ(graph_nodes, nodes);
  std::regex edge_pattern("<edge id=\"e[0-9]+\" source=\"([^\"]+)\" target=\"([^\"]+)\">");
  size_t graph_edges = 0;
  for (auto it = std::sregex_iterator(graphml.begin(), graphml.end(), edge_pattern);
       it != std::sregex_iterator(); ++it, ++graph_edges) {
    EXPECT_TRUE(graph_nodes.count((*it)[1]) && graph_nodes.count((*it)[2]));
  }
  EXPECT_EQ(graph_edges, network["edges"].size());
  // Well-formed XML, when xmllint (Debian libxml2-utils) is there to say so.
  if (fs::exists("/usr/bin/xmllint")) {
    fs::path file = temp_dir("query-cli-graphml") / "network.graphml";
    {
      std::ofstream out(file, std::ios::binary);
      out << graphml;
    }
    int status = std::system(("/usr/bin/xmllint --noout " + shell_quote(file.string())).c_str());
    EXPECT_EQ(status, 0) << "xmllint rejects the GraphML";
  }

  // --from/--to narrow the edges to events in the range.
  json before = run_json("network", {"--to", "1900-01-01"});
  EXPECT_TRUE(before["edges"].empty());
  json limited = run_json("network", {"--limit", "1"});
  EXPECT_EQ(limited["edges"].size(), 1u);
}

TEST_F(QueryCliTest, StatsAddUpToTheTotals) {
  json stats = run_json("stats", {});
  ASSERT_TRUE(stats["months"].is_array());
  ASSERT_FALSE(stats["months"].empty());
  EXPECT_EQ(stats["month_of"], "document date");
  std::map<std::string, int64_t> sums;
  for (const json& month : stats["months"]) {
    for (const char* column : {"documents", "sentences", "events", "events_with_place"}) {
      sums[column] += month[column].get<int64_t>();
    }
    EXPECT_LE(month["actors"].get<int64_t>(), stats["total"]["actors"].get<int64_t>());
    EXPECT_LE(month["places"].get<int64_t>(), month["events_with_place"].get<int64_t>());
  }
  for (const auto& [column, sum] : sums) EXPECT_EQ(sum, stats["total"][column]) << column;
  EXPECT_EQ(stats["total"]["events"].get<size_t>(), events({}).size());
  EXPECT_GT(stats["total"]["actors"].get<int64_t>(), 0);

  std::string csv = run("stats", {"--format", "csv"});
  EXPECT_EQ(csv.rfind("month,documents,sentences,events,actors,events_with_place,places,"
                      "events_by_event_date\n",
                      0),
            0u);
  EXPECT_EQ(line_count(csv), stats["months"].size() + 2);
  std::string table = run("stats", {});
  EXPECT_NE(table.find("\ntotal "), std::string::npos) << table;
}

}  // namespace
}  // namespace chronicle::testing
