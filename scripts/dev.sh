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
    python3-pytest python3-requests python3-jsonschema curl nodejs npm clang-format wrk
    clang libclang-rt-14-dev docker-compose
    prometheus
    chromium
)
# Packages that count as present when their command is: NodeSource's nodejs ships npm and
# conflicts with Debian's npm package.
declare -A DEB_COMMAND=([nodejs]=node [npm]=npm)

SAN_PATTERN='ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:|Assertion'
STACK_UP=0                         # 1 while `test` has a stack to take down on exit
FUZZ_SMOKE_RUNS=3000               # executions per fuzz target in `test`

# The commands' code, one file per concern (scripts/lib/).
for lib in common packages build state stores serve stack commands test; do
    # shellcheck source=/dev/null
    source "$ROOT/scripts/lib/$lib.sh"
done
unset lib

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
