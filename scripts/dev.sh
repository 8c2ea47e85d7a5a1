#!/usr/bin/env bash
# dev.sh -- the local Billboard stack on one Debian 12 machine (run as root).
#
#   scripts/dev.sh up       install missing packages, build, start PostgreSQL, Redis, the S3
#                           server, the FastCGI worker pool and nginx under var/, migrate
#   scripts/dev.sh down     stop what `up` started (data stays in var/)
#   scripts/dev.sh status   one line per component
#   scripts/dev.sh test     unit + end-to-end tests, plain and with sanitizers, on a fresh
#                           stack of its own (var/test, port 18080); what CI runs
#
# Everything is derived from this file's location; `scripts/dev.sh help` lists the settings.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
PG_BIN=/usr/lib/postgresql/15/bin
PYTHON=/usr/bin/python3            # Debian's, with pytest; PATH may hold another one
POLICY_RC=/usr/sbin/policy-rc.d
JOBS=$(nproc)
HEALTH_TIMEOUT=30                  # seconds to wait for /health after starting everything
STOP_TIMEOUT=15                    # seconds a process gets to exit before SIGKILL

DEB_PACKAGES=(
    build-essential autoconf automake libtool pkg-config
    libfcgi-dev libpq-dev libhiredis-dev libjson-c-dev libcurl4-openssl-dev libcmocka-dev
    libglpk-dev
    libargon2-dev
    postgresql redis-server nginx-light spawn-fcgi multiwatch
    python3-pytest python3-requests curl nodejs npm clang-format wrk
    clang libclang-rt-14-dev docker-compose
    chromium
)
# Packages that count as present when their command is: NodeSource's nodejs ships npm and
# conflicts with Debian's npm package.
declare -A DEB_COMMAND=([nodejs]=node [npm]=npm)

SAN_PATTERN='ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:|Assertion'
STACK_UP=0                         # 1 while `test` has a stack to take down on exit
FUZZ_SMOKE_RUNS=3000               # executions per fuzz target in `test`

# --------------------------------------------------------------------------------------------
# Small helpers

step() { printf '==> %s\n' "$*"; }
warn() { printf 'dev.sh: warning: %s\n' "$*" >&2; }
die() {
    printf 'dev.sh: error: %s\n' "$*" >&2
    exit 1
}

require_root() {
    [[ $EUID -eq 0 ]] || die "run as root (installs packages, runs PostgreSQL as postgres)"
}

# abs_path PATH -- PATH made absolute, relative paths taken from the checkout.
abs_path() {
    case $1 in
    /*) printf '%s\n' "$1" ;;
    *) printf '%s\n' "$ROOT/$1" ;;
    esac
}

# pid_alive PID -- true when PID is a live process (zombies count as gone: nothing reaps
# orphans in some containers).
pid_alive() {
    local state
    [[ $1 =~ ^[0-9]+$ ]] || return 1
    state=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
    [[ $state != Z* ]]
}

# running_pid PIDFILE PATTERN -- print the pid in PIDFILE if that process is alive and its
# command line contains PATTERN (so a stale pid file never names a stranger).
running_pid() {
    local pid
    [[ -r $1 ]] || return 1
    pid=$(head -n1 "$1" | tr -dc '0-9')
    pid_alive "$pid" || return 1
    [[ $(ps -o args= -p "$pid" 2>/dev/null) == *"$2"* ]] || return 1
    printf '%s\n' "$pid"
}

# wait_gone SECONDS PID... -- wait until none of the PIDs is alive.
wait_gone() {
    local deadline=$((SECONDS + $1)) pid
    shift
    while :; do
        for pid in "$@"; do
            if pid_alive "$pid"; then
                ((SECONDS < deadline)) || return 1
                sleep 0.1
                continue 2
            fi
        done
        return 0
    done
}

# stop_pids LABEL SIGNAL PID... -- send SIGNAL to the first PID, wait for all PIDs to exit,
# SIGKILL whatever is left after STOP_TIMEOUT.
stop_pids() {
    local label=$1 signal=$2
    shift 2
    kill -s "$signal" "$1" 2>/dev/null || true
    if ! wait_gone "$STOP_TIMEOUT" "$@"; then
        warn "$label did not exit within ${STOP_TIMEOUT}s; killing it"
        kill -s KILL "$@" 2>/dev/null || true
        wait_gone 5 "$@" || warn "$label survived SIGKILL"
    fi
}

# wait_for SECONDS DESCRIPTION COMMAND... -- retry COMMAND until it succeeds; gives up early
# when WAIT_PID is set and that process has exited.
wait_for() {
    local deadline=$((SECONDS + $1)) what=$2
    shift 2
    until "$@" >/dev/null 2>&1; do
        if [[ -n ${WAIT_PID:-} ]] && ! pid_alive "$WAIT_PID"; then
            warn "gave up waiting for $what: process $WAIT_PID exited"
            return 1
        fi
        ((SECONDS < deadline)) || {
            warn "timed out waiting for $what"
            return 1
        }
        sleep 0.2
    done
}

# show_log FILE [LINES] -- the end of a log, for diagnosing a failure (CI keeps nothing else).
show_log() {
    [[ -s $1 ]] || return 0
    printf -- '---- last lines of %s ----\n' "${1#"$ROOT"/}" >&2
    tail -n "${2:-40}" "$1" >&2
    printf -- '----\n' >&2
}

# port_taken PORT -- true when something accepts TCP connections on 127.0.0.1:PORT.
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

as_postgres() { (cd / && runuser -u postgres -- "$@"); }

# --------------------------------------------------------------------------------------------
# Settings

# load_settings -- read the BILLBOARD_* variables (see usage) into the globals below.
load_settings() {
    VAR=$(abs_path "${BILLBOARD_VAR:-var}")
    BUILD=$(abs_path "${BILLBOARD_BUILD:-build}")
    PORT=${BILLBOARD_PORT:-8080}
    PG_PORT=${BILLBOARD_PG_PORT:-54320}
    S3_PORT=${BILLBOARD_S3_PORT:-4569}
    WORKERS=${BILLBOARD_WORKERS:-4}
    FCGI_KEEPALIVE=${BILLBOARD_FCGI_KEEPALIVE:-0}
    RECORDER=${BILLBOARD_RECORDER:-1}
    read -r -a CONFIGURE_ARGS <<<"${CONFIGURE_FLAGS---enable-werror}"
    local n
    for n in "$PORT" "$PG_PORT" "$S3_PORT" "$WORKERS" "$FCGI_KEEPALIVE" "$RECORDER"; do
        [[ $n =~ ^[0-9]+$ ]] || die "not a number: '$n' (check the BILLBOARD_* variables)"
    done
    ((WORKERS >= 1)) || die "BILLBOARD_WORKERS must be at least 1"
    # The longest unix socket path (sun_path) is 107 bytes.
    ((${#VAR} + 20 <= 107)) || die "BILLBOARD_VAR path too long for unix sockets: $VAR"
}

# export_runtime_env -- what the binaries (and the e2e tests) read.
export_runtime_env() {
    export BILLBOARD_PG_DSN="host=$VAR/run port=$PG_PORT dbname=billboard user=postgres"
    export BILLBOARD_REDIS_SOCKET="$VAR/run/redis.sock"
    export BILLBOARD_S3_ENDPOINT="http://127.0.0.1:$S3_PORT"
    export BILLBOARD_S3_BUCKET=billboard
    export BILLBOARD_S3_REGION=${BILLBOARD_S3_REGION:-us-east-1}
    export BILLBOARD_S3_ACCESS_KEY=${BILLBOARD_S3_ACCESS_KEY:-S3RVER}   # s3rver's built-in
    export BILLBOARD_S3_SECRET_KEY=${BILLBOARD_S3_SECRET_KEY:-S3RVER}   # account
    export BILLBOARD_PUBLIC_URL="http://127.0.0.1:$PORT"              # images: <this>/media/<key>
    export BILLBOARD_SQL_DIR="$ROOT/sql"
    if ((RECORDER)); then
        export BILLBOARD_RECORDER_SOCKET="$VAR/run/recorder.sock"
    else
        unset BILLBOARD_RECORDER_SOCKET
    fi
    export BILLBOARD_PROMPTS_DIR="$ROOT/prompts"
}

# --------------------------------------------------------------------------------------------
# Packages and node modules

deb_installed() {
    local cmd=${DEB_COMMAND[$1]:-}
    [[ -n $cmd ]] && command -v "$cmd" >/dev/null && return 0
    [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) == "install ok installed" ]]
}

install_packages() {
    local pkg missing=() created_policy=0 rc=0
    for pkg in "${DEB_PACKAGES[@]}"; do
        deb_installed "$pkg" || missing+=("$pkg")
    done
    ((${#missing[@]})) || return 0

    step "installing Debian packages: ${missing[*]}"
    # Without systemd, postinst scripts would try to start the system's own PostgreSQL,
    # Redis and nginx; policy-rc.d answering 101 forbids that during the install.
    if [[ ! -e $POLICY_RC ]]; then
        printf '#!/bin/sh\n# dev.sh: no service starts during package installs\nexit 101\n' >"$POLICY_RC"
        chmod 0755 "$POLICY_RC"
        created_policy=1
    fi
    apt-get update -qq || rc=$?
    if ((rc == 0)); then
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
            "${missing[@]}" || rc=$?
    fi
    ((created_policy)) && rm -f "$POLICY_RC"
    ((rc == 0)) || die "apt-get failed (exit $rc)"
}

install_node_modules() {
    local engine
    # playwright-core (the browser tests) drives Debian's chromium: never download a browser.
    export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
    if [[ ! -d node_modules/@20minutes/s3rver ||
        package-lock.json -nt node_modules/.package-lock.json ]]; then
        step "installing node modules (npm ci)"
        engine=$(npm_engine_args)
        npm ci --no-audit --no-fund --loglevel=error ${engine:+"$engine"}
    fi
    vendor_admin_assets
}

# vendor_admin_assets -- the chart library the admin pages load, copied next to them from
# node_modules (static/admin/vendor/ is not committed; nothing is loaded from elsewhere).
vendor_admin_assets() {
    mkdir -p static/admin/vendor
    cp node_modules/uplot/dist/uPlot.iife.min.js node_modules/uplot/dist/uPlot.min.css static/admin/vendor/
}

# npm_engine_args -- npm ci's argument for this Node, if any. @20minutes/s3rver 4.x (and
# commander 14 under it) declare Node >= 20, but what s3rver does for us runs on the Node 18
# that Debian 12 ships (the end-to-end tests pass with it): on Node < 20 the declaration is not
# enforced, even when an npmrc sets engine-strict.
npm_engine_args() {
    local major
    major=$(node -p 'process.versions.node.split(".")[0]')
    ((major >= 20)) || printf '%s\n' --engine-strict=false
}

# --------------------------------------------------------------------------------------------
# Build

# build DIR CONFIGURE_ARG... -- autoreconf when needed, configure out of tree, make.
build() {
    local dir=$1
    shift
    local stamp="$dir/.dev-configure-args" want="$*" had

    if [[ ! -x configure || configure.ac -nt configure || Makefile.am -nt configure ]]; then
        step "autoreconf"
        mkdir -p build-aux m4       # git keeps no empty directories
        autoreconf -fi || die "autoreconf failed"
    fi

    mkdir -p "$dir"
    had=$(cat "$stamp" 2>/dev/null || true)
    if [[ ! -f $dir/Makefile || configure -nt $dir/Makefile || $had != "$want" ]]; then
        step "configure ${dir#"$ROOT"/}/ $want"
        # Objects built with other flags would survive a reconfigure.
        if [[ -f $dir/Makefile && $had != "$want" ]]; then
            make -C "$dir" -s clean >/dev/null 2>&1 || true
        fi
        if ! (cd "$dir" && "$ROOT/configure" "$@" >configure.out 2>&1); then
            show_log "$dir/configure.out" 30
            die "configure failed (see ${dir#"$ROOT"/}/config.log)"
        fi
        printf '%s\n' "$want" >"$stamp"
    fi

    step "make (${dir#"$ROOT"/}/)"
    make -C "$dir" -j"$JOBS" || die "build failed in ${dir#"$ROOT"/}/"
}

require_binaries() {
    local bin
    for bin in billboard-api billboard-batch; do
        [[ -x $BUILD/$bin ]] || die "$BUILD/$bin is missing: build first (drop BILLBOARD_NO_BUILD)"
    done
}

# --------------------------------------------------------------------------------------------
# The state directory

prepare_var() {
    mkdir -p "$VAR"/{log,nginx,redis,s3}
    touch "$VAR/.billboard-var"     # marks a directory `test` may wipe
    mkdir -p "$VAR/run"
    chgrp postgres "$VAR/run"       # PostgreSQL puts its socket here
    chmod 0775 "$VAR/run"
}

# pg_ext_dir -- where the cluster lives when the postgres user cannot reach $VAR.
pg_ext_dir() {
    printf '/var/tmp/billboard-pg-%s\n' "$(printf '%s' "$VAR" | sha256sum | cut -c1-16)"
}

# pg_locate -- set PG_DATA (real path of the cluster) and PG_SOCKDIR. The cluster is
# $VAR/pgdata, or, when a parent of $VAR is closed to other users, a directory under
# /var/tmp named after a hash of $VAR with $VAR/pgdata a symlink to it.
pg_locate() {
    local ext
    ext=$(pg_ext_dir)
    if [[ -L $VAR/pgdata ]]; then
        PG_DATA=$ext/data PG_SOCKDIR=$ext/run
    elif [[ -d $VAR/pgdata ]] || as_postgres test -x "$VAR/run" -a -w "$VAR/run"; then
        PG_DATA=$VAR/pgdata PG_SOCKDIR=$VAR/run
    else
        PG_DATA=$ext/data PG_SOCKDIR=$ext/run
    fi
}

wipe_var() {
    [[ -e $VAR ]] || return 0
    [[ -f $VAR/.billboard-var ]] || die "refusing to wipe $VAR: not made by dev.sh"
    local ext
    ext=$(pg_ext_dir)
    [[ -L $VAR/pgdata ]] && rm -rf "$ext"
    rm -rf "$VAR"
}

# --------------------------------------------------------------------------------------------
# Components. Each start_* skips what already runs; each stop_* stops only what it finds.

postgres_pid() { running_pid "$PG_DATA/postmaster.pid" postgres; }

start_postgres() {
    pg_locate
    if [[ $PG_DATA != "$VAR/pgdata" ]]; then
        install -d -m 0755 "$(dirname "$PG_DATA")"
        install -d -o postgres -g postgres -m 0755 "$PG_SOCKDIR"
        [[ -d $PG_DATA ]] || install -d -o postgres -g postgres -m 0700 "$PG_DATA"
        ln -sfn "$PG_DATA" "$VAR/pgdata"
    fi
    if [[ ! -f $PG_DATA/PG_VERSION ]]; then
        step "initdb (${PG_DATA#"$ROOT"/})"
        [[ -d $PG_DATA ]] || install -d -o postgres -g postgres -m 0700 "$PG_DATA"
        as_postgres "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -A trust -E UTF8 \
            --locale=C.UTF-8 >>"$VAR/log/postgres.log" 2>&1 ||
            {
                show_log "$VAR/log/postgres.log"
                die "initdb failed"
            }
        echo "include_if_exists = 'billboard.conf'" >>"$PG_DATA/postgresql.conf"
    fi
    # Rewritten on every start so port and socket directory follow the settings.
    cat >"$PG_DATA/billboard.conf" <<EOF
# Written by scripts/dev.sh on every start.
listen_addresses = ''
port = $PG_PORT
unix_socket_directories = '$PG_SOCKDIR'
unix_socket_permissions = 0777
log_line_prefix = '%m [%p] %q%u@%d '
EOF
    chown postgres:postgres "$PG_DATA/billboard.conf"

    if postgres_pid >/dev/null; then
        echo "    postgres already running"
    else
        step "starting PostgreSQL (port $PG_PORT, socket only)"
        # Without -l the server logs to pg_ctl's output, a file opened here by root: the
        # postgres user need not reach $VAR/log.
        as_postgres "$PG_BIN/pg_ctl" start -w -t 60 -D "$PG_DATA" \
            >>"$VAR/log/postgres.log" 2>&1 </dev/null ||
            {
                show_log "$VAR/log/postgres.log"
                die "PostgreSQL did not start"
            }
    fi
    [[ $PG_SOCKDIR == "$VAR/run" ]] ||
        ln -sfn "$PG_SOCKDIR/.s.PGSQL.$PG_PORT" "$VAR/run/.s.PGSQL.$PG_PORT"

    local psql=("$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1
        "host=$VAR/run port=$PG_PORT dbname=postgres user=postgres")
    if [[ $("${psql[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname = 'billboard'") != 1 ]]; then
        step "creating database billboard"
        "${psql[@]}" -c 'CREATE DATABASE billboard'
    fi
}

stop_postgres() {
    pg_locate
    postgres_pid >/dev/null || return 0
    step "stopping PostgreSQL"
    as_postgres "$PG_BIN/pg_ctl" stop -w -t 60 -m fast -D "$PG_DATA" >/dev/null ||
        warn "pg_ctl stop failed"
}

redis_pid() { running_pid "$VAR/run/redis.pid" redis-server; }

start_redis() {
    if redis_pid >/dev/null; then
        echo "    redis already running"
        return 0
    fi
    step "starting Redis (unix socket)"
    cat >"$VAR/redis/redis.conf" <<EOF
# Written by scripts/dev.sh on every start.
port 0
unixsocket $VAR/run/redis.sock
unixsocketperm 777
daemonize yes
pidfile $VAR/run/redis.pid
logfile $VAR/log/redis.log
dir $VAR/redis
# A cache, rebuilt from PostgreSQL: nothing is saved, so a restart never brings back old data.
save ""
appendonly no
EOF
    redis-server "$VAR/redis/redis.conf" || die "redis-server failed"
    wait_for 20 "Redis" redis-cli -s "$VAR/run/redis.sock" ping || {
        show_log "$VAR/log/redis.log"
        die "Redis did not start"
    }
}

stop_redis() {
    local pid
    pid=$(redis_pid) || return 0
    step "stopping Redis"
    stop_pids redis TERM "$pid"      # SIGTERM: save, then exit
}

s3rver_pid() { running_pid "$VAR/run/s3rver.pid" s3rver.js; }

start_s3rver() {
    if s3rver_pid >/dev/null; then
        echo "    s3rver already running"
        return 0
    fi
    step "starting s3rver (127.0.0.1:$S3_PORT, bucket billboard)"
    ! port_taken "$S3_PORT" || die "127.0.0.1:$S3_PORT is taken by another program (BILLBOARD_S3_PORT)"
    # The legacy provider: s3rver makes a listing's continuation token with DES, which
    # Node 17+ refuses without it (listings of more than one page would answer 500).
    setsid node --openssl-legacy-provider scripts/s3rver.js --directory "$VAR/s3" --address 127.0.0.1 \
        --port "$S3_PORT" --configure-bucket billboard \
        >>"$VAR/log/s3rver.log" 2>&1 </dev/null &
    echo $! >"$VAR/run/s3rver.pid"
    WAIT_PID=$! wait_for 30 "s3rver" s3rver_answers || {
        show_log "$VAR/log/s3rver.log"
        die "s3rver did not start"
    }
}

s3rver_answers() {
    s3rver_pid >/dev/null &&
        [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$S3_PORT/billboard") != 000 ]]
}

stop_s3rver() {
    local pid
    pid=$(s3rver_pid) || return 0
    step "stopping s3rver"
    stop_pids s3rver TERM "$pid"
    rm -f "$VAR/run/s3rver.pid"
}

run_migrations() {
    step "migrations"
    if ! "$BUILD/billboard-batch" migrate --dir "$ROOT/sql" >>"$VAR/log/batch.log" 2>&1; then
        show_log "$VAR/log/batch.log"
        die "migrations failed"
    fi
}

recorder_pid() { running_pid "$VAR/run/recorder.pid" supervise.sh; }

# The recorder writes the workers' first shows in groups; supervise.sh restarts it when it
# exits (the workers record directly meanwhile).
start_recorder() {
    if recorder_pid >/dev/null; then
        if [[ $BUILD/billboard-batch -nt $VAR/run/recorder.pid ]]; then
            echo "    billboard-batch was rebuilt: restarting the recorder"
            stop_recorder
        else
            echo "    recorder already running"
            return 0
        fi
    fi
    ((RECORDER)) || return 0
    step "starting the recorder (group commit of first shows)"
    rm -f "$VAR/run/recorder.sock"
    setsid "$ROOT/scripts/supervise.sh" "$BUILD/billboard-batch" recorder \
        --socket "$VAR/run/recorder.sock" >>"$VAR/log/recorder.log" 2>&1 </dev/null &
    echo $! >"$VAR/run/recorder.pid"
    WAIT_PID=$! wait_for 10 "the recorder's socket" test -S "$VAR/run/recorder.sock" || {
        show_log "$VAR/log/recorder.log"
        die "the recorder did not start"
    }
}

stop_recorder() {
    local pid
    pid=$(recorder_pid) || return 0
    step "stopping the recorder"
    stop_pids recorder TERM "$pid"
    rm -f "$VAR/run/recorder.pid"
}

workers_pid() { running_pid "$VAR/run/api.pid" multiwatch; }

start_workers() {
    if workers_pid >/dev/null; then
        if [[ $BUILD/billboard-api -nt $VAR/run/api.pid ]]; then
            echo "    billboard-api was rebuilt: restarting the worker pool"
            stop_workers
        else
            echo "    worker pool already running"
            return 0
        fi
    fi
    step "starting $WORKERS FastCGI workers"
    rm -f "$VAR/run/api.sock" "$VAR/run/api.pid"
    # spawn-fcgi -n execs multiwatch in this process (same pid) and keeps its stdout and
    # stderr, which it would send to /dev/null when forking itself. multiwatch forks the
    # workers, restarts crashed ones, and on SIGTERM sends them SIGUSR1 (libfcgi: finish the
    # current request, then FCGX_Accept_r returns -1).
    setsid spawn-fcgi -n -s "$VAR/run/api.sock" -M 0666 -- \
        /usr/bin/multiwatch -f "$WORKERS" -r 100 -t 1000 -- "$BUILD/billboard-api" \
        >>"$VAR/log/api.log" 2>&1 </dev/null &
    echo $! >"$VAR/run/api.pid"
}

stop_workers() {
    local pid children
    pid=$(workers_pid) || return 0
    step "stopping the worker pool"
    children=$(ps -o pid= --ppid "$pid" | tr -s ' \n' ' ')
    # shellcheck disable=SC2086  # children: a list of pids
    stop_pids "worker pool" TERM "$pid" $children
    rm -f "$VAR/run/api.sock" "$VAR/run/api.pid"
}

render_nginx_conf() {
    local keep_conn=off keepalive=1 esc_var esc_root
    # A libfcgi worker stays bound to a kept-alive connection, so nginx (one pool of idle
    # connections per nginx process) must keep fewer idle connections than there are workers
    # or requests wait in the socket backlog for a free worker until a connection times out.
    # Measured here with 4 workers at 64 connections: keepalive 32 -> p99 2.5 s; keepalive 1
    # -> p99 16-25 ms, +14% req/s; keep-alive off -> p99 5 ms. Hence off by default.
    if ((FCGI_KEEPALIVE > 0)); then
        keep_conn=on keepalive=$FCGI_KEEPALIVE
        ((FCGI_KEEPALIVE * JOBS < WORKERS)) ||
            warn "BILLBOARD_FCGI_KEEPALIVE=$FCGI_KEEPALIVE x $JOBS nginx workers >= $WORKERS FastCGI workers: expect stalls"
    fi
    esc_var=$(sed_escape "$VAR")
    esc_root=$(sed_escape "$ROOT")
    sed -e "s|@VAR@|$esc_var|g" -e "s|@ROOT@|$esc_root|g" -e "s|@PORT@|$PORT|g" \
        -e "s|@S3_PORT@|$S3_PORT|g" -e "s|@FCGI_KEEP_CONN@|$keep_conn|g" \
        -e "s|@FCGI_KEEPALIVE@|$keepalive|g" nginx/nginx.conf.in
}

sed_escape() { printf '%s' "$1" | sed -e 's/[|&\\]/\\&/g'; }

nginx_pid() { running_pid "$VAR/run/nginx.pid" nginx; }

nginx_cmd() { nginx -p "$VAR/nginx/" -c "$VAR/nginx/nginx.conf" -e "$VAR/log/nginx-error.log" "$@"; }

start_nginx() {
    local conf=$VAR/nginx/nginx.conf changed=1
    render_nginx_conf >"$conf.new"
    if cmp -s "$conf.new" "$conf"; then
        changed=0
        rm -f "$conf.new"
    else
        mv "$conf.new" "$conf"
    fi
    nginx_cmd -q -t || die "nginx configuration test failed ($conf)"
    if nginx_pid >/dev/null; then
        if ((changed)); then
            step "reloading nginx (configuration changed)"
            nginx_cmd -s reload
        else
            echo "    nginx already running"
        fi
        return 0
    fi
    step "starting nginx (127.0.0.1:$PORT)"
    ! port_taken "$PORT" || die "127.0.0.1:$PORT is taken by another program (BILLBOARD_PORT)"
    nginx_cmd || die "nginx did not start"
}

stop_nginx() {
    local pid children
    pid=$(nginx_pid) || return 0
    step "stopping nginx"
    children=$(ps -o pid= --ppid "$pid" | tr -s ' \n' ' ')
    # shellcheck disable=SC2086
    stop_pids nginx QUIT "$pid" $children
}

healthy() { curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/health"; }

wait_for_health() {
    step "waiting for http://127.0.0.1:$PORT/health"
    if ! WAIT_PID=$(workers_pid) wait_for "$HEALTH_TIMEOUT" "/health to answer 200" healthy; then
        curl -sS --max-time 2 "http://127.0.0.1:$PORT/health" >&2 || true
        echo >&2
        show_log "$VAR/log/api.log"
        show_log "$VAR/log/nginx-error.log" 10
        die "the stack did not become healthy (scripts/dev.sh down stops what runs)"
    fi
}

# --------------------------------------------------------------------------------------------
# The whole stack

start_stack() {
    require_binaries
    prepare_var
    export_runtime_env
    start_postgres
    start_redis
    start_s3rver
    run_migrations
    start_recorder
    start_workers
    start_nginx
    wait_for_health
}

stop_stack() {
    stop_bot
    stop_jobs_runner
    stop_moderator
    stop_nginx
    stop_workers
    stop_recorder
    stop_s3rver
    stop_redis
    stop_postgres
}

# ensure_admin_account -- on the first start, an account `admin` with a random password, which
# is kept in $VAR/admin-password (mode 0600) for the summary. Never a fixed default.
ensure_admin_account() {
    local file=$VAR/admin-password pw rc=0
    [[ -s $file ]] && return 0
    pw=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
    printf '%s\n' "$pw" | "$BUILD/billboard-batch" user add admin --role admin \
        >>"$VAR/log/batch.log" 2>&1 || rc=$?
    case $rc in
    0) (umask 077 && printf '%s\n' "$pw" >"$file") ;;
    3) warn "an account admin exists but $file is gone: its password is not known here" ;;
    *)
        show_log "$VAR/log/batch.log"
        die "cannot create the admin account"
        ;;
    esac
}

# The moderation job every minute, as cron would run it: a small loop, supervised by its pid
# file, logging to $VAR/log/moderate.log. Only `up` starts it (tests run the job themselves).
MODERATE_EVERY=60                  # seconds between runs

moderator_pid() { running_pid "$VAR/run/moderator.pid" supervise.sh; }

start_moderator() {
    if moderator_pid >/dev/null; then
        echo "    moderation loop already running"
        return 0
    fi
    step "starting the moderation loop (billboard-batch moderate every ${MODERATE_EVERY}s)"
    setsid "$ROOT/scripts/supervise.sh" --every "$MODERATE_EVERY" "$BUILD/billboard-batch" \
        moderate >>"$VAR/log/moderate.log" 2>&1 </dev/null &
    echo $! >"$VAR/run/moderator.pid"
}

stop_moderator() {
    local pid
    pid=$(moderator_pid) || return 0
    step "stopping the moderation loop"
    stop_pids "moderation loop" TERM "$pid"
    rm -f "$VAR/run/moderator.pid"
}

# The background jobs runner (`billboard-batch jobs --follow`), restarted when it exits, logging
# to $VAR/log/jobs.log. Only `up` starts it: the e2e tests run their own runners.
jobs_runner_pid() { running_pid "$VAR/run/jobs.pid" supervise.sh; }

start_jobs_runner() {
    if jobs_runner_pid >/dev/null; then
        echo "    jobs runner already running"
        return 0
    fi
    step "starting the jobs runner (billboard-batch jobs --follow, restarted on exit)"
    setsid "$ROOT/scripts/supervise.sh" "$BUILD/billboard-batch" jobs --follow \
        >>"$VAR/log/jobs.log" 2>&1 </dev/null &
    echo $! >"$VAR/run/jobs.pid"
}

stop_jobs_runner() {
    local pid
    pid=$(jobs_runner_pid) || return 0
    step "stopping the jobs runner"
    stop_pids "jobs runner" TERM "$pid"
    rm -f "$VAR/run/jobs.pid"
}

# The Telegram bot (billboard-bot), only when BILLBOARD_TELEGRAM_TOKEN is set (and
# BILLBOARD_TELEGRAM_API_URL, when not Telegram's own), restarted when it exits, logging to
# $VAR/log/bot.log. The e2e tests run their own bot against a fake Bot API.
bot_pid() { running_pid "$VAR/run/bot.pid" supervise.sh; }

start_bot() {
    if [[ -z ${BILLBOARD_TELEGRAM_TOKEN:-} ]]; then
        step "not starting the Telegram bot (BILLBOARD_TELEGRAM_TOKEN is not set)"
        return 0
    fi
    if bot_pid >/dev/null; then
        echo "    Telegram bot already running"
        return 0
    fi
    step "starting the Telegram bot (billboard-bot, restarted on exit; log: bot.log)"
    setsid "$ROOT/scripts/supervise.sh" "$BUILD/billboard-bot" \
        >>"$VAR/log/bot.log" 2>&1 </dev/null &
    echo $! >"$VAR/run/bot.pid"
}

stop_bot() {
    local pid
    pid=$(bot_pid) || return 0
    step "stopping the Telegram bot"
    stop_pids "Telegram bot" TERM "$pid"
    rm -f "$VAR/run/bot.pid"
}

print_admin_password() {
    [[ -s $VAR/admin-password ]] || return 0
    printf '  admin    %s/admin/   login admin, password %s\n' \
        "http://127.0.0.1:$PORT" "$(cat "$VAR/admin-password")"
}

print_summary() {
    local var_rel=${VAR#"$ROOT"/}
    cat <<EOF

Billboard is up: http://127.0.0.1:$PORT   (health: /health, admin: /admin/, images: /media/)
  logs     $var_rel/log/{api,batch,recorder,nginx-access,nginx-error,postgres,redis,s3rver}.log
  psql     $PG_BIN/psql "$BILLBOARD_PG_DSN"
  redis    redis-cli -s $var_rel/run/redis.sock
  s3       $BILLBOARD_S3_ENDPOINT (bucket billboard, key S3RVER / secret S3RVER)
  stop     scripts/dev.sh down
EOF
}

# --------------------------------------------------------------------------------------------
# Commands

cmd_up() {
    require_root
    load_settings
    install_packages
    install_node_modules
    if [[ ${BILLBOARD_NO_BUILD:-0} == 1 ]]; then
        step "skipping the build (BILLBOARD_NO_BUILD=1, binaries from ${BUILD#"$ROOT"/}/)"
    else
        build "$BUILD" "${CONFIGURE_ARGS[@]}"
    fi
    start_stack
    ensure_admin_account
    start_moderator
    start_jobs_runner
    start_bot
    print_summary
    print_admin_password
}

cmd_down() {
    require_root
    load_settings
    stop_stack
    echo "stopped (data kept in ${VAR#"$ROOT"/}/)"
}

status_line() { # status_line NAME PID [EXTRA]
    if [[ -n $2 ]]; then
        printf '%-9s running (pid %s)%s\n' "$1" "$2" "${3:+, $3}"
    else
        printf '%-9s stopped\n' "$1"
    fi
}

cmd_status() {
    load_settings
    local pid all=0 n
    [[ -d $VAR ]] || {
        echo "no state directory ${VAR#"$ROOT"/}/: nothing was started"
        return 1
    }
    pg_locate
    pid=$(postgres_pid) || { pid="" all=1; }
    status_line postgres "$pid" "port $PG_PORT"
    pid=$(redis_pid) || { pid="" all=1; }
    status_line redis "$pid"
    pid=$(s3rver_pid) || { pid="" all=1; }
    status_line s3rver "$pid" "http://127.0.0.1:$S3_PORT"
    if ((RECORDER)); then
        pid=$(recorder_pid) || { pid="" all=1; }
        status_line recorder "$pid" "run/recorder.sock"
    fi
    # Started by `up` only (the tests run their own): shown when up started them.
    if [[ -e $VAR/run/moderator.pid ]]; then
        pid=$(moderator_pid) || { pid="" all=1; }
        status_line moderate "$pid" "every ${MODERATE_EVERY}s"
    fi
    if [[ -e $VAR/run/jobs.pid ]]; then
        pid=$(jobs_runner_pid) || { pid="" all=1; }
        status_line jobs "$pid" "jobs --follow"
    fi
    pid=$(workers_pid) || { pid="" all=1; }
    n=0
    [[ -z $pid ]] || n=$(ps -o pid= --ppid "$pid" | wc -l)
    status_line workers "$pid" "$n worker processes"
    pid=$(nginx_pid) || { pid="" all=1; }
    status_line nginx "$pid" "http://127.0.0.1:$PORT"
    return "$all"
}

on_exit() {
    if ((STACK_UP)); then
        STACK_UP=0
        echo "stopping the test stack" >&2
        stop_stack || true
    fi
}

# logs_have_reports -- print the sanitizer and assertion reports found in $VAR/log; true
# when there is any.
logs_have_reports() {
    local file status=1
    for file in "$VAR"/log/*.log*; do
        [[ -f $file ]] || continue
        if grep -q -E "$SAN_PATTERN" "$file"; then
            printf '==== %s ====\n' "${file#"$ROOT"/}" >&2
            grep -n -E -A 25 "$SAN_PATTERN" "$file" | head -n 300 >&2
            status=0
        fi
    done
    return "$status"
}

# build_checks -- once per `test`: a short run of every fuzz target (tests/fuzz/run.sh, clang
# with ASan + UBSan) and the Dockerfile's build stage without Docker (docker/build-check.sh).
build_checks() {
    step "fuzz smoke run (tests/fuzz/run.sh -n $FUZZ_SMOKE_RUNS, every target)"
    rm -rf "$ROOT/build-fuzz/smoke-corpus"
    tests/fuzz/run.sh -n "$FUZZ_SMOKE_RUNS" -c "$ROOT/build-fuzz/smoke-corpus" ||
        die "a fuzz target failed (above)"
    step "the Dockerfile's build stage, without Docker (docker/build-check.sh)"
    docker/build-check.sh "$ROOT/build-docker" >"$ROOT/build-docker.log" 2>&1 || {
        show_log "$ROOT/build-docker.log" 40
        die "the Dockerfile's build stage fails here (build-docker.log)"
    }
}

# run_pass NAME BUILD_DIR CONFIGURE_ARG... -- one complete test pass (globals: RUN_UNIT,
# PYTEST_ARGS).
run_pass() {
    local name=$1 rc=0
    BUILD=$(abs_path "$2")
    shift 2
    step "pass '$name': ${BUILD#"$ROOT"/}/ with configure $*"
    build "$BUILD" "$@"

    if ((RUN_UNIT)); then
        step "unit tests (make check)"
        if ! make -C "$BUILD" -j"$JOBS" check; then
            find "$BUILD" -name test-suite.log -exec cat {} + >&2
            die "pass '$name': unit tests failed"
        fi
        if grep -qs '^# TOTAL: 0' "$BUILD/test-suite.log"; then
            warn "make check ran no unit tests"
        fi
        step "formatting (make format-check)"
        make -C "$BUILD" -s format-check || die "pass '$name': clang-format wants changes (make format)"
    fi

    step "fresh stack in ${VAR#"$ROOT"/}/"
    stop_stack      # leftovers of an interrupted run
    wipe_var
    STACK_UP=1
    start_stack

    step "end-to-end tests (pytest tests/e2e)"
    BILLBOARD_URL="http://127.0.0.1:$PORT" BILLBOARD_VAR="$VAR" \
        BILLBOARD_BUILD="$BUILD" BILLBOARD_BATCH="$BUILD/billboard-batch" \
        "$PYTHON" -m pytest -q tests/e2e "${PYTEST_ARGS[@]}" </dev/null || rc=$?
    ((rc == 0)) || show_log "$VAR/log/api.log" 60

    STACK_UP=0
    stop_stack

    if logs_have_reports; then
        die "pass '$name': sanitizer or assertion reports in ${VAR#"$ROOT"/}/log (above)"
    fi
    case $rc in
    0) step "pass '$name' passed" ;;
    5) die "pass '$name': pytest collected no end-to-end tests in tests/e2e" ;;
    *) die "pass '$name': end-to-end tests failed (pytest exit $rc)" ;;
    esac
}

cmd_test() {
    local passes=() arg
    RUN_UNIT=1
    PYTEST_ARGS=()
    while (($#)); do
        arg=$1
        shift
        case $arg in
        plain | asan) passes+=("$arg") ;;
        --no-unit) RUN_UNIT=0 ;;
        --)
            PYTEST_ARGS=("$@")
            break
            ;;
        *) die "test: unknown argument '$arg' (see scripts/dev.sh help)" ;;
        esac
    done
    ((${#passes[@]})) || passes=(plain asan)

    require_root
    compgen -G 'tests/e2e/test_*.py' >/dev/null || compgen -G 'tests/e2e/*_test.py' >/dev/null ||
        die "no end-to-end tests: tests/e2e/test_*.py is missing"

    export BILLBOARD_VAR=${BILLBOARD_TEST_VAR:-var/test}
    export BILLBOARD_PORT=${BILLBOARD_TEST_PORT:-18080}
    export BILLBOARD_PG_PORT=${BILLBOARD_TEST_PG_PORT:-54321}
    export BILLBOARD_S3_PORT=${BILLBOARD_TEST_S3_PORT:-14569}
    load_settings
    # Sanitizer reports go to each process's stderr: $VAR/log/api.log and batch.log.
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=0

    install_packages
    install_node_modules
    trap on_exit EXIT
    trap 'exit 130' INT TERM
    ((RUN_UNIT == 0)) || build_checks

    for arg in "${passes[@]}"; do
        case $arg in
        plain) run_pass plain build --enable-werror ;;
        asan) run_pass asan build-asan --enable-werror --enable-sanitizers --enable-debug ;;
        esac
    done
    step "all passes passed: ${passes[*]}"
}

usage() {
    cat <<'EOF'
usage: scripts/dev.sh COMMAND     (as root, from anywhere)

  up                   install missing packages, build, start the stack, wait for /health
  down                 stop the stack; data stays
  status               one line per component (exit 1 when any is stopped)
  test [plain|asan] [--no-unit] [-- PYTEST_ARGS...]
                       fresh stack in var/test: make check + e2e tests, in build/
                       (--enable-werror) and build-asan/ (+ --enable-sanitizers); both
                       passes unless named; fails on sanitizer/assertion lines in the logs;
                       first (not with --no-unit) a fuzz smoke run and the Dockerfile's
                       build stage without Docker (build-fuzz/, build-docker/)
  help                 this text

settings (environment):
  BILLBOARD_VAR=var            state: data, sockets (run/), pid files, logs (log/)
  BILLBOARD_BUILD=build        build directory used by `up`
  CONFIGURE_FLAGS=--enable-werror   configure arguments for `up`
  BILLBOARD_NO_BUILD=1         `up` without building (binaries already in BILLBOARD_BUILD)
  BILLBOARD_PORT=8080          nginx on 127.0.0.1
  BILLBOARD_PG_PORT=54320      PostgreSQL (names the socket file; no TCP)
  BILLBOARD_S3_PORT=4569       s3rver on 127.0.0.1
  BILLBOARD_WORKERS=4          FastCGI worker processes
  BILLBOARD_RECORDER=1         run billboard-batch recorder (group commit of first
                               shows); 0: each worker writes its own
  BILLBOARD_FCGI_KEEPALIVE=0   idle nginx->worker connections kept per nginx process
                               (0: fastcgi_keep_conn off; keep it below workers/cores)
  BILLBOARD_TEST_PORT=18080    `test`: also BILLBOARD_TEST_{VAR,PG_PORT,S3_PORT}
                               (var/test, 54321, 14569)

the binaries get: BILLBOARD_PG_DSN BILLBOARD_REDIS_SOCKET BILLBOARD_S3_ENDPOINT
  BILLBOARD_S3_BUCKET BILLBOARD_S3_REGION BILLBOARD_S3_ACCESS_KEY BILLBOARD_S3_SECRET_KEY
  BILLBOARD_PUBLIC_URL BILLBOARD_SQL_DIR; the e2e tests also BILLBOARD_URL BILLBOARD_VAR
  BILLBOARD_BUILD BILLBOARD_BATCH
EOF
}

main() {
    cd "$ROOT"
    local cmd=${1:-help}
    (($#)) && shift
    case $cmd in
    up) cmd_up "$@" ;;
    down) cmd_down "$@" ;;
    status) cmd_status "$@" ;;
    test) cmd_test "$@" ;;
    help | -h | --help) usage ;;
    *)
        usage >&2
        exit 2
        ;;
    esac
}

main "$@"
