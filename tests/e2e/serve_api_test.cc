// The HTTP API of `chronicle serve` (docs/openapi.yaml), over a real socket: a server on a free
// loopback port over a database the real CLI built from examples/. Checks status codes, paging,
// parameter checking (400 naming the parameter) and that SQL-looking text in every text parameter
// is matched literally: 200, no SQL error, nothing changed.
#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <thread>

#include "chronicle/server.h"
#include "cli_runner.h"

namespace chronicle {
namespace {

using nlohmann::json;
using testing::run_cli;
using testing::temp_dir;

class ServeApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::filesystem::path dir = temp_dir("serve-api");
    db_path_ = new std::string((dir / "examples.db").string());
    auto ingest = run_cli({"ingest", "--db", *db_path_, std::string(CHRONICLE_SOURCE_DIR) + "/examples"});
    ASSERT_EQ(ingest.status, 0) << ingest.err;
    ServerOptions options;
    options.db_path = *db_path_;
    options.port = 0;
#ifdef CHRONICLE_WEB_DIR
    if (std::filesystem::exists(std::string(CHRONICLE_WEB_DIR) + "/index.html")) {
      options.web_dir = CHRONICLE_WEB_DIR;
    }
#endif
    auto server = Server::start(options);
    ASSERT_TRUE(server.ok()) << server.error().message();
    server_ = std::move(server).value().release();
    thread_ = new std::thread([] { (void)server_->run(); });
    client_ = new httplib::Client("127.0.0.1", server_->port());
    client_->set_connection_timeout(5);
    client_->set_read_timeout(10);
  }
  static void TearDownTestSuite() {
    if (server_) server_->stop();
    if (thread_) thread_->join();
    delete client_;
    delete thread_;
    delete server_;
    delete db_path_;
  }
  void SetUp() override {
    if (!server_) GTEST_SKIP() << "the server did not start";
  }

  struct Answer {
    int status = 0;
    json body;
    std::string raw;
  };
  static Answer get(const std::string& path, const httplib::Params& params = {}) {
    auto response = client_->Get(path.c_str(), params, httplib::Headers{}, httplib::Progress{});
    Answer answer;
    if (!response) return answer;
    answer.status = response->status;
    answer.raw = response->body;
    answer.body = json::parse(response->body, nullptr, false);
    return answer;
  }
  // A 400 whose JSON error names `word`.
  static void expect_bad(const std::string& path, const httplib::Params& params,
                         const std::string& word) {
    Answer answer = get(path, params);
    EXPECT_EQ(answer.status, 400) << path << " " << answer.raw;
    ASSERT_TRUE(answer.body.is_object()) << answer.raw;
    std::string message = answer.body["error"].value("message", "");
    EXPECT_NE(message.find(word), std::string::npos) << message;
    EXPECT_EQ(answer.body["error"].value("status", 0), 400);
  }

  static std::string* db_path_;
  static Server* server_;
  static std::thread* thread_;
  static httplib::Client* client_;
};
std::string* ServeApiTest::db_path_ = nullptr;
Server* ServeApiTest::server_ = nullptr;
std::thread* ServeApiTest::thread_ = nullptr;
httplib::Client* ServeApiTest::client_ = nullptr;

TEST_F(ServeApiTest, StatsCountTheExamples) {
  Answer answer = get("/api/stats");
  ASSERT_EQ(answer.status, 200) << answer.raw;
  EXPECT_GE(answer.body["documents"].get<int>(), 10);
  EXPECT_GT(answer.body["events"].get<int>(), 10);
  EXPECT_EQ(answer.body["quad_counts"].size(), 4u);
}

TEST_F(ServeApiTest, EventsArePagedWithoutOverlap) {
  Answer first = get("/api/events", {{"limit", "3"}});
  Answer second = get("/api/events", {{"limit", "3"}, {"offset", "3"}});
  ASSERT_EQ(first.status, 200);
  ASSERT_EQ(second.status, 200);
  EXPECT_EQ(first.body["total"], second.body["total"]);
  EXPECT_EQ(first.body["limit"], 3);
  EXPECT_EQ(second.body["offset"], 3);
  ASSERT_EQ(first.body["items"].size(), 3u);
  std::set<int64_t> ids;
  for (const json& event : first.body["items"]) ids.insert(event["id"].get<int64_t>());
  for (const json& event : second.body["items"]) {
    EXPECT_FALSE(ids.count(event["id"].get<int64_t>())) << "event on two pages";
  }
  Answer past_end = get("/api/events", {{"offset", "100000"}});
  ASSERT_EQ(past_end.status, 200);
  EXPECT_TRUE(past_end.body["items"].empty());
  // The default page is capped even when more match.
  Answer all = get("/api/events");
  EXPECT_LE(all.body["items"].size(), 50u);
}

TEST_F(ServeApiTest, EventFiltersNarrow) {
  Answer all = get("/api/events", {{"limit", "500"}});
  Answer fights = get("/api/events", {{"root", "19"}, {"limit", "500"}});
  ASSERT_EQ(fights.status, 200);
  EXPECT_LE(fights.body["total"].get<int>(), all.body["total"].get<int>());
  for (const json& event : fights.body["items"]) EXPECT_EQ(event["root"], "19");
  Answer dated = get("/api/events", {{"from", "2025-01-01"}, {"to", "2025-12-31"}});
  ASSERT_EQ(dated.status, 200);
  for (const json& event : dated.body["items"]) {
    EXPECT_GE(event["date"].get<std::string>(), "2025-01-01");
  }
  Answer prefix = get("/api/events", {{"code", "04*"}});
  ASSERT_EQ(prefix.status, 200);
  for (const json& event : prefix.body["items"]) EXPECT_EQ(event["root"], "04");
  Answer material = get("/api/events", {{"quad", "4"}, {"negated", "false"}, {"limit", "500"}});
  ASSERT_EQ(material.status, 200);
  EXPECT_GT(material.body["total"].get<int>(), 0);
  for (const json& event : material.body["items"]) {
    EXPECT_EQ(event["quad_class"], 4);
    EXPECT_FALSE(event["negated"].get<bool>());
  }
  // Merged across reports: every event of a happening told by one source or more carries it.
  Answer merged = get("/api/events", {{"min_sources", "1"}, {"limit", "500"}});
  ASSERT_EQ(merged.status, 200);
  EXPECT_GT(merged.body["total"].get<int>(), 0);
  for (const json& event : merged.body["items"]) {
    ASSERT_TRUE(event.contains("merged")) << event.dump();
    EXPECT_GE(event["merged"]["sources"].get<int>(), 1);
    EXPECT_GE(event["merged"]["articles"].get<int>(), 1);
  }
}

TEST_F(ServeApiTest, BadParametersAre400NamingThem) {
  expect_bad("/api/events", {{"limit", "0"}}, "limit");
  expect_bad("/api/events", {{"limit", "501"}}, "limit");
  expect_bad("/api/events", {{"limit", "ten"}}, "limit");
  expect_bad("/api/events", {{"offset", "-1"}}, "offset");
  expect_bad("/api/events", {{"from", "2025-02-30"}}, "from");
  expect_bad("/api/events", {{"to", "yesterday"}}, "to");
  expect_bad("/api/events", {{"from", "2025-03-01"}, {"to", "2025-01-01"}}, "after");
  expect_bad("/api/events", {{"root", "21"}}, "root");
  expect_bad("/api/events", {{"code", "abc"}}, "code");
  expect_bad("/api/events", {{"colour", "red"}}, "colour");
  expect_bad("/api/events", {{"root", "19"}, {"root", "18"}}, "more than once");
  expect_bad("/api/events", {{"text", std::string(300, 'x')}}, "text");
  expect_bad("/api/events", {{"document", "0"}}, "document");
  expect_bad("/api/events", {{"quad", "5"}}, "quad");
  expect_bad("/api/events", {{"min_sources", "many"}}, "min_sources");
  expect_bad("/api/events", {{"hedged", "perhaps"}}, "hedged");
  expect_bad("/api/network", {{"limit", "100000"}}, "limit");
  expect_bad("/api/places", {{"limit", "-5"}}, "limit");
  expect_bad("/api/documents", {{"from", "2025-1-1"}}, "from");
  expect_bad("/api/search", {{"q", ""}}, "q");
  expect_bad("/api/stats", {{"x", "1"}}, "x");
  expect_bad("/api/events/abc", {}, "event id");
  expect_bad("/api/documents/-3", {}, "document id");
  expect_bad("/api/actors/RUS;DROP", {}, "actor code");
}

TEST_F(ServeApiTest, UnknownThingsAre404) {
  EXPECT_EQ(get("/api/nothing").status, 404);
  EXPECT_EQ(get("/api/events/999999999").status, 404);
  EXPECT_EQ(get("/api/documents/999999999").status, 404);
  EXPECT_EQ(get("/api/actors/ZZZZZZ").status, 404);
  Answer answer = get("/api/nothing");
  EXPECT_NE(answer.body["error"].value("message", "").find("/api/nothing"), std::string::npos);
}

TEST_F(ServeApiTest, EventDetailCarriesEvidenceAndContext) {
  Answer list = get("/api/events", {{"limit", "1"}});
  ASSERT_FALSE(list.body["items"].empty());
  int64_t id = list.body["items"][0]["id"];
  Answer answer = get("/api/events/" + std::to_string(id));
  ASSERT_EQ(answer.status, 200) << answer.raw;
  EXPECT_EQ(answer.body["id"], id);
  EXPECT_FALSE(answer.body["sentence_text"].get<std::string>().empty());
  EXPECT_EQ(answer.body["evidence"].size(), 2u);
  EXPECT_EQ(answer.body["trigger"]["span"].size(), 2u);
  EXPECT_GT(answer.body["document"].get<int64_t>(), 0);
  EXPECT_FALSE(answer.body["context"].empty());
}

TEST_F(ServeApiTest, DocumentIsAnnotated) {
  Answer list = get("/api/documents", {{"limit", "500"}});
  ASSERT_EQ(list.status, 200);
  ASSERT_FALSE(list.body["items"].empty());
  // The report with the most events.
  json best;
  for (const json& doc : list.body["items"]) {
    if (best.is_null() || doc["events"].get<int>() > best["events"].get<int>()) best = doc;
  }
  Answer answer = get("/api/documents/" + std::to_string(best["id"].get<int64_t>()));
  ASSERT_EQ(answer.status, 200) << answer.raw;
  std::string joined;
  for (const json& segment : answer.body["segments"]) joined += segment["text"].get<std::string>();
  EXPECT_EQ(joined, answer.body["text"].get<std::string>()) << "segments must cover the text";
  std::set<std::string> types;
  for (const json& annotation : answer.body["annotations"]) {
    types.insert(annotation["type"].get<std::string>());
  }
  EXPECT_TRUE(types.count("actor"));
  EXPECT_TRUE(types.count("trigger"));
  EXPECT_EQ(answer.body["event_list"].size(), best["events"].get<size_t>());
}

TEST_F(ServeApiTest, ActorsAndProfiles) {
  Answer list = get("/api/actors", {{"limit", "5"}});
  ASSERT_EQ(list.status, 200);
  ASSERT_FALSE(list.body["items"].empty());
  int previous = INT32_MAX;
  for (const json& actor : list.body["items"]) {
    EXPECT_LE(actor["mentions"].get<int>(), previous);
    previous = actor["mentions"].get<int>();
  }
  std::string code = list.body["items"][0]["code"];
  Answer profile = get("/api/actors/" + code);
  ASSERT_EQ(profile.status, 200) << profile.raw;
  EXPECT_EQ(profile.body["code"], code);
  EXPECT_FALSE(profile.body["names"].empty());
  EXPECT_TRUE(profile.body["events"].contains("total"));
}

TEST_F(ServeApiTest, TimelineNetworkPlacesSearch) {
  Answer timeline = get("/api/timeline");
  ASSERT_EQ(timeline.status, 200);
  ASSERT_FALSE(timeline.body["days"].empty());
  EXPECT_EQ(timeline.body["days"][0]["quad_counts"].size(), 4u);
  Answer network = get("/api/network", {{"limit", "10"}});
  ASSERT_EQ(network.status, 200);
  EXPECT_LE(network.body["edges"].size(), 10u);
  for (const json& edge : network.body["edges"]) {
    EXPECT_GE(edge["mean_goldstein"].get<double>(), -10);
    EXPECT_LE(edge["mean_goldstein"].get<double>(), 10);
  }
  Answer places = get("/api/places");
  ASSERT_EQ(places.status, 200);
  for (const json& place : places.body["items"]) {
    EXPECT_GE(place["lat"].get<double>(), -90);
    EXPECT_LE(place["lat"].get<double>(), 90);
  }
  Answer search = get("/api/search", {{"q", "the"}, {"limit", "5"}});
  ASSERT_EQ(search.status, 200);
  EXPECT_GT(search.body["total"].get<int>(), 0);
  EXPECT_LE(search.body["items"].size(), 5u);
}

// SQL in every text parameter is only ever a value to match: the answers are normal, matches are
// literal (nothing in the examples contains these strings) and the database is unchanged.
TEST_F(ServeApiTest, InjectionAttemptsAreJustText) {
  const std::vector<std::string> attempts = {
      "' OR '1'='1",
      "\" OR \"\"=\"",
      "x'); DROP TABLE events; --",
      "1; DELETE FROM documents",
      "' UNION SELECT json, json, json, json, json, json, json FROM events --",
      "%' OR 1=1 --",
      "\\' OR 1 --",
      "*/ SELECT 1 /*",
  };
  Answer before = get("/api/stats");
  struct Target {
    std::string path;
    std::string parameter;
  };
  const std::vector<Target> targets = {
      {"/api/events", "actor"},    {"/api/events", "place"},    {"/api/events", "text"},
      {"/api/events", "q"},        {"/api/timeline", "actor"},  {"/api/timeline", "text"},
      {"/api/network", "actor"},   {"/api/network", "text"},    {"/api/places", "place"},
      {"/api/places", "actor"},    {"/api/actors", "q"},        {"/api/documents", "q"},
      {"/api/search", "q"},
  };
  for (const Target& target : targets) {
    for (const std::string& attempt : attempts) {
      Answer answer = get(target.path, {{target.parameter, attempt}});
      EXPECT_EQ(answer.status, 200) << target.path << "?" << target.parameter << "=" << attempt
                                    << ": " << answer.raw;
      ASSERT_TRUE(answer.body.is_object()) << answer.raw;
      if (answer.body.contains("total")) {
        EXPECT_EQ(answer.body["total"], 0) << target.path << " matched " << attempt;
      }
    }
  }
  // Wildcards are literal too: '%' and '_' alone match only text that contains them.
  Answer percent = get("/api/events", {{"text", "%"}});
  Answer everything = get("/api/events");
  EXPECT_LT(percent.body["total"].get<int>(), everything.body["total"].get<int>());
  Answer after = get("/api/stats");
  EXPECT_EQ(before.body, after.body) << "the database changed";
}

TEST_F(ServeApiTest, ServesThePage) {
#ifdef CHRONICLE_WEB_DIR
  if (!std::filesystem::exists(std::string(CHRONICLE_WEB_DIR) + "/index.html")) {
    GTEST_SKIP() << "the web page is not built at " << CHRONICLE_WEB_DIR;
  }
  auto page = client_->Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("Chronicle"), std::string::npos);
  EXPECT_NE(page->get_header_value("Content-Security-Policy").find("default-src 'self'"),
            std::string::npos);
  auto outlines = client_->Get("/countries.geo.json");
  ASSERT_TRUE(outlines);
  EXPECT_EQ(outlines->status, 200);
#else
  GTEST_SKIP() << "built without the web page";
#endif
}

TEST(ServeOpen, MissingDatabaseIsNamed) {
  ServerOptions options;
  options.db_path = "/nonexistent/chronicle.db";
  options.port = 0;
  auto server = Server::start(options);
  ASSERT_FALSE(server.ok());
  EXPECT_NE(server.error().message().find("/nonexistent/chronicle.db"), std::string::npos);
}

}  // namespace
}  // namespace chronicle
