-- clicks.lua -- wrk script: POST /ads/{id}/click for (campaign, client) pairs that were shown,
-- read from the file BENCH_PAIRS ("campaign client" per line), each pair in turn.
local pairs_list = {}
for line in io.lines(os.getenv("BENCH_PAIRS")) do
  local campaign, client = line:match("^(%S+)%s+(%S+)$")
  if campaign then
    pairs_list[#pairs_list + 1] = { campaign, client }
  end
end

local n = 0
function setup(thread)
  n = n + 1
  thread:set("offset", n)
end

local i = 0
function request()
  i = i + 1
  local p = pairs_list[((i * 7 + offset) % #pairs_list) + 1]
  return wrk.format("POST", "/ads/" .. p[1] .. "/click",
    { ["Content-Type"] = "application/json" }, '{"client_id":"' .. p[2] .. '"}')
end

dofile(os.getenv("BENCH_DIR") .. "/report.lua")
