// WebBrowser (engine/os/web.cpp) against the demo core system in real headless Chromium: every
// verb, locators by label/id/css/text, origins refused before and after a click, errors that say
// step, locator and page, secrets kept out of messages, and no process left after close().
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <thread>

#include "core_system_server.hpp"
#include "engine/os/web.hpp"
#include "test_support.hpp"

namespace kamiflow {
namespace {
namespace fs = std::filesystem;
using K = WebLocator::Kind;

class WebBrowserTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!testing::browser_available()) GTEST_SKIP() << "chromium / chromium-driver / python3 not installed";
    // The browser profile goes under our temp dir, so the test can look for leftover processes.
    old_tmpdir_ = std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "";
    ::setenv("TMPDIR", dir_.path().c_str(), 1);
    server_ = std::make_unique<testing::CoreSystemServer>(dir_.path());
    ASSERT_TRUE(server_->ok()) << "the demo core system did not start";
  }
  void TearDown() override {
    if (old_tmpdir_.empty()) ::unsetenv("TMPDIR");
    else ::setenv("TMPDIR", old_tmpdir_.c_str(), 1);
  }
  std::unique_ptr<WebBrowser> browser() {
    WebOptions o;
    o.origins = {server_->url()};
    o.timeout_s = 2;
    o.screenshots = dir_ / "screens";
    fs::create_directories(o.screenshots);
    o.secrets = {{"user", "kamiflow"}, {"password", "demo-pass"}};
    auto b = WebBrowser::create(o);
    EXPECT_TRUE(b.ok()) << b.status().ToString();
    return std::move(*b);
  }
  void login(WebBrowser& b) {
    ASSERT_TRUE(b.open(server_->url() + "/login").ok());
    ASSERT_TRUE(b.type_secret({K::kLabel, "ユーザーID"}, "user").ok());
    ASSERT_TRUE(b.type_secret({K::kLabel, "パスワード"}, "password").ok());
    ASSERT_TRUE(b.click({K::kText, "ログイン"}).ok());
    ASSERT_TRUE(b.wait_text("メニュー").ok());
  }

  testing::TempDir dir_;
  std::string old_tmpdir_;
  std::unique_ptr<testing::CoreSystemServer> server_;
};

TEST_F(WebBrowserTest, AnUndeclaredOriginIsRefusedBeforeAnyBrowserStarts) {
  auto b = browser();
  for (const std::string url : {"http://example.org/", "http://localhost:1/", "file:///etc/passwd"}) {
    Status st = b->open(url);
    EXPECT_EQ(st.code(), StatusCode::kPermissionDenied) << url << ": " << st.ToString();
  }
  EXPECT_FALSE(b->started());
  EXPECT_FALSE(WebBrowser::create({}).ok());  // no origin declared at all
}

TEST_F(WebBrowserTest, KeysARecordAndReadsTheReceiptBack) {
  auto b = browser();
  login(*b);
  ASSERT_TRUE(b->open(server_->url() + "/entry").ok());
  EXPECT_TRUE(b->type({K::kLabel, "整理番号"}, "T-1").ok());
  EXPECT_TRUE(b->select({K::kLabel, "申請種別"}, "印鑑登録").ok());
  EXPECT_TRUE(b->type({K::kId, "name"}, "山田 太郎").ok());
  EXPECT_TRUE(b->type({K::kCss, "input[name=kana]"}, "ヤマダタロウ").ok());
  EXPECT_TRUE(b->type({K::kName, "postal_code"}, "100-0001").ok());
  EXPECT_TRUE(b->type({K::kLabel, "住所"}, "東京都千代田区千代田1-1").ok());
  auto kana = b->text(WebLocator{K::kLabel, "フリガナ"});
  ASSERT_TRUE(kana.ok());
  EXPECT_EQ(*kana, "ヤマダタロウ");
  auto info = b->find({K::kLabel, "申請種別"});
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->tag, "select");
  EXPECT_EQ(info->value, "印鑑登録");
  EXPECT_FALSE(b->select({K::kLabel, "申請種別"}, "無い種別").ok());
  ASSERT_TRUE(b->click({K::kText, "登録"}).ok());
  ASSERT_TRUE(b->wait_for({K::kId, "receipt-no"}).ok());
  auto receipt = b->text(WebLocator{K::kId, "receipt-no"});
  ASSERT_TRUE(receipt.ok());
  const auto held = server_->records();
  ASSERT_EQ(held.size(), 1u);
  EXPECT_EQ(held[0]["receipt"], *receipt);
  EXPECT_EQ(held[0]["name"], "山田 太郎");
  EXPECT_EQ(held[0]["kind"], "印鑑登録");
  auto shot = b->screenshot("receipt");
  ASSERT_TRUE(shot.ok());
  EXPECT_EQ(testing::read_file(*shot).substr(1, 3), "PNG");
  EXPECT_FALSE(b->screenshot("../escape").ok());
}

TEST_F(WebBrowserTest, AFailedStepSaysWhichStepWhichElementAndWhatThePageShowed) {
  auto b = browser();
  login(*b);
  ASSERT_TRUE(b->open(server_->url() + "/entry").ok());
  ASSERT_TRUE(b->type({K::kLabel, "郵便番号"}, "1000001").ok());
  ASSERT_TRUE(b->click({K::kText, "登録"}).ok());
  auto error = b->exists({K::kCss, ".error"});
  ASSERT_TRUE(error.ok());
  EXPECT_TRUE(*error);
  auto shown = b->text(WebLocator{K::kCss, ".error"});
  ASSERT_TRUE(shown.ok());
  EXPECT_NE(b->text(std::nullopt)->find("郵便番号は「123-4567」の形式で入力してください"), std::string::npos);

  Status st = b->type({K::kLabel, "存在しない項目"}, "x", 0.3);
  EXPECT_EQ(st.code(), StatusCode::kNotFound);
  const std::string& m = st.message();
  EXPECT_NE(m.find("web.type step"), std::string::npos) << m;
  EXPECT_NE(m.find("label '存在しない項目'"), std::string::npos) << m;
  EXPECT_NE(m.find("新規受付"), std::string::npos) << m;  // the page's title
  EXPECT_NE(m.find("を入力してください"), std::string::npos) << m;  // its error messages first
  const auto at = m.find("[screenshot: ");
  ASSERT_NE(at, std::string::npos) << m;
  EXPECT_TRUE(fs::exists(m.substr(at + 13, m.find(']', at) - at - 13))) << m;

  // A credential never appears in a message, even when typing it fails.
  Status secret = b->type_secret({K::kLabel, "存在しない項目"}, "password", 0.2);
  EXPECT_FALSE(secret.ok());
  EXPECT_EQ(secret.message().find("demo-pass"), std::string::npos) << secret.message();
  EXPECT_EQ(b->type_secret({K::kLabel, "住所"}, "undeclared").code(), StatusCode::kPermissionDenied);

  Status late = b->wait_text("決して現れない文", 0.3);
  EXPECT_EQ(late.code(), StatusCode::kTimeout);
  EXPECT_NE(late.message().find("web.wait_text step"), std::string::npos) << late.message();
}

TEST_F(WebBrowserTest, AClickThatLandsOnAnotherOriginIsRefusedAndTheBrowserLeavesIt) {
  auto b = browser();
  login(*b);
  // 旧システム redirects to http://localhost:PORT — the same server, a different origin.
  Status st = b->click({K::kText, "旧システム"});
  EXPECT_EQ(st.code(), StatusCode::kPermissionDenied) << st.ToString();
  EXPECT_NE(st.message().find("localhost"), std::string::npos) << st.message();
  auto p = b->page();
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->url, "about:blank");
}

TEST_F(WebBrowserTest, DownloadsAreRefused) {
  auto b = browser();
  login(*b);
  ASSERT_TRUE(b->click({K::kText, "CSV出力"}).ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // time for a download to land, were it allowed
  int files = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir_.path())) {
    const std::string name = e.path().filename().string();
    if (name.find("records") != std::string::npos && (name.find(".csv") != std::string::npos ||
                                                      name.find(".crdownload") != std::string::npos))
      ADD_FAILURE() << "downloaded: " << e.path();
    ++files;
  }
  EXPECT_GT(files, 0);  // the walk did see the session's profile
  const char* home = std::getenv("HOME");
  if (home != nullptr) EXPECT_FALSE(fs::exists(fs::path(home) / "Downloads" / "records.csv"));
}

TEST_F(WebBrowserTest, CloseLeavesNoDriverNoBrowserAndNoProfile) {
  auto b = browser();
  ASSERT_TRUE(b->open(server_->url() + "/login").ok());
  // chromium's --user-data-dir is under our temp dir
  ASSERT_FALSE(testing::processes_mentioning((dir_ / "kamiflow-web-").string()).empty());
  const auto [driver, reaper] = b->process_ids();
  ASSERT_GT(driver, 0);
  b->close();
  EXPECT_TRUE(testing::processes_mentioning((dir_ / "kamiflow-web-").string()).empty());
  EXPECT_NE(::kill(driver, 0), 0);
  EXPECT_NE(::kill(reaper, 0), 0);
  for (const auto& e : fs::directory_iterator(dir_.path()))
    EXPECT_EQ(e.path().filename().string().rfind("kamiflow-web-", 0), std::string::npos) << e.path();
  EXPECT_TRUE(b->open(server_->url() + "/login").ok());  // a later step starts a new browser
}

}  // namespace
}  // namespace kamiflow
