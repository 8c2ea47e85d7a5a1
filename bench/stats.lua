-- stats.lua -- wrk script: GET /stats/campaigns/{id} for campaign ids read from BENCH_IDS.
local ids = {}
for line in io.lines(os.getenv("BENCH_IDS")) do
  if #line > 0 then
    ids[#ids + 1] = line
  end
end

function init(args)
  math.randomseed(os.time())
end

function request()
  return wrk.format("GET", "/stats/campaigns/" .. ids[math.random(1, #ids)])
end

dofile(os.getenv("BENCH_DIR") .. "/report.lua")
