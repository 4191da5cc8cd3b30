// The actor registry through the real CLI: a person introduced with a title in one report is one
// registry entry with the spellings of later reports, whose events are coded with the registered
// country and role (`chronicle ingest`, `chronicle actors`, `chronicle actor`). Invented reports.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include "cli_runner.h"

namespace chronicle::testing {
namespace {

namespace fs = std::filesystem;

const char* kTitledReport =
    "{\"id\":\"titled\",\"date\":\"2031-03-01\",\"text\":\"Jordan's Interior Minister Qasim Abu "
    "Daqqa met the Egyptian ambassador in Amman on Monday to discuss border crossings.\"}\n";
const char* kLaterReport =
    "{\"id\":\"later\",\"date\":\"2031-03-12\",\"text\":\"Abu Dakka met the Turkish ambassador "
    "on Tuesday.\"}\n";

void write(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::vector<std::string> spellings(const nlohmann::json& profile) {
  std::vector<std::string> out;
  for (const auto& name : profile["names"]) out.push_back(name["name"].get<std::string>());
  std::sort(out.begin(), out.end());
  return out;
}

// The source code of the later report's events.
std::vector<std::string> later_sources(const std::string& db) {
  std::vector<std::string> out;
  for (const auto& event : parse_lines(run_cli({"events", "--db", db, "--format", "jsonl"}).out)) {
    if (event["doc"] == "later" && event["source"].is_object()) {
      out.push_back(event["source"]["code"].get<std::string>());
    }
  }
  return out;
}

void expect_one_person_with_both_spellings(const std::string& db) {
  CliResult actor = run_cli({"actor", "Abu Dakka", "--db", db, "--format", "json"});
  ASSERT_EQ(actor.status, 0) << actor.err << actor.out;
  nlohmann::json profile = nlohmann::json::parse(actor.out, nullptr, false);
  ASSERT_TRUE(profile.is_object()) << actor.out;
  EXPECT_EQ(profile["kind"], "person");
  EXPECT_EQ(profile["name"], "Qasim Abu Daqqa");
  EXPECT_EQ(profile["code"], "JORGOV");
  EXPECT_EQ(spellings(profile), (std::vector<std::string>{"Abu Dakka", "Qasim Abu Daqqa"}));
  EXPECT_EQ(profile["documents"], 2);
  ASSERT_FALSE(profile["roles"].empty());
  EXPECT_EQ(profile["roles"][0]["role"], "interior minister");
  EXPECT_EQ(profile["roles"][0]["first_seen"], "2031-03-01");
  EXPECT_GE(profile["events_as_source"].get<int>(), 2);
  bool turkish = false;
  for (const auto& counterpart : profile["counterparts"])
    turkish |= counterpart["code"] == "TURGOV";
  EXPECT_TRUE(turkish) << actor.out;

  CliResult people = run_cli({"actors", "--db", db, "--kind", "person", "--format", "json"});
  ASSERT_EQ(people.status, 0) << people.err;
  nlohmann::json list = nlohmann::json::parse(people.out, nullptr, false);
  EXPECT_EQ(list["total"], 1) << people.out;
  EXPECT_EQ(later_sources(db), (std::vector<std::string>{"JORGOV"}));
}

TEST(RegistryCliTest, LaterSpellingJoinsThePersonAcrossIngestRuns) {
  fs::path dir = temp_dir("registry-runs");
  write(dir / "titled.jsonl", kTitledReport);
  write(dir / "later.jsonl", kLaterReport);
  std::string db = (dir / "test.db").string();
  ASSERT_EQ(run_cli({"ingest", "--db", db, (dir / "titled.jsonl").string()}).status, 0);
  ASSERT_EQ(run_cli({"ingest", "--db", db, (dir / "later.jsonl").string()}).status, 0);
  expect_one_person_with_both_spellings(db);
  fs::remove_all(dir);
}

TEST(RegistryCliTest, LaterSpellingJoinsThePersonWithinOneRun) {
  fs::path dir = temp_dir("registry-one-run");
  write(dir / "both.jsonl", std::string(kTitledReport) + kLaterReport);
  std::string db = (dir / "test.db").string();
  ASSERT_EQ(run_cli({"ingest", "--db", db, (dir / "both.jsonl").string()}).status, 0);
  expect_one_person_with_both_spellings(db);
  fs::remove_all(dir);
}

TEST(RegistryCliTest, ReportReadBeforeTheTitledOneIsNotReadAgain) {
  fs::path dir = temp_dir("registry-order");
  write(dir / "both.jsonl", std::string(kLaterReport) + kTitledReport);
  std::string db = (dir / "test.db").string();
  ASSERT_EQ(run_cli({"ingest", "--db", db, (dir / "both.jsonl").string()}).status, 0);
  for (const std::string& code : later_sources(db)) EXPECT_NE(code, "JORGOV");
  CliResult actor = run_cli({"actor", "Abu Dakka", "--db", db, "--format", "json"});
  ASSERT_EQ(actor.status, 0) << actor.err;
  nlohmann::json profile = nlohmann::json::parse(actor.out, nullptr, false);
  EXPECT_EQ(spellings(profile), (std::vector<std::string>{"Qasim Abu Daqqa"}));
  fs::remove_all(dir);
}

TEST(RegistryCliTest, ListingFormatsAndLookups) {
  fs::path dir = temp_dir("registry-formats");
  write(dir / "both.jsonl", std::string(kTitledReport) + kLaterReport);
  std::string db = (dir / "test.db").string();
  ASSERT_EQ(run_cli({"ingest", "--db", db, (dir / "both.jsonl").string()}).status, 0);

  CliResult table = run_cli({"actors", "--db", db, "--country", "JOR"});
  ASSERT_EQ(table.status, 0) << table.err;
  EXPECT_NE(table.out.find("Qasim Abu Daqqa"), std::string::npos) << table.out;
  EXPECT_EQ(table.out.find("TURGOV"), std::string::npos) << table.out;
  CliResult csv = run_cli({"actors", "--db", db, "--search", "daka", "--format", "csv"});
  ASSERT_EQ(csv.status, 0) << csv.err;
  EXPECT_EQ(csv.out.rfind("id,kind,name,code,", 0), 0u) << csv.out;
  EXPECT_NE(csv.out.find("Qasim Abu Daqqa"), std::string::npos) << csv.out;

  CliResult by_code = run_cli({"actor", "TURGOV", "--db", db});
  ASSERT_EQ(by_code.status, 0) << by_code.err;
  EXPECT_NE(by_code.out.find("Counterparts"), std::string::npos) << by_code.out;
  CliResult unknown = run_cli({"actor", "Nobody Anywhere", "--db", db});
  EXPECT_EQ(unknown.status, 1);
  EXPECT_NE(unknown.err.find("Nobody Anywhere"), std::string::npos);
  // "ambassador" is a spelling of two entries (the Egyptian and the Turkish one): both listed.
  CliResult ambiguous = run_cli({"actor", "ambassador", "--db", db, "--format", "json"});
  EXPECT_EQ(ambiguous.status, 1) << ambiguous.out;
  nlohmann::json candidates = nlohmann::json::parse(ambiguous.out, nullptr, false);
  ASSERT_TRUE(candidates.is_object()) << ambiguous.out;
  EXPECT_GE(candidates["actors"].size(), 2u);
  EXPECT_EQ(run_cli({"actor", "--db", db}).status, 2);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace chronicle::testing
