// chronicle serve: the read-only HTTP API and web page over a database (include/chronicle/server.h).
#include <iostream>
#include <memory>

#include "chronicle/server.h"
#include "commands.h"

namespace chronicle::cli {

std::function<int()> add_serve(CLI::App& app) {
  auto options = std::make_shared<ServerOptions>();
#ifdef CHRONICLE_WEB_DIR
  options->web_dir = CHRONICLE_WEB_DIR;
#endif
  CLI::App* command = app.add_subcommand(
      "serve",
      "Serve a read-only JSON API (docs/openapi.yaml) and the web page for exploring the database.");
  command->add_option("--db", options->db_path, "database file")->capture_default_str();
  command->add_option("--port", options->port, "TCP port (0: any free port)")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  command->add_option("--host", options->host,
                      "address to listen on (loopback by default: the API has no authentication)")
      ->capture_default_str();
  command->add_option("--web", options->web_dir, "directory of the built web page")
      ->capture_default_str();
  command->add_option("--threads", options->threads, "request worker threads")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  return [options] {
    auto server = Server::start(*options);
    if (!server.ok()) {
      std::cerr << "chronicle serve: " << server.error().message() << "\n";
      return kExitUsage;
    }
    // The address line is a contract: the browser tests read the port from it.
    std::cout << "chronicle: serving " << options->db_path << " on http://" << options->host << ":"
              << server.value()->port() << "/" << std::endl;
    Status status = server.value()->run();
    if (!status.ok()) {
      std::cerr << "chronicle serve: " << status.message() << "\n";
      return kExitUsage;
    }
    return kExitOk;
  };
}

}  // namespace chronicle::cli
