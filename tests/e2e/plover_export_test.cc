// End to end: `chronicle export --format plover` and `events --format plover` over a database built
// from the bundled example reports (examples/) print one PLOVER JSON object per stored event.
#include <gtest/gtest.h>

#include <set>

#include "cli_runner.h"

namespace chronicle::testing {
namespace {

namespace fs = std::filesystem;

TEST(PloverExportTest, OneValidPloverObjectPerStoredEvent) {
  fs::path examples = fs::path(CHRONICLE_SOURCE_DIR) / "examples";
  if (!fs::exists(examples)) GTEST_SKIP() << "examples not found at " << examples;
  fs::path dir = temp_dir("plover");
  std::string db = (dir / "examples.db").string();
  CliResult ingest = run_cli({"ingest", "--db", db, examples.string()});
  ASSERT_EQ(ingest.status, 0) << ingest.err;

  CliResult jsonl = run_cli({"export", "--db", db, "--format", "jsonl"});
  ASSERT_EQ(jsonl.status, 0) << jsonl.err;
  std::vector<nlohmann::json> events = parse_lines(jsonl.out);
  ASSERT_GT(events.size(), 0u);

  CliResult plover = run_cli({"export", "--db", db, "--format", "plover"});
  ASSERT_EQ(plover.status, 0) << plover.err;
  EXPECT_TRUE(plover.err.empty()) << plover.err;
  std::vector<nlohmann::json> records = parse_lines(plover.out);
  ASSERT_EQ(records.size(), events.size()) << plover.out;

  std::set<std::string> ids;
  bool air_strike = false;
  for (size_t record_idx = 0; record_idx < records.size(); ++record_idx) {
    const nlohmann::json& record = records[record_idx];
    const nlohmann::json& event = events[record_idx];  // both exports walk the store in one order
    ASSERT_TRUE(record.is_object()) << "line " << record_idx + 1 << " is not a JSON object";
    for (const char* key : {"id", "date", "event", "mode", "context", "source", "recipient",
                            "event_text", "event_loc", "quad_code", "text", "text_info",
                            "cite_info", "cameo", "negated", "hedged"}) {
      EXPECT_TRUE(record.contains(key)) << key << " missing in " << record.dump();
    }
    ASSERT_TRUE(record["id"].is_string());
    EXPECT_TRUE(ids.insert(record["id"].get<std::string>()).second) << "duplicate id";
    EXPECT_EQ(record["event"], nlohmann::json::array({event["plover"]}));
    EXPECT_EQ(record["cameo"]["code"], event["code"]);
    EXPECT_TRUE(record["source"].is_array() && record["recipient"].is_array());
    EXPECT_TRUE(record["context"].is_array());
    EXPECT_EQ(record["text"], event["sentence_text"]);
    EXPECT_EQ(record["cite_info"]["citation"], event["doc"]);
    if (record["date"].is_string()) {
      EXPECT_EQ(record["date"].get<std::string>().size(), 10u);
    }
    air_strike |= record["event"][0] == "ASSAULT" && record["mode"] == "aerial";
  }
  // 05-mali-air-strike.html: the army's drone strikes are CAMEO 195, PLOVER ASSAULT/aerial.
  EXPECT_TRUE(air_strike) << plover.out;

  CliResult queried = run_cli({"events", "--db", db, "--format", "plover"});
  ASSERT_EQ(queried.status, 0) << queried.err;
  EXPECT_EQ(parse_lines(queried.out).size(), records.size());
  fs::remove_all(dir);
}

TEST(PloverExportTest, UnknownFormatIsBadUsage) {
  EXPECT_EQ(run_cli({"export", "--format", "plover-xml"}).status, 2);
}

}  // namespace
}  // namespace chronicle::testing
