-- Used by lua_runtime_test: an endless loop that tries to swallow the budget error.
while true do
  pcall(function() while true do end end)
end
