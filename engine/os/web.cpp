// WebBrowser verbs on a WebDriverSession: locators, origin checks after every step, and error
// messages that say which step, which element and what the page showed (web.hpp).
#include "engine/os/web.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <thread>

#include "engine/os/atomic_file.hpp"
#include "engine/os/http.hpp"
#include "engine/os/webdriver.hpp"
#include "engine/os/web_scripts.hpp"

namespace kamiflow {
namespace {
using nlohmann::json;
using web_detail::kElementKey;
using web_detail::kLocateJs;
using web_detail::kPageJs;
using web_detail::kSelectJs;

std::string decode_base64(const std::string& in) {
  auto val = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  int bits = 0, acc = 0;
  for (char c : in) {
    const int v = val(c);
    if (v < 0) continue;  // padding, newlines
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  return out;
}

// The same kind of failure with a fuller message (Status keeps its constructor private).
Status recoded(const Status& cause, std::string msg) {
  switch (cause.code()) {
    case StatusCode::kNotFound: return Status::NotFound(std::move(msg));
    case StatusCode::kTimeout: return Status::Timeout(std::move(msg));
    case StatusCode::kPermissionDenied: return Status::PermissionDenied(std::move(msg));
    case StatusCode::kInvalidInput: return Status::InvalidInput(std::move(msg));
    default: return Status::IOError(std::move(msg));
  }
}

json element_ref(const std::string& id) { return json{{kElementKey, id}}; }

const char* kind_name(WebLocator::Kind k) {
  switch (k) {
    case WebLocator::Kind::kCss: return "css";
    case WebLocator::Kind::kId: return "id";
    case WebLocator::Kind::kName: return "name";
    case WebLocator::Kind::kLabel: return "label";
    case WebLocator::Kind::kText: return "text";
  }
  return "css";
}

bool display_exists() {
  const char* x = std::getenv("DISPLAY");
  const char* w = std::getenv("WAYLAND_DISPLAY");
  return (x != nullptr && *x != '\0') || (w != nullptr && *w != '\0');
}

}  // namespace

struct WebBrowser::Found {
  std::string id;
  WebElementInfo info;
};

std::string WebLocator::describe() const { return std::string(kind_name(kind)) + " '" + value + "'"; }

Result<std::unique_ptr<WebBrowser>> WebBrowser::create(WebOptions options) {
  if (options.origins.empty()) return Status::InvalidInput("web: declare at least one origin");
  HttpOptions check;
  check.allowed_origins = options.origins;
  KF_RETURN_IF_ERROR(HttpClient::create(check).status().WithContext("web origins"));
  return std::unique_ptr<WebBrowser>(new WebBrowser(std::move(options)));
}

WebBrowser::WebBrowser(WebOptions options) : options_(std::move(options)) {}
WebBrowser::~WebBrowser() { close(); }

void WebBrowser::close() {
  if (session_) session_->close();
  session_.reset();
}

std::pair<int, int> WebBrowser::process_ids() const {
  if (!session_ || !session_->process()) return {-1, -1};
  return {session_->process()->driver_pid(), session_->process()->reaper_pid()};
}

Status WebBrowser::ensure_started() {
  if (session_) return Status::Ok();
  json args = json::array({"--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
                           "--disable-extensions", "--disable-background-networking", "--disable-sync",
                           "--disable-default-apps", "--disable-component-update", "--disable-crash-reporter",
                           "--disable-breakpad", "--no-proxy-server", "--password-store=basic",
                           "--window-size=1280,1000", "--lang=ja"});
  if (!(options_.show && display_exists())) {
    args.push_back("--headless=new");
    args.push_back("--disable-gpu");
  }
  if (::geteuid() == 0) args.push_back("--no-sandbox");  // Chromium refuses to run as root otherwise
  json prefs = {{"download_restrictions", 3},  // 3 = block every download
                {"download.prompt_for_download", false},
                {"profile.default_content_setting_values.automatic_downloads", 2},
                {"credentials_enable_service", false},
                {"profile.password_manager_enabled", false}};
  json caps = {{"browserName", "chrome"},
               {"pageLoadStrategy", "normal"},
               {"timeouts", {{"pageLoad", static_cast<long long>(options_.page_load_s * 1000)},
                             {"script", 30000}, {"implicit", 0}}},
               {"goog:chromeOptions", {{"binary", options_.browser.string()}, {"args", args}, {"prefs", prefs}}}};
  if (::access(options_.browser.c_str(), X_OK) != 0)
    return Status::NotFound("web: " + options_.browser.string() + " is missing (install Debian's chromium)");
  KF_ASSIGN_OR_RETURN(session_, web_detail::WebDriverSession::start(options_.driver, caps, options_.page_load_s + 30));
  return Status::Ok();
}

Status WebBrowser::check_origin(const std::string& url) const {
  if (url == "about:blank") return Status::Ok();
  HttpOptions o;
  o.allowed_origins = options_.origins;
  KF_ASSIGN_OR_RETURN(HttpClient c, HttpClient::create(o));
  Status st = c.check_allowed(url);
  if (st.ok()) return st;
  if (st.code() == StatusCode::kPermissionDenied)
    return Status::PermissionDenied("web: " + url + " is not a declared origin (declared: " + [&] {
      std::string d;
      for (const auto& a : options_.origins) d += (d.empty() ? "" : ", ") + a;
      return d;
    }() + ")");
  return Status::PermissionDenied("web: " + st.message());
}

Status WebBrowser::check_current_origin() {
  KF_ASSIGN_OR_RETURN(json url, session_->command("GET", "/url"));
  const std::string u = url.is_string() ? url.get<std::string>() : "";
  Status st = check_origin(u);
  if (!st.ok()) (void)session_->command("POST", "/url", {{"url", "about:blank"}});  // stop acting on it
  return st;
}

Result<WebPageInfo> WebBrowser::page() {
  KF_RETURN_IF_ERROR(ensure_started());
  KF_ASSIGN_OR_RETURN(json v, session_->command("POST", "/execute/sync", {{"script", kPageJs}, {"args", json::array()}}));
  WebPageInfo p;
  if (v.is_object()) {
    p.url = v.value("url", std::string());
    p.title = v.value("title", std::string());
    p.excerpt = v.value("excerpt", std::string());
  }
  return p;
}

Status WebBrowser::fail(const std::string& verb, const std::string& target, const Status& cause) {
  std::string msg = "web." + verb + " step " + std::to_string(step_) + (target.empty() ? "" : " (" + target + ")") +
                    ": " + cause.message();
  if (session_) {
    auto p = page();
    if (p.ok()) msg += " — page '" + p->title + "' at " + p->url + " shows: \"" + p->excerpt + "\"";
    if (!options_.screenshots.empty()) {
      char stamp[32];
      const std::time_t now = std::time(nullptr);
      std::tm tm{};
      gmtime_r(&now, &tm);
      std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%S", &tm);
      char name[96];
      std::snprintf(name, sizeof name, "%s-%d-step%04d-%s", stamp, static_cast<int>(::getpid()), step_, verb.c_str());
      auto shot = screenshot(name);
      if (shot.ok()) msg += " [screenshot: " + *shot + "]";
    }
  }
  return recoded(cause, std::move(msg));
}

void WebBrowser::pace() const {
  if (options_.pace_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(options_.pace_ms));
}

Result<WebBrowser::Found> WebBrowser::locate(const WebLocator& where, double timeout_s) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(static_cast<long long>(timeout_s * 1000));
  for (;;) {
    KF_RETURN_IF_ERROR(check_current_origin());
    KF_ASSIGN_OR_RETURN(json v, session_->command("POST", "/execute/sync",
                                                  {{"script", kLocateJs}, {"args", {kind_name(where.kind), where.value}}}));
    if (v.is_object() && v.contains("el") && v["el"].is_object()) {
      Found f;
      f.id = v["el"].value(kElementKey, std::string());
      f.info = {v.value("tag", ""), v.value("id", ""), v.value("name", ""), v.value("type", ""),
                v.value("text", ""), v.value("value", ""), v.value("visible", false)};
      if (!f.id.empty() && f.info.visible) return f;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      const bool hidden = v.is_object() && v.contains("el");
      char waited[32];
      std::snprintf(waited, sizeof waited, " after %.1f s", timeout_s);
      return Status::NotFound(std::string(hidden ? "the element is there but not visible" : "no such element") + waited);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

Status WebBrowser::open(const std::string& url) {
  ++step_;
  KF_RETURN_IF_ERROR(check_origin(url).WithContext("web.open step " + std::to_string(step_)));
  Status st = ensure_started();
  if (st.ok()) st = session_->command("POST", "/url", {{"url", url}}).status();
  if (st.ok()) st = check_current_origin();
  if (!st.ok()) return fail("open", url, st);
  pace();
  return Status::Ok();
}

Result<WebElementInfo> WebBrowser::find(const WebLocator& where, std::optional<double> t) {
  ++step_;
  Status st = ensure_started();
  if (!st.ok()) return fail("find", where.describe(), st);
  auto f = locate(where, timeout(t));
  if (!f.ok()) return fail("find", where.describe(), f.status());
  return f->info;
}

Result<bool> WebBrowser::exists(const WebLocator& where) {
  ++step_;
  Status st = ensure_started();
  if (!st.ok()) return fail("exists", where.describe(), st);
  auto f = locate(where, 0);
  if (f.ok()) return true;
  if (f.status().code() == StatusCode::kNotFound) return false;
  return fail("exists", where.describe(), f.status());
}

Status WebBrowser::wait_for(const WebLocator& where, std::optional<double> t) {
  auto f = find(where, t);
  return f.ok() ? Status::Ok() : f.status();
}

Status WebBrowser::type(const WebLocator& where, const std::string& text, std::optional<double> t) {
  ++step_;
  Status st = ensure_started();
  Result<Found> f = st.ok() ? locate(where, timeout(t)) : Result<Found>(st);
  if (f.ok()) st = session_->command("POST", "/element/" + f->id + "/clear").status();
  else st = f.status();
  if (st.ok()) st = session_->command("POST", "/element/" + f->id + "/value", {{"text", text}}).status();
  if (!st.ok()) return fail("type", where.describe(), st);
  pace();
  return Status::Ok();
}

Status WebBrowser::type_secret(const WebLocator& where, const std::string& name, std::optional<double> t) {
  const auto it = options_.secrets.find(name);
  if (it == options_.secrets.end())
    return Status::PermissionDenied("web.type_secret: no credential '" + name +
                                    "' is declared (capabilities.web.credentials)");
  Status st = type(where, it->second, t);
  // type()'s messages never contain the text typed, so this one carries no secret either.
  return st.ok() ? st : recoded(st, st.message() + " (typing credential '" + name + "')");
}

Status WebBrowser::select(const WebLocator& where, const std::string& option, std::optional<double> t) {
  ++step_;
  Status st = ensure_started();
  Result<Found> f = st.ok() ? locate(where, timeout(t)) : Result<Found>(st);
  if (!f.ok()) return fail("select", where.describe(), f.status());
  auto r = session_->command("POST", "/execute/sync", {{"script", kSelectJs}, {"args", {element_ref(f->id), option}}});
  if (!r.ok()) return fail("select", where.describe(), r.status());
  if (!r->value("ok", false)) {
    std::string opts;
    for (const auto& o : r->value("options", json::array())) opts += (opts.empty() ? "" : ", ") + o.get<std::string>();
    return fail("select", where.describe(),
                Status::NotFound(r->value("notselect", false) ? "the element is not a <select>"
                                                              : "no option '" + option + "' (options: " + opts + ")"));
  }
  pace();
  return Status::Ok();
}

Status WebBrowser::click(const WebLocator& where, std::optional<double> t) {
  ++step_;
  Status st = ensure_started();
  Result<Found> f = st.ok() ? locate(where, timeout(t)) : Result<Found>(st);
  // Mark the document, so that after the click we can tell whether a navigation began: a form
  // submission can start a moment after the click returns, and the next step must not look at
  // the old page (and miss the error messages of the new one).
  if (f.ok()) st = session_->command("POST", "/execute/sync", {{"script", "window.__kamiflowMark = 1;"}, {"args", json::array()}}).status();
  else st = f.status();
  if (st.ok()) st = session_->command("POST", "/element/" + f->id + "/click").status();
  for (int i = 0; st.ok() && i < 6; ++i) {  // up to ~300 ms for a navigation to start
    auto same = session_->command("POST", "/execute/sync", {{"script", "return window.__kamiflowMark === 1;"}, {"args", json::array()}});
    if (!same.ok() || !same->is_boolean() || !same->get<bool>()) break;  // a new document (or one loading)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (st.ok()) st = check_current_origin();  // the click may have navigated anywhere
  if (!st.ok()) return fail("click", where.describe(), st);
  pace();
  return Status::Ok();
}

Status WebBrowser::wait_text(const std::string& text, std::optional<double> t) {
  ++step_;
  Status st = ensure_started();
  if (!st.ok()) return fail("wait_text", "'" + text + "'", st);
  const double secs = timeout(t);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(static_cast<long long>(secs * 1000));
  for (;;) {
    st = check_current_origin();
    if (!st.ok()) return fail("wait_text", "'" + text + "'", st);
    auto v = session_->command("POST", "/execute/sync",
                               {{"script", "return !!document.body && document.body.innerText.includes(arguments[0]);"},
                                {"args", {text}}});
    if (!v.ok()) return fail("wait_text", "'" + text + "'", v.status());
    if (v->is_boolean() && v->get<bool>()) return Status::Ok();
    if (std::chrono::steady_clock::now() >= deadline)
      return fail("wait_text", "'" + text + "'", Status::Timeout("the text did not appear within " +
                                                                  std::to_string(static_cast<int>(secs)) + " s"));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

Result<std::string> WebBrowser::text(const std::optional<WebLocator>& where, std::optional<double> t) {
  ++step_;
  Status st = ensure_started();
  if (!st.ok()) return fail("text", where ? where->describe() : "", st);
  if (!where) {
    st = check_current_origin();
    auto v = st.ok() ? session_->command("POST", "/execute/sync",
                                         {{"script", "return document.body ? document.body.innerText : '';"},
                                          {"args", json::array()}})
                     : Result<json>(st);
    if (!v.ok()) return fail("text", "", v.status());
    return v->is_string() ? v->get<std::string>() : std::string();
  }
  auto f = locate(*where, timeout(t));
  if (!f.ok()) return fail("text", where->describe(), f.status());
  const bool input = f->info.tag == "input" || f->info.tag == "textarea" || f->info.tag == "select";
  return input ? f->info.value : f->info.text;
}

Result<std::string> WebBrowser::screenshot(const std::string& name) {
  if (name.empty() || name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") !=
                          std::string::npos)
    return Status::InvalidInput("web.screenshot: a name of letters, digits, - and _ only, got '" + name + "'");
  if (options_.screenshots.empty())
    return Status::InvalidInput("web.screenshot: declare capabilities.web.screenshots (a directory)");
  KF_RETURN_IF_ERROR(ensure_started());
  KF_ASSIGN_OR_RETURN(json v, session_->command("GET", "/screenshot"));
  if (!v.is_string()) return Status::IOError("web.screenshot: the driver sent no image");
  const std::filesystem::path path = options_.screenshots / (name + ".png");
  KF_RETURN_IF_ERROR(write_file_atomically(path, decode_base64(v.get<std::string>())));
  return path.string();
}

}  // namespace kamiflow
