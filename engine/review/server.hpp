// kamiflow::review::ReviewServer: the review screen as a small HTTP server on the clerk's machine
// (docs/review.md). cpp-httplib (Debian's libcpp-httplib-dev) serves a few HTML pages, one CSS
// and one JS file compiled into the binary — nothing is fetched from anywhere else.
//
// Access: a random token (or the one given) is required on EVERY request, whatever the bind
// address: as ?token=… on the first visit (the server then sets an HttpOnly, SameSite=Strict
// cookie and redirects to the same page without it) or as that cookie. Anything else is 403.
// Writes also need a reviewer name (the sign-in page sets it) and a JSON body, which a form on
// another site cannot send without the browser asking first (CORS preflight).
// Binds 127.0.0.1 unless told otherwise; port 0 = a free port chosen by the system.
//
// Thread-safety: start() and port()/url() from one thread; run() blocks until stop() (callable
// from any thread) or the stop flag.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "engine/base/logging.hpp"
#include "engine/review/service.hpp"
#include "kamiflow/status.hpp"

namespace kamiflow::review {

struct ServeOptions {
  std::string bind = "127.0.0.1";
  int port = 0;       // 0: any free port
  std::string token;  // empty: 32 random hex digits
};

// 32 hex digits from the system's random source.
[[nodiscard]] std::string random_token();

class ReviewServer {
 public:
  [[nodiscard]] static Result<std::unique_ptr<ReviewServer>> start(ReviewService& service, const ServeOptions& options,
                                                                   Logger logger);
  ~ReviewServer();
  ReviewServer(const ReviewServer&) = delete;
  ReviewServer& operator=(const ReviewServer&) = delete;

  int port() const;
  const std::string& token() const;
  // http://ADDRESS:PORT/?token=TOKEN — what the clerk opens.
  std::string url() const;
  // Serves until stop() or `*stop_flag` becomes true (checked a few times a second).
  [[nodiscard]] Status run(const std::atomic<bool>* stop_flag = nullptr);
  void stop();

  struct Impl;

 private:
  explicit ReviewServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kamiflow::review
