# common.sh -- small helpers and the settings every command reads.
# Sourced by scripts/dev.sh (which sets ROOT, the constants and the settings); not run alone.
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
    export BILLBOARD_METRICS_FILE="$VAR/run/metrics"                 # GET /metrics, all workers
}

