-- demo.lua — the workflow `make demo` runs (scripts/demo.sh calls it): a mixed stack of scans in,
-- records out. Like intake.lua, plus every field's image kept for the HTML report, and a CSV in
-- CP932 beside the UTF-8 one, as a legacy core system would want it.
--
-- Run: kamiflow run scripts/demo.lua INPUT_DIR OUTPUT_DIR
local input = kamiflow.args[1] or "out/demo/inbox"
local out = kamiflow.args[2] or "out/demo"

return {
  name = "demo",
  inputs = { input },
  templates = { "samples/forms/*/template.lua" },
  database = out .. "/records.sqlite",
  quarantine = out .. "/quarantine",
  unclassified = out .. "/unclassified",
  crops = out .. "/crops",
  crop_all = true,
  sinks = {
    { type = "csv", path = out .. "/records.csv", encoding = "utf-8-bom" },
    { type = "csv", path = out .. "/records_cp932.csv", encoding = "cp932" },
    { type = "jsonl", path = out .. "/records.jsonl" },
  },

  -- A city-hall style rule on top of the template's own checks: an application (or claim) date
  -- in the future is a misread (or a mistake on the form), so it goes to a human.
  on_record = function(rec)
    for name, f in pairs(rec.fields) do
      if f.type == "date" and (name:find("application") or name:find("claim")) and f.value ~= "" and f.value > os.date("%Y-%m-%d") then
        f.flags[#f.flags + 1] = "invalid"
        return "review", name .. " is in the future"
      end
    end
  end,

  -- No on_reject logging here: kamiflow itself logs one line per rejected page, saying what
  -- happened and what to do. on_reject is for acting on it (notify, move, count).
  on_batch_end = function(s)
    print(string.format("demo: %d pages → %d records (%d accepted, %d to review), %d quarantined, %d unclassified",
      s.pages, s.records, s.accepted, s.needs_review, s.rejected, s.unclassified))
  end,
}
