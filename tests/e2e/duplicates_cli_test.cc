// `chronicle duplicates` end to end: a database of three reports, two of them copies of one story
// (the second rewritten: sentences shuffled, a dateline and a footer added), listed as one group.
#include <gtest/gtest.h>

#include <string>

#include "chronicle/store.h"
#include "cli_runner.h"

namespace chronicle::testing {
namespace {

namespace fs = std::filesystem;

const char* kOriginal =
    "Dock workers at the Ivory Coast port of San Pedro went on strike on Monday, halting cocoa "
    "loadings for the second time this month, shipping agents said. About 40,000 tonnes of cocoa "
    "beans were waiting to be loaded on six vessels anchored off the port, according to one "
    "agent. The union is demanding a 15 pct pay rise and better safety equipment after an "
    "accident last week in which two workers were injured. Port officials said talks with the "
    "union would resume on Wednesday.";
const char* kRewritten =
    "ABIDJAN (Reuters) - The union is demanding a 15 pct pay rise and better safety equipment "
    "after an accident last week in which two workers were injured. Dock workers at the Ivory "
    "Coast port of San Pedro went on strike on Monday, halting cocoa loadings for the second time "
    "this month, shipping agents said. Port officials said talks with the union would resume on "
    "Wednesday. About 40,000 tonnes of cocoa beans were waiting to be loaded on six vessels "
    "anchored off the port, according to one agent.\n\nAll rights reserved.";
const char* kOther =
    "The International Cocoa Organization buffer stock manager will start buying cocoa next week "
    "if prices stay below the floor, delegates said. The council agreed in London on Friday on "
    "rules that let the manager purchase up to 75,000 tonnes of beans from producing countries. "
    "Consumer members had resisted purchases of Ivory Coast cocoa.";

fs::path make_database() {
  fs::path dir = temp_dir("duplicates");
  fs::path db = dir / "test.db";
  auto store = Store::open(db.string());
  EXPECT_TRUE(store.ok());
  if (!store.ok()) return db;
  int idx = 0;
  for (const char* text : {kOriginal, kOther, kRewritten}) {
    Document document;
    document.id = "report-" + std::to_string(++idx);
    document.title = idx == 2 ? "Cocoa buffer stock to buy" : "San Pedro dockers strike";
    document.date = "1987-03-0" + std::to_string(idx);
    document.source = idx == 3 ? "Wire copy" : "Reuters";
    document.format = "txt";
    document.path = document.id + ".txt";
    document.text = text;
    auto added = store.value()->add(document, Analysis{});
    EXPECT_TRUE(added.ok() && added.value());
  }
  return db;
}

TEST(DuplicatesCliTest, ListsTheCopiesAsOneGroup) {
  fs::path db = make_database();
  CliResult json = run_cli({"duplicates", "--db", db.string(), "--format", "json"});
  ASSERT_EQ(json.status, 0) << json.err;
  nlohmann::json out = nlohmann::json::parse(json.out);
  EXPECT_EQ(out["documents"], 3);
  ASSERT_EQ(out["groups"].size(), 1u) << json.out;
  const nlohmann::json& members = out["groups"][0]["members"];
  ASSERT_EQ(members.size(), 2u);
  EXPECT_EQ(members[0]["doc"], "report-1");
  EXPECT_EQ(members[1]["doc"], "report-3");
  EXPECT_EQ(members[1]["source"], "Wire copy");
  EXPECT_EQ(members[0]["date"], "1987-03-01");
  EXPECT_GE(members[0]["jaccard"].get<double>(), 0.33);

  CliResult table = run_cli({"duplicates", "--db", db.string()});
  ASSERT_EQ(table.status, 0) << table.err;
  EXPECT_NE(table.out.find("report-3"), std::string::npos) << table.out;
  EXPECT_EQ(table.out.find("report-2"), std::string::npos) << table.out;

  CliResult csv = run_cli({"duplicates", "--db", db.string(), "--format", "csv"});
  ASSERT_EQ(csv.status, 0) << csv.err;
  EXPECT_EQ(csv.out.rfind("group,doc,row,date,source,jaccard,containment,title\n", 0), 0u) << csv.out;
  EXPECT_NE(csv.out.find("1,report-1,1,1987-03-01,Reuters,"), std::string::npos) << csv.out;

  // Thresholds of 1 leave the rewritten copy alone.
  CliResult strict = run_cli({"duplicates", "--db", db.string(), "--threshold", "1",
                              "--containment", "1", "--format", "json"});
  ASSERT_EQ(strict.status, 0) << strict.err;
  EXPECT_TRUE(nlohmann::json::parse(strict.out)["groups"].empty()) << strict.out;
}

TEST(DuplicatesCliTest, BadUsageAndMissingDatabase) {
  CliResult help = run_cli({"duplicates", "--help"});
  EXPECT_EQ(help.status, 0);
  EXPECT_NE(help.out.find("--containment"), std::string::npos) << help.out;
  EXPECT_EQ(run_cli({"duplicates", "--threshold", "2"}).status, 2);
  EXPECT_EQ(run_cli({"duplicates", "--format", "xml"}).status, 2);
  CliResult missing = run_cli({"duplicates", "--db", "/nonexistent/chronicle.db"});
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("no database"), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace chronicle::testing
