-- Used by lua_runtime_test: raises from a nested function on line 5.
local M = {}

function M.check(value)
  error("value must be positive, got " .. value)
end

M.check(-1)
