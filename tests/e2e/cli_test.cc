// End-to-end tests of the command-line contract: formats, exit status, bad input, the store.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>

#include "cli_runner.h"

namespace chronicle::testing {
namespace {

namespace fs = std::filesystem;

void write(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

const char* kVisitReport =
    "Japan Sends Envoy\n\n"
    "Japan's foreign minister visited Seoul on Monday for talks with South Korean officials.\n";

TEST(CliTest, EveryCommandHasHelp) {
  for (const char* command : {"extract", "ingest", "events", "export", "annotate"}) {
    CliResult result = run_cli({command, "--help"});
    EXPECT_EQ(result.status, 0) << command;
    EXPECT_NE(result.out.find("Usage"), std::string::npos) << command << ": " << result.out;
  }
  EXPECT_EQ(run_cli({"--help"}).status, 0);
}

TEST(CliTest, BadUsageExitsTwo) {
  EXPECT_EQ(run_cli({}).status, 2);
  EXPECT_EQ(run_cli({"extract"}).status, 2);  // PATH is required
  EXPECT_EQ(run_cli({"extract", "--no-such-flag", "x.txt"}).status, 2);
  EXPECT_EQ(run_cli({"extract", "--date", "2025-13-01", "x.txt"}).status, 2);
  EXPECT_EQ(run_cli({"extract", "--format", "xml", "x.txt"}).status, 2);
  EXPECT_EQ(run_cli({"events", "--root", "21"}).status, 2);
  EXPECT_EQ(run_cli({"export"}).status, 2);  // --format is required
}

TEST(CliTest, ExtractsAnEventWithEvidenceFromStandardInput) {
  CliResult result = run_cli({"extract", "--date", "2025-03-05", "-"}, kVisitReport);
  ASSERT_EQ(result.status, 0) << result.err;
  std::vector<nlohmann::json> events = parse_lines(result.out);
  Expected visit{.root = "04", .source_country = "JPN", .target_country = "KOR"};
  bool found = std::any_of(events.begin(), events.end(),
                           [&](const auto& event) { return matches(event, visit); });
  EXPECT_TRUE(found) << describe(events);
  for (const auto& event : events) {
    // The evidence cut from the input is inside the sentence, and the date is resolved.
    auto evidence = event["evidence"];
    std::string text = kVisitReport;
    std::string cut = text.substr(evidence[0].get<size_t>(),
                                  evidence[1].get<size_t>() - evidence[0].get<size_t>());
    EXPECT_NE(event["sentence_text"].get<std::string>().find(cut), std::string::npos);
    EXPECT_EQ(event["doc"], "<stdin>");
  }
}

TEST(CliTest, TableAndTsvFormats) {
  CliResult table = run_cli({"extract", "--format", "table", "--date", "2025-03-05", "-"},
                            kVisitReport);
  ASSERT_EQ(table.status, 0) << table.err;
  EXPECT_NE(table.out.find("JPN"), std::string::npos) << table.out;
  CliResult tsv = run_cli({"extract", "--format", "tsv", "--date", "2025-03-05", "-"},
                          kVisitReport);
  ASSERT_EQ(tsv.status, 0);
  EXPECT_EQ(tsv.out.rfind("id\t", 0), 0u) << tsv.out;
}

TEST(CliTest, BadInputIsSkippedNamedAndTheRestProcessed) {
  fs::path dir = temp_dir("bad-input");
  write(dir / "a-good.txt", kVisitReport);
  write(dir / "b-empty.txt", "");
  write(dir / "c-broken.txt", std::string("Valid start \xC3\x28 broken byte\n"));
  write(dir / "d-mixed.jsonl",
        "{\"id\":\"one\",\"date\":\"2025-03-05\",\"text\":\"Japan's foreign minister visited "
        "Seoul on Monday.\"}\n"
        "{\"id\":\"two\",\"text\": oops}\n"
        "{\"id\":\"three\",\"title\":\"no text\"}\n");
  CliResult result = run_cli({"extract", "--date", "2025-03-05", dir.string()});
  EXPECT_EQ(result.status, 1) << result.err;
  EXPECT_NE(result.err.find("b-empty.txt"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("c-broken.txt"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("d-mixed.jsonl:2"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("d-mixed.jsonl:3"), std::string::npos) << result.err;
  std::vector<nlohmann::json> events = parse_lines(result.out);
  std::set<std::string> docs;
  for (const auto& event : events) docs.insert(event["doc"].get<std::string>());
  EXPECT_TRUE(docs.count((dir / "a-good.txt").string())) << result.out;
  EXPECT_TRUE(docs.count("one")) << result.out;

  CliResult strict = run_cli({"extract", "--strict", (dir / "b-empty.txt").string(),
                              (dir / "a-good.txt").string()});
  EXPECT_EQ(strict.status, 1);
  EXPECT_TRUE(strict.out.empty()) << "--strict stops at the first bad input: " << strict.out;

  CliResult missing = run_cli({"extract", (dir / "no-such-file.txt").string()});
  EXPECT_EQ(missing.status, 1);
  EXPECT_NE(missing.err.find("no-such-file.txt"), std::string::npos);
  fs::remove_all(dir);
}

TEST(CliTest, IngestTwiceAddsNothingAndQueriesFilter) {
  fs::path dir = temp_dir("ingest");
  write(dir / "visit.txt", kVisitReport);
  write(dir / "more.jsonl",
        "{\"id\":\"strike\",\"date\":\"2025-04-02\",\"source\":\"Test Wire\",\"text\":\"Israeli "
        "warplanes struck targets in southern Lebanon on Tuesday, the Lebanese army said.\"}\n");
  std::string db = (dir / "test.db").string();
  CliResult first = run_cli({"ingest", "--db", db, "--date", "2025-03-05", dir.string()});
  ASSERT_EQ(first.status, 0) << first.err;
  EXPECT_NE(first.err.find("2 stored"), std::string::npos) << first.err;
  CliResult all = run_cli({"events", "--db", db, "--format", "jsonl"});
  ASSERT_EQ(all.status, 0) << all.err;
  size_t count = parse_lines(all.out).size();
  EXPECT_GT(count, 0u);

  CliResult second = run_cli({"ingest", "--db", db, "--date", "2025-03-05", dir.string()});
  ASSERT_EQ(second.status, 0) << second.err;
  EXPECT_NE(second.err.find("0 stored, 2 already stored"), std::string::npos) << second.err;
  EXPECT_EQ(parse_lines(run_cli({"events", "--db", db, "--format", "jsonl"}).out).size(), count);

  for (const auto& event : parse_lines(run_cli({"events", "--db", db, "--format", "jsonl",
                                                "--actor", "JPN"}).out)) {
    EXPECT_TRUE(country_of(event["source"]) == "JPN" || country_of(event["target"]) == "JPN");
  }
  for (const auto& event :
       parse_lines(run_cli({"events", "--db", db, "--format", "jsonl", "--root", "19"}).out)) {
    EXPECT_EQ(event["root"], "19");
  }
  auto april = parse_lines(run_cli({"events", "--db", db, "--format", "jsonl", "--from",
                                    "2025-04-01", "--to", "2025-04-30"}).out);
  for (const auto& event : april) EXPECT_EQ(event["date"].get<std::string>().substr(0, 7), "2025-04");

  CliResult gdelt = run_cli({"export", "--db", db, "--format", "gdelt"});
  ASSERT_EQ(gdelt.status, 0) << gdelt.err;
  std::istringstream rows(gdelt.out);
  std::string row;
  size_t rows_seen = 0;
  while (std::getline(rows, row)) {
    ++rows_seen;
    EXPECT_EQ(std::count(row.begin(), row.end(), '\t'), 60) << row;
  }
  // One row per happening: as many rows as distinct merged ids among the events.
  std::set<int64_t> happenings;
  size_t mentions = 0;
  for (const auto& event : parse_lines(all.out)) {
    if (!event.contains("merged")) continue;
    happenings.insert(event["merged"]["id"].get<int64_t>());
    ++mentions;
  }
  EXPECT_GT(happenings.size(), 0u);
  EXPECT_EQ(rows_seen, happenings.size());
  CliResult mention_rows = run_cli({"export", "--db", db, "--format", "gdelt-mentions"});
  ASSERT_EQ(mention_rows.status, 0) << mention_rows.err;
  std::istringstream mention_lines(mention_rows.out);
  size_t mention_count = 0;
  while (std::getline(mention_lines, row)) {
    ++mention_count;
    EXPECT_EQ(std::count(row.begin(), row.end(), '\t'), 15) << row;
  }
  EXPECT_EQ(mention_count, mentions);
  CliResult csv = run_cli({"export", "--db", db, "--format", "csv"});
  EXPECT_EQ(csv.status, 0);
  EXPECT_EQ(run_cli({"events", "--db", (dir / "none.db").string()}).status, 2);
  fs::remove_all(dir);
}

TEST(CliTest, AnnotateShowsEveryLayerWithOffsets) {
  CliResult result = run_cli({"annotate", "--date", "2025-03-05", "-"}, kVisitReport);
  ASSERT_EQ(result.status, 0) << result.err;
  std::vector<nlohmann::json> docs = parse_lines(result.out);
  ASSERT_EQ(docs.size(), 1u);
  const nlohmann::json& doc = docs[0];
  for (const char* layer : {"sentences", "tokens", "entities", "actors", "dates", "places",
                            "events"}) {
    EXPECT_TRUE(doc.contains(layer)) << layer;
  }
  std::string text = kVisitReport;
  for (const auto& token : doc["tokens"]) {
    size_t begin = token["span"][0], end = token["span"][1];
    EXPECT_EQ(text.substr(begin, end - begin), token["text"].get<std::string>());
  }
  bool monday = false;
  for (const auto& date : doc["dates"]) monday |= date["value"] == "2025-03-03";
  EXPECT_TRUE(monday) << doc["dates"].dump();
}

}  // namespace
}  // namespace chronicle::testing
