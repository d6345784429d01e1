-- Used by lua_runtime_test (RunCommand.*): prints what the kamiflow module gives a script.
print("version: " .. kamiflow.version)
print("args: " .. #kamiflow.args .. " " .. table.concat(kamiflow.args, " "))
print("postal: " .. kamiflow.text.postal_code("1000001"))
kamiflow.log.warn("hello from the script")
