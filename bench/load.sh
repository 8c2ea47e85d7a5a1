#!/usr/bin/env bash
# load.sh -- load benchmark of GET /ads against the running local stack (scripts/dev.sh up).
#
# Seeds a synthetic world with a bulk SQL loader (bench/seed.sql, bench/campaigns.sql: the API
# would take minutes for a million scores), REPLACING ALL DATA of the stack, then runs wrk at
# 64 connections against GET /ping (the worker pool's ceiling: no PostgreSQL, no Redis),
# GET /ads and GET /health (one round trip to each store, no work) side by side, then POST /ads/{id}/click and GET /stats/campaigns/{id}, then GET /ads
# at 100, 1 000 and 10 000 campaigns, and prints worker memory.
#
# Settings (environment): BILLBOARD_VAR, BILLBOARD_PORT, BILLBOARD_PG_PORT as for dev.sh;
# BENCH_DURATION (seconds per run, 15), BENCH_CONNECTIONS (64), BENCH_CLIENTS (100000),
# BENCH_CAMPAIGNS (10000), BENCH_ADVERTISERS (100), BENCH_SCORES (10 per client);
# BENCH_QUICK=1 stops after the GET /ads-to-ceiling ratio (for comparing configurations);
# BENCH_SEED=0 keeps the world a previous run loaded (comparing builds on one world);
# BENCH_WARMUP (seconds of unmeasured load before each run, 3: the workers' first requests
# load the catalogue, which is not what a run measures).
#
# After each run, a line with the CPU time the stack's processes (found through the pid files
# under BILLBOARD_VAR) spent per request: on a shared machine req/s moves with the other
# load, microseconds of CPU per request much less.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
VAR=${BILLBOARD_VAR:-var}
[[ $VAR == /* ]] || VAR=$ROOT/$VAR
PORT=${BILLBOARD_PORT:-8080}
PG_PORT=${BILLBOARD_PG_PORT:-54320}
URL=http://127.0.0.1:$PORT
DURATION=${BENCH_DURATION:-15}
WARMUP=${BENCH_WARMUP:-3}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
CLIENTS=${BENCH_CLIENTS:-100000}
CAMPAIGNS=${BENCH_CAMPAIGNS:-10000}
ADVERTISERS=${BENCH_ADVERTISERS:-100}
SCORES=${BENCH_SCORES:-10}
PSQL=(/usr/lib/postgresql/15/bin/psql -X -q "host=$VAR/run port=$PG_PORT dbname=billboard user=postgres")
BATCH=${BILLBOARD_BATCH:-$ROOT/build/billboard-batch}
export BENCH_DIR=$ROOT/bench BENCH_CLIENTS=$CLIENTS
export BILLBOARD_PG_DSN="host=$VAR/run port=$PG_PORT dbname=billboard user=postgres"
export BILLBOARD_REDIS_SOCKET=$VAR/run/redis.sock
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

step() { printf '==> %s\n' "$*" >&2; }
die() {
    printf 'load.sh: %s\n' "$*" >&2
    exit 1
}

command -v wrk >/dev/null || die "wrk is missing: apt-get install wrk"
curl -fsS "$URL/health" >/dev/null || die "no stack at $URL: run scripts/dev.sh up first"
[[ -x $BATCH ]] || die "no $BATCH: run scripts/dev.sh up first"

# tree PID -- PID and its descendants.
tree() {
    local c
    echo "$1"
    for c in $(ps -o pid= --ppid "$1"); do tree "$c"; done
}

# cpu_ticks -- "group ticks" for each process of the stack (utime + stime, clock ticks).
cpu_ticks() {
    local group file pid
    for group in api:run/api.pid postgres:pgdata/postmaster.pid nginx:run/nginx.pid \
        redis:run/redis.pid recorder:run/recorder.pid; do
        file=$VAR/${group#*:}
        [[ -r $file ]] || continue
        for pid in $(tree "$(head -n1 "$file")"); do
            [[ -r /proc/$pid/stat ]] || continue
            # the fields after the command (which may hold spaces): utime is the 12th, stime 13th
            sed 's/^.*) //' "/proc/$pid/stat" | awk -v g="${group%%:*}" -v p="$pid" \
                '{ print g, p, $12 + $13 }'
        done
    done
}

# cpu_line BEFORE AFTER REQUESTS -- microseconds of CPU per request by process group.
cpu_line() {
    join <(sort -k2,2 "$1" | awk '{ print $2, $1, $3 }') <(sort -k2,2 "$2" | awk '{ print $2, $3 }') |
        awk -v n="$3" -v hz="$(getconf CLK_TCK)" '
        { d[$2] += $4 - $3; t += $4 - $3 }
        END {
            if (n == 0 || t == 0) exit
            printf "  CPU us/request:"
            split("api postgres nginx redis recorder", order, " ")
            for (i = 1; i <= 5; i++)
                if (order[i] in d) printf " %s %.0f", order[i], d[order[i]] * 1e6 / hz / n
            printf "; all %.0f (%.0f requests per CPU-second)\n", t * 1e6 / hz / n, n * hz / t
        }'
}

# wrk_run NAME SCRIPT PATH -- one wrk run; prints "NAME rps p50 p99 socket_errors non_2xx",
# then the CPU line.
wrk_run() {
    local name=$1 script=$2 path=$3 line
    if ((WARMUP > 0)); then
        wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 5s -s "$ROOT/bench/$script" \
            "$URL$path" >/dev/null || die "wrk failed for $name (warm-up)"
    fi
    cpu_ticks >"$TMP/cpu0"
    line=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 5s -s "$ROOT/bench/$script" \
        "$URL$path" | grep '^RESULT') || die "wrk failed for $name"
    cpu_ticks >"$TMP/cpu1"
    # RESULT requests=N rps=N p50_ms=N p99_ms=N socket_errors=N non_2xx=N
    awk -v name="$name" '{
        for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        printf "%-26s %9s %9s %9s %8s %8s\n", name, v["rps"], v["p50_ms"], v["p99_ms"],
            v["socket_errors"], v["non_2xx"]
    }' <<<"$line"
    cpu_line "$TMP/cpu0" "$TMP/cpu1" "$(sed -n 's/.* requests=\([0-9]*\).*/\1/p' <<<"$line")"
}

header() {
    printf '%-26s %9s %9s %9s %8s %8s\n' "endpoint" "req/s" "p50 ms" "p99 ms" "sockerr" "non-2xx"
}

seed_campaigns() {
    local t0=$SECONDS
    step "loading $1 campaigns"
    "${PSQL[@]}" -v advertisers="$ADVERTISERS" -v campaigns="$1" -v seed=0.42 \
        -f "$ROOT/bench/campaigns.sql" >/dev/null
    # The SQL loader bypasses the API, so Redis' copy of the catalogue version is stale.
    "$BATCH" cache-rebuild 2>&1 | tail -n1 >&2
    step "  done in $((SECONDS - t0)) s"
}

if [[ ${BENCH_SEED:-1} != 0 ]]; then
    step "seeding: $ADVERTISERS advertisers, $CLIENTS clients, $((CLIENTS * SCORES)) ML scores"
    t0=$SECONDS
    "${PSQL[@]}" -v advertisers="$ADVERTISERS" -v clients="$CLIENTS" -v scores="$SCORES" \
        -v seed=0.42 -f "$ROOT/bench/seed.sql" >/dev/null
    step "  done in $((SECONDS - t0)) s"
    seed_campaigns "$CAMPAIGNS"
else
    # Redis may have been emptied by a restart since the world was loaded: without this the
    # run would measure clients' bundles rebuilt from PostgreSQL, not the steady state.
    "$BATCH" cache-rebuild 2>&1 | tail -n1 >&2
fi
"${PSQL[@]}" -At -c "SELECT 'world: ' || (SELECT count(*) FROM advertisers) || ' advertisers, '
    || (SELECT count(*) FROM campaigns) || ' campaigns, ' || (SELECT count(*) FROM clients)
    || ' clients, ' || (SELECT count(*) FROM ml_scores) || ' ML scores'" >&2

printf '\n## %s s per run, %s connections, %s campaigns\n' "$DURATION" "$CONNECTIONS" "$CAMPAIGNS"
header
ceiling=$(wrk_run "GET /ping (ceiling)" get.lua /ping)
echo "$ceiling"
ads=$(wrk_run "GET /ads" ads.lua /ads)
echo "$ads"
# GET /health makes one Redis and one PostgreSQL round trip and nothing else: what a request
# that reads the cache and writes to the database costs before doing any work.
floor=$(wrk_run "GET /health (round trips)" get.lua /health)
echo "$floor"
awk -v c="$(awk 'NR == 1 {print $(NF-4)}' <<<"$ceiling")" \
    -v a="$(awk 'NR == 1 {print $(NF-4)}' <<<"$ads")" \
    -v f="$(awk 'NR == 1 {print $(NF-4)}' <<<"$floor")" \
    'BEGIN { printf "GET /health / ceiling: %.2f\nGET /ads / ceiling: %.2f\n", f / c, a / c }'
[[ ${BENCH_QUICK:-0} == 1 ]] && exit 0

"${PSQL[@]}" -At -F' ' -c "SELECT campaign_id, client_id FROM impressions LIMIT 20000" >"$TMP/pairs"
"${PSQL[@]}" -At -c "SELECT campaign_id FROM campaigns" >"$TMP/ids"
BENCH_PAIRS=$TMP/pairs wrk_run "POST /ads/{id}/click" clicks.lua /ads
BENCH_IDS=$TMP/ids wrk_run "GET /stats/campaigns/{id}" stats.lua /stats

printf '\n## GET /ads as the number of campaigns grows\n'
header
for n in 100 1000 10000; do
    seed_campaigns "$n"
    wrk_run "GET /ads, $n campaigns" ads.lua /ads
done

printf '\n## worker memory after the runs (RSS, KiB)\n'
pool=$(head -n1 "$VAR/run/api.pid")
for pid in $(ps -o pid= --ppid "$pool"); do
    ps -o pid=,rss= -p "$pid"
done | awk '{ printf "worker %s: %s KiB\n", $1, $2; s += $2; n++ }
    END { printf "%d workers, %d KiB in all, %d KiB on average\n", n, s, n ? s / n : 0 }'
