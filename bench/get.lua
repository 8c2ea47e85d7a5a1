-- get.lua -- wrk script: GET of the URL given on the command line (the ceiling: /ping).
dofile(os.getenv("BENCH_DIR") .. "/report.lua")
