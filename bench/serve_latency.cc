// Latency of every endpoint of `chronicle serve`, measured over loopback HTTP with cpp-httplib's
// client: the server runs in this process on a free 127.0.0.1 port; requests are sequential, so
// the figures are per-request latency (SQLite query + JSON + HTTP), not throughput.
//
//   build/chronicle ingest --db /tmp/bench.db ../shared/data/bench/wikipedia-current-events-2025H1/
//   build/serve_latency /tmp/bench.db [REQUESTS_PER_ENDPOINT=50]
//
// Prints one line per endpoint: median, p95 and max in milliseconds, and the bytes answered. The
// bar (issue 6): every endpoint under 100 ms at the median on the whole benchmark corpus.
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "chronicle/server.h"

namespace {

struct Endpoint {
  std::string label;
  std::string path;  // with its query string
};

double percentile(std::vector<double> values, double fraction) {
  std::sort(values.begin(), values.end());
  size_t index = static_cast<size_t>(fraction * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(index, values.size() - 1)];
}

nlohmann::json get_json(httplib::Client& client, const std::string& path) {
  auto response = client.Get(path.c_str());
  if (!response || response->status != 200) return nlohmann::json();
  return nlohmann::json::parse(response->body, nullptr, false);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: serve_latency DB [REQUESTS_PER_ENDPOINT]\n"
                 "  build a DB first: build/chronicle ingest --db /tmp/bench.db "
                 "../shared/data/bench/wikipedia-current-events-2025H1/\n");
    return 2;
  }
  const std::string db = argv[1];
  const int requests = argc > 2 ? std::max(5, std::atoi(argv[2])) : 50;

  chronicle::ServerOptions options;
  options.db_path = db;
  options.port = 0;
  auto server = chronicle::Server::start(options);
  if (!server.ok()) {
    std::fprintf(stderr, "serve_latency: %s\n", server.error().message().c_str());
    return 2;
  }
  std::thread thread([&server] { (void)server.value()->run(); });
  httplib::Client client("127.0.0.1", server.value()->port());
  client.set_keep_alive(true);
  client.set_tcp_nodelay(true);

  // Pick real ids and codes from the database for the detail endpoints.
  nlohmann::json stats = get_json(client, "/api/stats");
  nlohmann::json first_event = get_json(client, "/api/events?limit=1");
  nlohmann::json top_actor = get_json(client, "/api/actors?limit=1");
  nlohmann::json documents = get_json(client, "/api/documents?limit=500");
  if (stats.is_discarded() || stats.is_null() || first_event["items"].empty() ||
      top_actor["items"].empty() || documents["items"].empty()) {
    std::fprintf(stderr, "serve_latency: %s holds no events, actors or documents\n", db.c_str());
    server.value()->stop();
    thread.join();
    return 2;
  }
  std::string event_id = std::to_string(first_event["items"][0]["id"].get<int64_t>());
  std::string actor = top_actor["items"][0]["code"].get<std::string>();
  int64_t biggest = 0;
  int64_t biggest_events = -1;
  for (const auto& doc : documents["items"]) {
    if (doc["events"].get<int64_t>() > biggest_events) {
      biggest_events = doc["events"].get<int64_t>();
      biggest = doc["id"].get<int64_t>();
    }
  }
  std::string month = stats["first_date"].get<std::string>().substr(0, 7);

  const std::vector<Endpoint> endpoints = {
      {"stats", "/api/stats"},
      {"events (first page)", "/api/events"},
      {"events (last page)", "/api/events?limit=50&offset=" +
                                 std::to_string(std::max<int64_t>(
                                     0, stats["events"].get<int64_t>() - 50))},
      {"events actor=" + actor.substr(0, 3), "/api/events?actor=" + actor.substr(0, 3)},
      {"events root=19 + month", "/api/events?root=19&from=" + month + "-01&to=" + month + "-28"},
      {"events text=killed", "/api/events?text=killed"},
      {"event detail", "/api/events/" + event_id},
      {"actors", "/api/actors"},
      {"actors q=minister", "/api/actors?q=minister"},
      {"actor profile " + actor, "/api/actors/" + actor},
      {"documents", "/api/documents"},
      {"document detail (most events)", "/api/documents/" + std::to_string(biggest)},
      {"timeline", "/api/timeline"},
      {"timeline actor=" + actor.substr(0, 3), "/api/timeline?actor=" + actor.substr(0, 3)},
      {"network", "/api/network"},
      {"network limit=500", "/api/network?limit=500"},
      {"places", "/api/places"},
      {"search q=minister", "/api/search?q=minister"},
  };

  std::printf("serve_latency: %s: %lld documents, %lld sentences, %lld events; %d requests per "
              "endpoint, sequential, loopback HTTP\n",
              db.c_str(), static_cast<long long>(stats["documents"].get<int64_t>()),
              static_cast<long long>(stats["sentences"].get<int64_t>()),
              static_cast<long long>(stats["events"].get<int64_t>()), requests);
  std::printf("%-34s %9s %9s %9s %10s\n", "endpoint", "median ms", "p95 ms", "max ms", "bytes");
  bool all_under_bar = true;
  int failures = 0;
  for (const Endpoint& endpoint : endpoints) {
    std::vector<double> millis;
    size_t bytes = 0;
    for (int request_idx = 0; request_idx < requests + 3; ++request_idx) {
      auto start = std::chrono::steady_clock::now();
      auto response = client.Get(endpoint.path.c_str());
      double elapsed = std::chrono::duration<double, std::milli>(
                           std::chrono::steady_clock::now() - start)
                           .count();
      if (!response || response->status != 200) {
        ++failures;
        std::fprintf(stderr, "serve_latency: %s answered %d\n", endpoint.path.c_str(),
                     response ? response->status : -1);
        break;
      }
      bytes = response->body.size();
      if (request_idx >= 3) millis.push_back(elapsed);  // the first three warm the caches
    }
    if (millis.empty()) continue;
    double median = percentile(millis, 0.5);
    all_under_bar = all_under_bar && median < 100.0;
    std::printf("%-34s %9.2f %9.2f %9.2f %10zu\n", endpoint.label.c_str(), median,
                percentile(millis, 0.95), *std::max_element(millis.begin(), millis.end()), bytes);
  }
  std::printf("bar (every median < 100 ms): %s\n", all_under_bar && failures == 0 ? "met" : "NOT met");
  server.value()->stop();
  thread.join();
  return failures ? 1 : 0;
}
