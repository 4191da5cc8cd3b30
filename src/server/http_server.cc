// The HTTP transport: cpp-httplib (Debian libcpp-httplib-dev) in front of Api, plus the page's
// static files. Only GET and HEAD are routed; anything else gets httplib's 404/405.
#include <httplib.h>

#include <filesystem>
#include <memory>
#include <string>

#include "chronicle/server.h"

namespace chronicle {

struct Server::Impl {
  std::unique_ptr<Api> api;
  httplib::Server http;
  int port = 0;
};

Result<std::unique_ptr<Server>> Server::start(const ServerOptions& options) {
  auto api = Api::open(options.db_path);
  if (!api.ok()) return api.error();
  std::unique_ptr<Server> server(new Server());
  server->impl_ = std::make_unique<Impl>();
  Impl& impl = *server->impl_;
  impl.api = std::move(api).value();

  const int threads = options.threads < 1 ? 1 : options.threads;
  impl.http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  // Without TCP_NODELAY, Nagle's algorithm and delayed ACKs add ~40 ms to small keep-alive answers.
  impl.http.set_tcp_nodelay(true);
  // The page loads nothing from elsewhere; the policy makes the browser enforce that.
  impl.http.set_default_headers(
      {{"X-Content-Type-Options", "nosniff"},
       {"Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'"}});

  const Api* api_ptr = impl.api.get();
  impl.http.Get("/api/.*", [api_ptr](const httplib::Request& request, httplib::Response& response) {
    std::multimap<std::string, std::string> parameters(request.params.begin(),
                                                       request.params.end());
    ApiResponse answer = api_ptr->handle(request.path, parameters);
    response.status = answer.status;
    response.set_header("Cache-Control", "no-store");
    response.set_content(answer.body, "application/json; charset=utf-8");
  });

  if (!options.web_dir.empty()) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(std::filesystem::path(options.web_dir) / "index.html",
                                          error)) {
      return Error("web page directory " + options.web_dir +
                   " has no index.html (build it with `cmake --build build`, or pass --web DIR)");
    }
    impl.http.set_file_extension_and_mimetype_mapping("mjs", "text/javascript");
    impl.http.set_file_extension_and_mimetype_mapping("json", "application/json");
    if (!impl.http.set_mount_point("/", options.web_dir)) {
      return Error("cannot serve the web page from " + options.web_dir);
    }
  }

  if (options.port == 0) {
    impl.port = impl.http.bind_to_any_port(options.host);
    if (impl.port < 0) return Error("cannot listen on " + options.host + " (any port)");
  } else {
    if (!impl.http.bind_to_port(options.host, options.port)) {
      return Error("cannot listen on " + options.host + ":" + std::to_string(options.port) +
                   " (in use, or the address is not this machine's)");
    }
    impl.port = options.port;
  }
  return server;
}

Server::~Server() {
  if (impl_) impl_->http.stop();
}

int Server::port() const { return impl_->port; }

Status Server::run() {
  if (!impl_->http.listen_after_bind()) {
    return Error("the HTTP server on port " + std::to_string(impl_->port) + " stopped with an error");
  }
  return Status::Ok();
}

void Server::stop() { impl_->http.stop(); }

}  // namespace chronicle
