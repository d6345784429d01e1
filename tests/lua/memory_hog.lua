-- Used by lua_runtime_test: grows until the memory cap, catching the error each time.
local keep = {}
while true do
  pcall(function()
    for i = 1, math.maxinteger do keep[#keep + 1] = ("x"):rep(64) .. i end
  end)
end
