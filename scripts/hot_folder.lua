-- hot_folder.lua — watch a folder: every file a scanner or clerk drops into it is read once it
-- has stopped growing, recorded in SQLite, and moved to OUTPUT_DIR/done. Restart it any time: the
-- journal (by file content, not name) makes sure no page is ever read twice.
--
-- Run (from the kamiflow source tree, or pass absolute paths):
--   kamiflow run scripts/hot_folder.lua [WATCH_DIR [OUTPUT_DIR [IDLE_POLLS [TEMPLATES]]]]
-- Defaults (relative to the current directory):
--   WATCH_DIR  = "hot"          created when missing
--   OUTPUT_DIR = "out"
--   IDLE_POLLS = 0              stop after this many polls (0.5 s each) with nothing new; 0 = watch
--                               until Ctrl-C (tests and cron jobs pass e.g. 4)
--   TEMPLATES  = "samples/forms/*/template.lua"
-- Writes OUTPUT_DIR/records.sqlite, records.csv (UTF-8 BOM, rewritten when watching stops),
-- quarantine/, unclassified/ and done/ (the processed input files).
local args = kamiflow.args
local dir = args[1] or "hot"
local out = args[2] or "out"
local idle = tonumber(args[3] or "0") or error("IDLE_POLLS must be a number, got " .. tostring(args[3]))
local templates = args[4] or "samples/forms/*/template.lua"

return {
  name = "hot_folder",
  watch = { dir = dir, poll_ms = 500, idle_polls = math.tointeger(idle) },
  templates = { templates },
  database = out .. "/records.sqlite",
  quarantine = out .. "/quarantine",
  unclassified = out .. "/unclassified",
  done = out .. "/done",
  sinks = { { type = "csv", path = out .. "/records.csv" } },
  jobs = 2,

  -- No on_reject logging here: kamiflow itself logs one line per rejected page, saying what
  -- happened and what to do. on_reject is for acting on it (notify, move, count).
  on_batch_end = function(s)
    print(string.format("hot folder: %d files, %d records, %d rejected, %d unclassified",
      s.files, s.records, s.rejected, s.unclassified))
  end,
}
