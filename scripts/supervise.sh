#!/usr/bin/env bash
# supervise.sh COMMAND [ARG...] -- runs COMMAND, and again a second after each time it exits,
# until this script gets SIGTERM or SIGINT, which it passes on to COMMAND before exiting.
# scripts/dev.sh uses it for its long-running helpers (the recorder).
set -u
stop=0
child=0
on_stop() {
    stop=1
    ((child > 0)) && kill -TERM "$child" 2>/dev/null
}
trap on_stop TERM INT
while ((!stop)); do
    "$@" &
    child=$!
    # wait returns early when a signal arrives; wait again for the command itself.
    wait "$child"
    status=$?
    while kill -0 "$child" 2>/dev/null; do
        wait "$child"
        status=$?
    done
    child=0
    ((stop)) && break
    printf 'supervise: %s exited with status %d; restarting in a second\n' "$1" "$status" >&2
    sleep 1
done
