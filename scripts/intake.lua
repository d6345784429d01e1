-- intake.lua — read a folder of scanned forms into SQLite and a CSV for Excel; bad pages are
-- quarantined, pages no template matches go to the unclassified tray. Safe to kill and rerun:
-- every page ends up recorded exactly once.
--
-- Run (from the kamiflow source tree, or pass absolute paths):
--   kamiflow run scripts/intake.lua [INPUT_DIR [OUTPUT_DIR [TEMPLATES]]] [--jobs N]
-- Defaults (relative to the current directory):
--   INPUT_DIR  = "inbox"                           scans: PNG, JPEG, TIFF (multi-page), PDF
--   OUTPUT_DIR = "out"
--   TEMPLATES  = "samples/forms/*/template.lua"    a path or a glob
-- Writes, under OUTPUT_DIR:
--   records.sqlite   every record, its fields and the page journal (the source of truth)
--   records.csv      one row per record, UTF-8 with BOM (Excel opens Japanese correctly)
--   export/<form>.csv  accepted and reviewed records, one file per form (docs/export.md)
--   quarantine/      copies of unreadable files + <name>.reason.txt
--   unclassified/    copies of pages no template matched
--   crops/           images of flagged fields, for the reviewer
-- Exit code 0 = all read, 3 = finished with rejects, 4 = script error, 130 = interrupted.
local args = kamiflow.args
local input = args[1] or "inbox"
local out = args[2] or "out"
local templates = args[3] or "samples/forms/*/template.lua"

return {
  name = "intake",
  inputs = { input },
  templates = { templates },
  database = out .. "/records.sqlite",
  quarantine = out .. "/quarantine",
  unclassified = out .. "/unclassified",
  crops = out .. "/crops",
  sinks = {
    { type = "csv", path = out .. "/records.csv", encoding = "utf-8-bom" },
    -- One file per form, accepted and reviewed records only, Japanese headers, fixed columns:
    -- the default export profile (docs/export.md); `kamiflow export` rewrites it after review.
    { type = "csv", path = out .. "/export/{form}.csv", profile = {} },
  },
  jobs = 2,

  -- No on_reject logging here: kamiflow itself logs one line per rejected page, saying what
  -- happened and what to do. on_reject is for acting on it (notify, move, count).
  on_batch_end = function(s)
    print(string.format("intake: %d records (%d accepted, %d to review), %d quarantined, %d unclassified, %d already done",
      s.records, s.accepted, s.needs_review, s.rejected, s.unclassified, s.skipped))
  end,
}
