-- Test workflow (tests/workflow_run_test.cpp): validators, on_record (extra columns, drop),
-- on_reject, on_batch_end with the fs and json capabilities, and every sink kind.
-- kamiflow run tests/workflows/checks.lua INPUT_DIR OUTPUT_DIR TEMPLATES_GLOB
local input, out, templates = kamiflow.args[1], kamiflow.args[2], kamiflow.args[3]
local rejects = {}

return {
  name = "checks",
  inputs = { input },
  templates = { templates },
  database = out .. "/db.sqlite",
  quarantine = out .. "/quarantine",
  unclassified = out .. "/unclassified",
  jobs = 2,
  sinks = {
    { type = "csv", path = out .. "/{form}.csv" },
    { type = "csv", path = out .. "/all_cp932.csv", encoding = "cp932" },
    { type = "jsonl", path = out .. "/records.jsonl" },
  },
  capabilities = { fs = { roots = { out } }, json = true },

  validators = {
    -- Any form with a `kana` field: always refuse, to prove the flag and message arrive.
    kana = function(value, rec) return false, "kana checked by the test workflow" end,
    -- Form-qualified: only kokuho_shutoku's my_number.
    ["kokuho_shutoku.my_number"] = function(value) return true end,
  },

  on_record = function(rec)
    assert(rec.fields.kana.flags[#rec.fields.kana.flags] == "invalid" or
           rec.fields.kana.flags[1] == "invalid", "validator flag missing")
    rec.extra.checked = "yes"
    rec.extra.fields_seen = #rec.order
    if rec.form == "sodai_gomi" then return "drop", "not handled by this office" end
    if rec.form == "inkan_touroku" then
      rec.fields.kana.flags = {}       -- the workflow vouches for it
      return "accept"
    end
    return "review", "always reviewed"
  end,

  on_reject = function(page, reason)
    rejects[#rejects + 1] = { file = page.file, state = page.state, reason = reason }
  end,

  on_batch_end = function(summary)
    summary.rejects = rejects
    assert(kamiflow.fs.write_text("summary.json", kamiflow.json.encode(summary)))
  end,
}
