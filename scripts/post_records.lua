-- post_records.lua — read a folder of scans and POST every ACCEPTED record as JSON to an HTTP
-- endpoint (e.g. the municipality's case system). Records with flagged fields stay in SQLite for
-- review and are not posted. The endpoint's origin is the only host this workflow may reach.
--
-- Run (from the kamiflow source tree, or pass absolute paths):
--   kamiflow run scripts/post_records.lua [INPUT_DIR [OUTPUT_DIR [ENDPOINT [TEMPLATES]]]]
-- Defaults (relative to the current directory):
--   INPUT_DIR = "inbox", OUTPUT_DIR = "out",
--   ENDPOINT  = "http://127.0.0.1:8080/records",
--   TEMPLATES = "samples/forms/*/template.lua"
-- Body: { "form": ..., "file": ..., "page": N, "sha256": ..., "fields": { name: value, ... } }
-- with header Idempotency-Key: <sha256>-<page>. A POST that still fails after the retries (or gets
-- a non-2xx answer) stops the batch with an error; the page is not committed, so a rerun posts it
-- again. The endpoint should therefore treat the Idempotency-Key as "at most once".
local args = kamiflow.args
local input = args[1] or "inbox"
local out = args[2] or "out"
local endpoint = args[3] or "http://127.0.0.1:8080/records"
local templates = args[4] or "samples/forms/*/template.lua"
local origin = endpoint:match("^(https?://[^/]+)") or error("ENDPOINT must be an http(s) URL: " .. endpoint)

local function flagged(rec)
  for _, name in ipairs(rec.order) do
    if #rec.fields[name].flags > 0 then return true end
  end
  return false
end

return {
  name = "post_records",
  inputs = { input },
  templates = { templates },
  database = out .. "/records.sqlite",
  quarantine = out .. "/quarantine",
  unclassified = out .. "/unclassified",
  jobs = 2,
  capabilities = {
    http = { hosts = { origin }, timeout_s = 5, retries = 3 },
  },

  on_record = function(rec)
    if flagged(rec) then return "review" end
    local fields = {}
    for _, name in ipairs(rec.order) do fields[name] = rec.fields[name].value end
    local body = { form = rec.form, file = rec.file, page = rec.page, sha256 = rec.sha256, fields = fields }
    local resp, err = kamiflow.http.post_json(endpoint, body,
      { ["Idempotency-Key"] = rec.sha256 .. "-" .. rec.page })
    if not resp then error("posting " .. rec.file .. " page " .. rec.page .. ": " .. err) end
    if resp.status < 200 or resp.status > 299 then
      error(string.format("posting %s page %d: HTTP %d", rec.file, rec.page, resp.status))
    end
    rec.extra.posted_status = resp.status
    return "accept"
  end,

  on_batch_end = function(s)
    print(string.format("post_records: %d posted, %d to review, %d rejected", s.accepted, s.needs_review,
      s.rejected + s.unclassified))
  end,
}
