// WebBrowser: the `web` capability a workflow is granted — a real Chromium driven over the W3C
// WebDriver protocol, limited to declared origins. No Lua here; engine/lua/cap_web.cpp wraps it.
//
// Contract:
// - Origins: open() refuses a URL whose origin (scheme, host, port) was not declared, before any
//   request; after every open and click, and before every other step, the page's current URL is
//   checked again (a page can redirect or navigate by script): on an undeclared origin the browser
//   is sent to about:blank and the step fails with PermissionDenied.
// - Elements are addressed by a Locator: CSS selector, id, name, label text (the <label>'s text,
//   required markers such as ※ or * ignored, or aria-label) or the visible text of a button/link.
//   Steps wait up to their timeout for the element to appear.
// - Errors say which step (numbered within the session), which locator, what went wrong, and what
//   the page showed: title, URL and a short excerpt (alerts/error messages first, else the start
//   of the page's text); with a screenshot directory, a screenshot of the failing screen is saved
//   and named in the message. Expected failures are NotFound / Timeout / IOError.
// - Secrets (credentials) are typed with type_secret(); their values never appear in a Status.
// - Downloads are refused (Chromium prefs), the password manager is off, no proxy is used, each
//   session has a fresh temporary profile. Headless unless `show` and a display ($DISPLAY or
//   $WAYLAND_DISPLAY) exists. Running as root adds --no-sandbox (Chromium refuses otherwise).
// - The browser lives as long as the WebBrowser; see webdriver_process.hpp for kill -9.
// Thread-safety: one thread (the one that started it). Ownership: owns the driver and browser.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kamiflow/status.hpp"

namespace kamiflow {

namespace web_detail {
class WebDriverSession;
}

struct WebOptions {
  std::vector<std::string> origins;  // "http://127.0.0.1:8080"
  std::filesystem::path driver = "/usr/bin/chromedriver";
  std::filesystem::path browser = "/usr/bin/chromium";
  bool show = false;         // a visible window when a display exists
  double timeout_s = 10;     // default wait for elements and text
  double page_load_s = 30;   // navigation
  int pace_ms = 0;           // pause after each step (demos, so a person can follow)
  std::filesystem::path screenshots;           // failing screens saved here; empty = none
  std::map<std::string, std::string> secrets;  // name → value, typed by type_secret only
};

struct WebLocator {
  enum class Kind { kCss, kId, kName, kLabel, kText };
  Kind kind = Kind::kCss;
  std::string value;
  std::string describe() const;  // "label '郵便番号'", "css '#zip'"
};

struct WebElementInfo {
  std::string tag, id, name, type, text, value;
  bool visible = false;
};

struct WebPageInfo {
  std::string url, title, excerpt;
};

class WebBrowser {
 public:
  // Validates the origins. The browser starts at the first step, not here.
  [[nodiscard]] static Result<std::unique_ptr<WebBrowser>> create(WebOptions options);
  ~WebBrowser();
  WebBrowser(const WebBrowser&) = delete;
  WebBrowser& operator=(const WebBrowser&) = delete;

  [[nodiscard]] Status open(const std::string& url);
  [[nodiscard]] Result<WebElementInfo> find(const WebLocator& where, std::optional<double> timeout_s = {});
  // Is a visible element there right now? No waiting, no failure screenshot (for "did an error
  // message appear?").
  [[nodiscard]] Result<bool> exists(const WebLocator& where);
  [[nodiscard]] Status type(const WebLocator& where, const std::string& text, std::optional<double> timeout_s = {});
  [[nodiscard]] Status type_secret(const WebLocator& where, const std::string& secret_name,
                                   std::optional<double> timeout_s = {});
  // Chooses the <option> whose visible text or value equals `option`.
  [[nodiscard]] Status select(const WebLocator& where, const std::string& option, std::optional<double> timeout_s = {});
  [[nodiscard]] Status click(const WebLocator& where, std::optional<double> timeout_s = {});
  [[nodiscard]] Status wait_for(const WebLocator& where, std::optional<double> timeout_s = {});
  [[nodiscard]] Status wait_text(const std::string& text, std::optional<double> timeout_s = {});
  // The element's text (an input's value), or the whole page's text without a locator.
  [[nodiscard]] Result<std::string> text(const std::optional<WebLocator>& where, std::optional<double> timeout_s = {});
  // PNG of the current screen in the screenshot directory as `<name>.png` (name: letters, digits,
  // - and _ only). Returns the path.
  [[nodiscard]] Result<std::string> screenshot(const std::string& name);
  [[nodiscard]] Result<WebPageInfo> page();
  // Ends the session; a later step starts a new browser. Idempotent.
  void close();
  bool started() const { return session_ != nullptr; }
  // Driver and reaper pids of the running session (tests check they are gone); -1 when none.
  std::pair<int, int> process_ids() const;

 private:
  explicit WebBrowser(WebOptions options);
  struct Found;
  [[nodiscard]] Status ensure_started();
  [[nodiscard]] Status check_origin(const std::string& url) const;
  [[nodiscard]] Status check_current_origin();
  [[nodiscard]] Result<Found> locate(const WebLocator& where, double timeout_s);
  Status fail(const std::string& verb, const std::string& target, const Status& cause);
  void pace() const;
  double timeout(std::optional<double> t) const { return t ? *t : options_.timeout_s; }

  WebOptions options_;
  std::unique_ptr<web_detail::WebDriverSession> session_;
  int step_ = 0;
};

}  // namespace kamiflow
