// kamiflow.http against a REAL HTTP server on 127.0.0.1 (a tiny thread in this test, ephemeral
// port, loopback only): GET, POST, post_json, headers, retries on 503, undeclared hosts refused.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <lua.hpp>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "engine/lua/runtime.hpp"
#include "engine/lua/capabilities.hpp"

namespace kamiflow {
namespace {

// One request per connection, answered on the accept thread (tests send one at a time).
// GET /hello → 200 "hi"; GET /flaky → 503 then 200; POST anything → 201 echoing the body and
// its Content-Type. Every request line and body is recorded.
class LoopbackServer {
 public:
  LoopbackServer() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd_, 8) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
      ADD_FAILURE() << "cannot listen on 127.0.0.1";
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { loop(); });
  }
  ~LoopbackServer() {
    stop_ = true;
    thread_.join();
    ::close(fd_);
  }
  std::string origin() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<std::string> requests() {
    std::lock_guard lock(mu_);
    return requests_;
  }

 private:
  void loop() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      const int c = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (c >= 0) serve(c);
    }
  }
  void serve(int c) {
    std::string req;
    char buf[4096];
    std::size_t end = std::string::npos, need = 0;
    while (req.size() < (1u << 20)) {
      pollfd p{c, POLLIN, 0};
      if (::poll(&p, 1, 2000) <= 0) break;
      const ssize_t n = ::recv(c, buf, sizeof buf, 0);
      if (n <= 0) break;
      req.append(buf, static_cast<std::size_t>(n));
      if (end == std::string::npos && (end = req.find("\r\n\r\n")) != std::string::npos) {
        std::string lower = req.substr(0, end);
        for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        const auto cl = lower.find("content-length:");
        need = end + 4 + (cl == std::string::npos ? 0 : std::stoul(lower.substr(cl + 15)));
      }
      if (end != std::string::npos && req.size() >= need) break;
    }
    const std::string line = req.substr(0, req.find("\r\n"));
    const std::string body = end == std::string::npos ? "" : req.substr(end + 4);
    {
      std::lock_guard lock(mu_);
      requests_.push_back(line + "\n" + body);
    }
    std::string status = "404 Not Found", out = "no";
    if (line.starts_with("GET /hello ")) status = "200 OK", out = "hi";
    if (line.starts_with("GET /flaky ")) status = ++flaky_ == 1 ? "503 Busy" : "200 OK", out = "ok";
    if (line.starts_with("POST ")) {
      status = "201 Created";
      const auto ct = req.find("Content-Type: ");
      out = (ct == std::string::npos ? "" : req.substr(ct + 14, req.find("\r\n", ct) - ct - 14)) + "|" + body;
    }
    const std::string resp = "HTTP/1.1 " + status + "\r\nContent-Length: " + std::to_string(out.size()) +
                             "\r\nX-Kamiflow-Test: yes\r\nConnection: close\r\n\r\n" + out;
    (void)::send(c, resp.data(), resp.size(), MSG_NOSIGNAL);
    ::close(c);
  }

  int fd_ = -1, port_ = 0, flaky_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::mutex mu_;
  std::vector<std::string> requests_;
};

TEST(LuaCapHttp, TalksToADeclaredLoopbackServer) {
  LoopbackServer server;
  auto rt = std::move(LuaRuntime::create()).value();
  ASSERT_TRUE(install_workflow_modules(*rt).ok());
  nlohmann::json decl = {{"http", {{"hosts", {server.origin()}}, {"timeout_s", 5}, {"retries", 2}}}};
  auto grants = std::move(WorkflowGrants::from_declaration(decl)).value();
  GrantScope scope(*rt, *grants);
  lua_pushstring(rt->state(), server.origin().c_str());
  lua_setglobal(rt->state(), "ORIGIN");
  Status st = rt->run_string(R"(
    local o = ORIGIN
    local http = kamiflow.http
    local r = assert(http.get(o .. '/hello'))
    assert(r.status == 200 and r.body == 'hi' and r.headers['x-kamiflow-test'] == 'yes', r.body)
    local f = assert(http.get(o .. '/flaky'))
    assert(f.status == 200, f.status)                       -- 503 retried
    local n = assert(http.get(o .. '/nothing'))
    assert(n.status == 404)                                 -- an HTTP error is a response
    local p = assert(http.post(o .. '/raw', 'a,b', 'text/csv'))
    assert(p.status == 201 and p.body == 'text/csv|a,b', p.body)
    local j = assert(http.post_json(o .. '/records', { form = 'kokuho', page = 1 }))
    assert(j.status == 201 and j.body:match('^application/json') and j.body:match('"form":"kokuho"'), j.body)
  )", "http.lua");
  ASSERT_TRUE(st.ok()) << st.message();
  auto reqs = server.requests();
  ASSERT_EQ(reqs.size(), 6u);  // hello, flaky x2, nothing, raw, records
  EXPECT_TRUE(reqs[5].starts_with("POST /records "));

  // Another origin (even another port on loopback) is refused before any connection.
  st = rt->run_string("kamiflow.http.get('http://127.0.0.1:1/x')", "other.lua");
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(server.requests().size(), 6u);
  // A connection failure is an expected failure: nil, message.
  auto closed = std::move(WorkflowGrants::from_declaration(
                              {{"http", {{"hosts", {"http://127.0.0.1:1"}}, {"timeout_s", 2}, {"retries", 0}}}}))
                    .value();
  GrantScope closed_scope(*rt, *closed);
  st = rt->run_string("local r, err = kamiflow.http.get('http://127.0.0.1:1/x'); assert(r == nil and type(err) == 'string')",
                      "refused.lua");
  EXPECT_TRUE(st.ok()) << st.message();
}

}  // namespace
}  // namespace kamiflow
