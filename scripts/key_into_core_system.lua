-- key_into_core_system.lua — the robot half of RPA: scans in, records read, and each accepted
-- record keyed into a web-based core system (a browser, as a clerk would), with its receipt number
-- read back and kept. docs/rpa.md explains every step; samples/core_system/ is a demo core system.
--
-- Run: kamiflow run scripts/key_into_core_system.lua INPUT_DIR OUTPUT_DIR CORE_URL [TEMPLATES] [WHICH] [SHOW]
--   CORE_URL   the core system's origin, e.g. http://127.0.0.1:8765 (the only origin the browser may visit)
--   TEMPLATES  default samples/forms/*/template.lua
--   WHICH      "accepted" (default): key records with no flagged field; "all": key every record
--              and let the core system's own checks decide (for trying the robot out)
--   SHOW       "show": a visible browser when a display exists (demos); default headless
-- Credentials come from the environment, never from this file: KAMIFLOW_CORE_USER and
-- KAMIFLOW_CORE_PASSWORD.
--
-- Exactly once: before pressing 登録 the record is journaled "keying", after the receipt number is
-- read back "keyed" (in OUTPUT_DIR/records.sqlite, table robot_keyed). A rerun skips keyed records
-- (their receipt is copied to the record), and sends a record left "keying" (killed between 登録 and
-- read-back) to review for a person to check in the core system, instead of keying it twice.
local input = kamiflow.args[1] or "inbox"
local out = kamiflow.args[2] or "out/rpa"
local base = kamiflow.args[3] or "http://127.0.0.1:8765"
local templates = kamiflow.args[4] or "samples/forms/*/template.lua"
local which = kamiflow.args[5] or "accepted"
local show = kamiflow.args[6] == "show"

local web = kamiflow.web
local KIND = { inkan_touroku = "印鑑登録", jido_teate = "児童手当", kokuho_shutoku = "国民健康保険",
               sodai_gomi = "粗大ごみ" }
local NEEDED = { "name", "kana", "postal_code", "address", "phone" }

-- A failed step becomes a table error, so one pcall turns any of them into a review reason.
local function step(ok, err)
  if not ok then error({ web = err }, 0) end
  return ok
end

local logged_in = false
local function login()
  step(web.open(base .. "/login"))
  step(web.type_secret({ label = "ユーザーID" }, "user"))
  step(web.type_secret({ label = "パスワード" }, "password"))
  step(web.click({ text = "ログイン" }))
  step(web.wait_text("メニュー"))
  logged_in = true
end

local function open_entry()
  if not logged_in then login() end
  step(web.open(base .. "/entry"))
  if not web.exists({ label = "整理番号" }) then  -- the session may have expired: log in again
    login()
    step(web.open(base .. "/entry"))
  end
end

local function value(rec, name)
  local f = rec.fields[name]
  return f and f.value or ""
end

-- The reason goes into the record too (extra.review_reason: a CSV column, and the record's JSON),
-- so the reviewer sees why the robot stopped.
local function review(rec, reason)
  rec.extra.review_reason = reason
  return "review", reason
end

-- Keys one record; returns nil (keyed) or "review", reason.
local function key_record(rec, key)
  open_entry()
  step(web.type({ label = "整理番号" }, key))
  step(web.select({ label = "申請種別" }, KIND[rec.form] or "その他"))
  step(web.type({ label = "氏名" }, value(rec, "name")))
  step(web.type({ label = "フリガナ" }, kamiflow.text.strip_spaces(value(rec, "kana"))))
  step(web.type({ label = "郵便番号" }, value(rec, "postal_code")))
  step(web.type({ label = "住所" }, value(rec, "address")))
  step(web.type({ label = "電話番号" }, value(rec, "phone")))
  web.mark_keying(key)  -- committed before the click: a kill from here on leaves "keying"
  step(web.click({ text = "登録" }))
  step(web.wait("#receipt-no, .errors"))
  if web.exists(".errors") then
    -- The core system refused the record (its message is on the screen): nothing was stored
    -- there, so the record may be keyed again once a person has corrected it.
    web.clear_keying(key)
    local shot = web.screenshot("rejected-" .. key)
    rec.extra.core_screenshot = shot or ""
    return review(rec, "基幹システムが受け付けませんでした: " .. (web.text(".errors", 0) or "") ..
      (shot and (" [画面: " .. shot .. "]") or ""))
  end
  local receipt = step(web.text({ id = "receipt-no" }))
  web.mark_keyed(key, receipt)
  rec.extra.core_receipt = receipt
  rec.extra.core_screenshot = web.screenshot("receipt-" .. key) or ""  -- evidence of what was keyed
  return nil
end

return {
  name = "key_into_core_system",
  inputs = { input },
  templates = { templates },
  database = out .. "/records.sqlite",
  quarantine = out .. "/quarantine",
  sinks = { { type = "csv", path = out .. "/records.csv" } },
  capabilities = {
    web = {
      origins = { base },
      target = "core_system",
      show = show,
      pace_ms = show and 300 or 0,
      timeout_s = 10,
      screenshots = out .. "/screens",
      credentials = { user = { env = "KAMIFLOW_CORE_USER" }, password = { env = "KAMIFLOW_CORE_PASSWORD" } },
    },
  },

  on_record = function(rec)
    if which ~= "all" then
      if rec.needs_review then return nil end  -- flagged: a person first, the robot never
    end
    for _, name in ipairs(NEEDED) do
      if rec.fields[name] == nil then return review(rec, "基幹システムに必要な項目 " .. name .. " がありません") end
    end
    local key = rec.sha256 .. "-" .. rec.page
    local state, receipt = web.journal(key)
    if state == "keyed" then  -- keyed by an earlier run that was stopped before this page was committed
      rec.extra.core_receipt = receipt
      return nil
    elseif state == "keying" then
      return review(rec, "基幹システムへの登録中に中断しました。受付検索で整理番号 " .. key ..
        " を確認してください（登録済みなら受付番号を記録し、未登録なら再実行）")
    end
    local ok, verdict, reason = pcall(key_record, rec, key)
    if ok then return verdict, reason end
    if type(verdict) == "table" and verdict.web then
      return review(rec, "基幹システムへの入力に失敗しました: " .. verdict.web)
    end
    error(verdict, 0)  -- an undeclared origin or a bug: stop the batch
  end,

  on_batch_end = function(s)
    print(string.format("key_into_core_system: %d records (%d accepted, %d to review)", s.records, s.accepted,
      s.needs_review))
  end,
}
