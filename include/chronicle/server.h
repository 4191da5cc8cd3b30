// Chronicle: the read-only HTTP API and web page over a stored chronicle (`chronicle serve`).
//
// The API (docs/openapi.yaml) answers GET requests under /api/ with JSON; every other path is a
// static file of the web page (built from web/ into build/web). Nothing is written to the
// database. Every list is paged (`limit`, `offset`, with a cap per endpoint and a `total`), every
// parameter is checked (an unknown, repeated or malformed one gives 400 with
// {"error":{"status":400,"message":"..."}} naming the parameter and what was expected), and every
// value reaches SQLite as a bound parameter.
//
// Usage:
//   auto api = chronicle::Api::open("chronicle.db");          // Result<std::unique_ptr<Api>>
//   chronicle::ApiResponse page = api.value()->handle("/api/events", {{"root", "19"}});
//
//   chronicle::ServerOptions options;  options.port = 0;      // any free loopback port
//   auto server = chronicle::Server::start(options);           // binds, does not block
//   int port = server.value()->port();  server.value()->run(); // run() blocks until stop()
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "chronicle/status.h"

namespace chronicle {

// One answer of the API, independent of the transport.
struct ApiResponse {
  int status = 200;
  std::string body;  // JSON
};

// The JSON API over one database. Thread-safe: each call borrows one of a pool of Store
// connections (a Store is not thread-safe), so concurrent requests run in parallel.
class Api {
 public:
  // Opens `db_path`, which must exist and be a Chronicle database.
  static Result<std::unique_ptr<Api>> open(const std::string& db_path);
  ~Api();
  // Answers GET `path` (already URL-decoded, e.g. "/api/actors/RUSMIL") with its query
  // parameters; 404 for an unknown path.
  ApiResponse handle(std::string_view path,
                     const std::multimap<std::string, std::string>& parameters) const;

 private:
  Api() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct ServerOptions {
  std::string db_path = "chronicle.db";
  std::string host = "127.0.0.1";  // loopback by default: the page has no authentication
  int port = 8080;                 // 0 = any free port (see Server::port)
  std::string web_dir;             // the built page (build/web); empty serves the API only
  int threads = 4;                 // request worker threads
};

// The HTTP server: the API under /api/ and the page's static files elsewhere.
class Server {
 public:
  // Opens the database and binds the port; fails naming the database, directory or address.
  static Result<std::unique_ptr<Server>> start(const ServerOptions& options);
  ~Server();
  int port() const;
  // Serves until stop() is called from another thread; returns an error if listening failed.
  Status run();
  void stop();

 private:
  Server() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace chronicle
