-- ads.lua -- wrk script: GET /ads for a random client of the benchmark world (bench/seed.sql
-- ids), BENCH_CLIENTS clients in all; prints one RESULT line for bench/load.sh.
local clients = tonumber(os.getenv("BENCH_CLIENTS") or "100000")

function setup(thread)
  thread:set("id", math.random(1, 1000000))
end

function init(args)
  math.randomseed(os.time() + id)
end

function request()
  return wrk.format("GET", string.format("/ads?client_id=00000000-0000-4000-8000-%012x",
    math.random(1, clients)))
end

dofile(os.getenv("BENCH_DIR") .. "/report.lua")
