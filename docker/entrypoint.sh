#!/bin/sh
# entrypoint.sh -- start of the Billboard image (installed as /usr/local/bin/billboard-entrypoint).
#
#   billboard-entrypoint [serve]   apply the SQL migrations (retrying until PostgreSQL answers),
#                                  then exec the FastCGI worker pool on $BILLBOARD_SOCKET
#   billboard-entrypoint CMD...    exec CMD as given (e.g. billboard-batch cache-rebuild)
#
# Environment (besides what the binaries read, see `billboard-batch --help`):
#   BILLBOARD_SOCKET=/run/billboard/api.sock   the unix socket nginx sends requests to
#   BILLBOARD_WORKERS=4                        FastCGI worker processes
#   BILLBOARD_MIGRATE_TIMEOUT=60               seconds to keep retrying `billboard-batch migrate`
#   BILLBOARD_SKIP_MIGRATE=1                   serve without migrating (migrations run elsewhere)
set -eu

SOCKET=${BILLBOARD_SOCKET:-/run/billboard/api.sock}
WORKERS=${BILLBOARD_WORKERS:-4}
SOCKET_MODE=0660
MIGRATE_TIMEOUT=${BILLBOARD_MIGRATE_TIMEOUT:-60}
RETRY_DELAY=2

log() { printf 'billboard-entrypoint: %s\n' "$*" >&2; }
die() {
    log "error: $*"
    exit 1
}

is_number() {
    case $1 in
    '' | *[!0-9]*) return 1 ;;
    *) return 0 ;;
    esac
}

# migrate -- `billboard-batch migrate` until it succeeds or MIGRATE_TIMEOUT seconds have passed.
# A failure is most often PostgreSQL still starting; a broken migration fails every attempt and
# ends up here too, with its own error lines above the last message. The command is idempotent
# and takes an advisory lock, so several containers may run it at once.
migrate() {
    start=$(date +%s)
    attempt=1
    until billboard-batch migrate; do
        elapsed=$(($(date +%s) - start))
        if [ "$elapsed" -ge "$MIGRATE_TIMEOUT" ]; then
            die "migrations still failing after ${elapsed}s ($attempt attempts): giving up"
        fi
        log "migrate failed (attempt $attempt, PostgreSQL not ready yet?): retrying in ${RETRY_DELAY}s"
        attempt=$((attempt + 1))
        sleep "$RETRY_DELAY"
    done
}

serve() {
    if ! is_number "$WORKERS" || [ "$WORKERS" -lt 1 ]; then
        die "BILLBOARD_WORKERS must be a number >= 1, not '$WORKERS'"
    fi
    if ! is_number "$MIGRATE_TIMEOUT"; then
        die "BILLBOARD_MIGRATE_TIMEOUT must be a number of seconds, not '$MIGRATE_TIMEOUT'"
    fi
    dir=$(dirname "$SOCKET")
    if [ ! -d "$dir" ] || [ ! -w "$dir" ]; then
        die "$dir is not a directory writable by $(id -un): cannot create $SOCKET"
    fi

    if [ "${BILLBOARD_SKIP_MIGRATE:-0}" = 1 ]; then
        log "skipping migrations (BILLBOARD_SKIP_MIGRATE=1)"
    else
        migrate
    fi

    # A socket left by a previous container would make the health check pass too early.
    rm -f "$SOCKET"
    log "starting $WORKERS FastCGI workers on $SOCKET"
    # spawn-fcgi -n binds the socket and execs multiwatch in this process, keeping stdout and
    # stderr (the container log). multiwatch restarts workers that die and, on SIGTERM, asks
    # them with SIGUSR1 to finish their current request and exit.
    # Mode 0660: the socket's group (this user's primary group) is shared with nginx's
    # workers (see the Dockerfile); no other user may write to it.
    exec spawn-fcgi -n -s "$SOCKET" -M "$SOCKET_MODE" -- \
        /usr/bin/multiwatch -f "$WORKERS" -- /usr/local/bin/billboard-api
}

# `docker stop` while migrations are retried: stop at once (sh ignores SIGTERM as pid 1).
trap 'exit 143' TERM
trap 'exit 130' INT

if [ $# -eq 0 ] || [ "$1" = serve ]; then
    serve
else
    exec "$@"
fi
