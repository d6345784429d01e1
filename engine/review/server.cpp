// ReviewServer: binding, the listening thread and stopping. Routes are in routes_*.cpp, the
// token check in auth.cpp.
#include "engine/review/server.hpp"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <thread>

#include "engine/review/http_internal.hpp"

namespace kamiflow::review {

struct ReviewServer::Impl {
  http::Context ctx;
  httplib::Server server;
  std::string bind;
  int port = 0;
};

std::string random_token() {
  unsigned char bytes[16] = {};
  std::ifstream in("/dev/urandom", std::ios::binary);
  in.read(reinterpret_cast<char*>(bytes), sizeof bytes);
  std::string hex;
  char buf[3];
  for (unsigned char b : bytes) {
    std::snprintf(buf, sizeof buf, "%02x", b);
    hex += buf;
  }
  return hex;
}

ReviewServer::ReviewServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ReviewServer::~ReviewServer() { stop(); }

Result<std::unique_ptr<ReviewServer>> ReviewServer::start(ReviewService& service, const ServeOptions& options,
                                                          Logger logger) {
  const std::string token = options.token.empty() ? random_token() : options.token;
  if (token.size() < 16) return Status::InvalidInput("the access token must have at least 16 characters");
  auto impl = std::unique_ptr<Impl>(new Impl{http::Context{service, token, std::move(logger)}, {}, options.bind, 0});
  httplib::Server& s = impl->server;
  s.set_payload_max_length(1 << 20);  // a correction is a few bytes; refuse anything large
  s.set_read_timeout(10, 0);
  http::add_auth(s, impl->ctx);
  http::add_page_routes(s, impl->ctx);
  http::add_api_routes(s, impl->ctx);
  if (options.port == 0) {
    impl->port = s.bind_to_any_port(options.bind);
    if (impl->port <= 0) return Status::IOError("cannot listen on " + options.bind + " (any port)");
  } else {
    if (!s.bind_to_port(options.bind, options.port))
      return Status::IOError("cannot listen on " + options.bind + ":" + std::to_string(options.port) +
                             " (in use, or not an address of this machine)");
    impl->port = options.port;
  }
  return std::unique_ptr<ReviewServer>(new ReviewServer(std::move(impl)));
}

int ReviewServer::port() const { return impl_->port; }
const std::string& ReviewServer::token() const { return impl_->ctx.token; }

std::string ReviewServer::url() const {
  std::string host = impl_->bind == "0.0.0.0" || impl_->bind == "::" ? "127.0.0.1" : impl_->bind;
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return "http://" + host + ":" + std::to_string(impl_->port) + "/?token=" + impl_->ctx.token;
}

Status ReviewServer::run(const std::atomic<bool>* stop_flag) {
  std::atomic<bool> done{false};
  std::thread watcher;
  if (stop_flag) {
    watcher = std::thread([this, stop_flag, &done] {
      while (!done.load() && !stop_flag->load()) std::this_thread::sleep_for(std::chrono::milliseconds(200));
      impl_->server.stop();
    });
  }
  const bool ok = impl_->server.listen_after_bind();
  done.store(true);
  if (watcher.joinable()) watcher.join();
  return ok || (stop_flag && stop_flag->load()) ? Status::Ok() : Status::IOError("the review server stopped");
}

void ReviewServer::stop() {
  if (impl_) impl_->server.stop();
}

}  // namespace kamiflow::review
