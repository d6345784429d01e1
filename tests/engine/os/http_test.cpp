#include "engine/os/http.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace kamiflow {
namespace {

using namespace std::chrono_literals;

// A tiny HTTP/1.1 server on 127.0.0.1 (ephemeral port), one thread per connection, one request per
// connection. Routes: POST /echo → 200 with the body and content type; GET /flaky → 503 twice,
// then 200; GET /busy → always 503; GET /slow → answers after 3 s (or at shutdown); else 404.
class LocalHttpServer {
 public:
  LocalHttpServer() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd_, 16) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      ADD_FAILURE() << "cannot listen on 127.0.0.1";
    }
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
  }
  ~LocalHttpServer() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    acceptor_.join();
    for (auto& t : workers_) t.join();
    ::close(fd_);
  }
  std::string origin() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string url(const std::string& path) const { return origin() + path; }
  int requests() const { return requests_; }

 private:
  void accept_loop() {
    for (;;) {
      {
        std::lock_guard lock(mu_);
        if (stopping_) return;
      }
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      const int client = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (client >= 0) workers_.emplace_back([this, client] { serve(client); });
    }
  }

  void serve(int client) {
    std::string req;
    char buf[4096];
    std::size_t header_end = std::string::npos, need = 0;
    while (req.size() < 1 << 20) {  // bounded: a test request is small
      pollfd p{client, POLLIN, 0};
      if (::poll(&p, 1, 2000) <= 0) break;
      const ssize_t n = ::recv(client, buf, sizeof buf, 0);
      if (n <= 0) break;
      req.append(buf, static_cast<std::size_t>(n));
      if (header_end == std::string::npos && (header_end = req.find("\r\n\r\n")) != std::string::npos) {
        const auto cl = lower(req).find("content-length:");
        need = header_end + 4 + (cl == std::string::npos ? 0 : std::stoul(req.substr(cl + 15)));
      }
      if (header_end != std::string::npos && req.size() >= need) break;
    }
    ++requests_;
    const std::string line = req.substr(0, req.find("\r\n"));
    std::string status = "404 Not Found", body = "not found", type = "text/plain";
    if (line.starts_with("POST /echo ")) {
      status = "200 OK";
      body = header_end == std::string::npos ? "" : req.substr(header_end + 4);
      const auto ct = lower(req).find("content-type:");
      if (ct != std::string::npos) type = trim(req.substr(ct + 13, req.find("\r\n", ct) - ct - 13));
    } else if (line.starts_with("GET /flaky ")) {
      const int n = ++flaky_;
      status = n <= 2 ? "503 Service Unavailable" : "200 OK";
      body = n <= 2 ? "busy" : "finally";
    } else if (line.starts_with("GET /busy ")) {
      status = "503 Service Unavailable", body = "busy";
    } else if (line.starts_with("GET /slow ")) {
      std::unique_lock lock(mu_);
      cv_.wait_for(lock, 3s, [this] { return stopping_; });
      status = "200 OK", body = "late";
    }
    const std::string resp = "HTTP/1.1 " + status + "\r\nContent-Type: " + type + "\r\nContent-Length: " +
                             std::to_string(body.size()) + "\r\nX-Test: yes\r\nConnection: close\r\n\r\n" + body;
    (void)::send(client, resp.data(), resp.size(), MSG_NOSIGNAL);
    ::close(client);
  }

  static std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }
  static std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(' ');
    return b == std::string::npos ? "" : s.substr(b);
  }

  int fd_ = -1;
  int port_ = 0;
  std::thread acceptor_;
  std::vector<std::thread> workers_;  // touched only by the acceptor until it is joined
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::atomic<int> requests_{0}, flaky_{0};
};

HttpClient client_for(const LocalHttpServer& server, int attempts = 3) {
  HttpOptions o;
  o.allowed_origins = {server.origin()};
  o.max_attempts = attempts;
  o.backoff_initial = 10ms;
  o.total_timeout = 2000ms;
  auto c = HttpClient::create(o);
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  return std::move(c).value();
}

TEST(CapHttp, PostEchoesBodyAndReturnsStatusAndHeaders) {
  LocalHttpServer server;
  auto client = client_for(server);
  auto r = client.post(server.url("/echo"), "氏名=山田", "text/plain; charset=utf-8");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "氏名=山田");
  EXPECT_EQ(r->header("x-test"), "yes");
  EXPECT_EQ(r->header("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(r->attempts, 1);
}

TEST(CapHttp, PostJson) {
  LocalHttpServer server;
  auto client = client_for(server);
  auto r = client.post_json(server.url("/echo"), {{"name", "山田"}, {"page", 3}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(nlohmann::json::parse(r->body), (nlohmann::json{{"name", "山田"}, {"page", 3}}));
  EXPECT_EQ(r->header("content-type"), "application/json; charset=utf-8");
}

TEST(CapHttp, RetriesServiceUnavailableThenSucceeds) {
  LocalHttpServer server;
  auto client = client_for(server);
  auto r = client.get(server.url("/flaky"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "finally");
  EXPECT_EQ(r->attempts, 3);
  EXPECT_EQ(server.requests(), 3);
}

TEST(CapHttp, AttemptsAreBoundedAndTheLastResponseIsReturned) {
  LocalHttpServer server;
  auto client = client_for(server, 2);
  auto r = client.get(server.url("/busy"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 503);
  EXPECT_EQ(r->attempts, 2);
  EXPECT_EQ(server.requests(), 2);
  EXPECT_EQ(client.get(server.url("/missing")).value_or({}).status, 404);  // 4xx are not retried
  EXPECT_EQ(server.requests(), 3);
}

TEST(CapHttp, SlowServerTimesOut) {
  LocalHttpServer server;
  HttpOptions o;
  o.allowed_origins = {server.origin()};
  o.total_timeout = 300ms;
  auto client = HttpClient::create(o);
  ASSERT_TRUE(client.ok());
  const auto start = std::chrono::steady_clock::now();
  auto r = client->get(server.url("/slow"));
  EXPECT_EQ(r.status().code(), StatusCode::kTimeout) << r.status().ToString();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  EXPECT_EQ(server.requests(), 1);  // a timeout is not retried
}

TEST(CapHttp, UndeclaredOriginsAreRefusedBeforeConnecting) {
  LocalHttpServer server;
  auto client = client_for(server);
  const std::string port = server.origin().substr(std::string("http://127.0.0.1:").size());
  const std::vector<std::string> refused = {"http://127.0.0.1:1/echo", "https://127.0.0.1:" + port + "/echo",
                                            "http://localhost:" + port + "/echo", "http://example.com/"};
  for (const std::string& url : refused) {
    auto r = client.get(url);
    ASSERT_FALSE(r.ok()) << url;
    EXPECT_EQ(r.status().code(), StatusCode::kPermissionDenied) << url;
    EXPECT_NE(r.status().message().find(server.origin()), std::string::npos);
  }
  EXPECT_EQ(client.get("file:///etc/passwd").status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(client.get("not a url").status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(server.requests(), 0);
}

TEST(CapHttp, ConnectionRefusedIsRetriedThenIOError) {
  // Find a closed port: bind, note it, close.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  const std::string origin = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
  HttpOptions o;
  o.allowed_origins = {origin};
  o.backoff_initial = 5ms;
  auto client = HttpClient::create(o);
  ASSERT_TRUE(client.ok());
  auto r = client->get(origin + "/");
  EXPECT_EQ(r.status().code(), StatusCode::kIOError);
  EXPECT_NE(r.status().message().find("after 3 attempt"), std::string::npos) << r.status().message();
}

TEST(CapHttp, EnvironmentProxyIsIgnored) {
  LocalHttpServer server;
  // A proxy that does not exist: if libcurl used it, the request would fail.
  ::setenv("http_proxy", "http://127.0.0.1:9", 1);
  ::setenv("HTTP_PROXY", "http://127.0.0.1:9", 1);
  auto client = client_for(server, 1);
  auto r = client.post(server.url("/echo"), "x", "text/plain");
  ::unsetenv("http_proxy");
  ::unsetenv("HTTP_PROXY");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->body, "x");
}

TEST(CapHttp, BadDeclarationsAreRejected) {
  HttpOptions o;
  o.allowed_origins = {"ftp://host"};
  EXPECT_EQ(HttpClient::create(o).status().code(), StatusCode::kInvalidInput);
}

}  // namespace
}  // namespace kamiflow
