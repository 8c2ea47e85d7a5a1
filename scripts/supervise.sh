#!/usr/bin/env bash
# supervise.sh [--every SECONDS] COMMAND [ARG...] -- runs COMMAND, and again SECONDS (default 1)
# after each time it exits, until this script gets SIGTERM or SIGINT, which it passes on to
# COMMAND (or to the wait) before exiting. scripts/dev.sh runs its long-running helpers with
# it: the recorder and the jobs runner (restarted when they die) and the moderation schedule
# (`--every 60`).
set -u
delay=1
if [[ ${1:-} == --every ]]; then
    delay=$2
    shift 2
fi
stop=0
child=0
on_stop() {
    stop=1
    ((child > 0)) && kill -TERM "$child" 2>/dev/null
}
trap on_stop TERM INT
# run_child CMD... -- runs CMD in the background and waits for it, even across a signal
# (wait returns early when one arrives); sets status.
run_child() {
    "$@" &
    child=$!
    wait "$child"
    status=$?
    while kill -0 "$child" 2>/dev/null; do
        wait "$child"
        status=$?
    done
    child=0
}
while ((!stop)); do
    run_child "$@"
    ((stop)) && break
    ((status == 0)) || printf 'supervise: %s exited with status %d\n' "$1" "$status" >&2
    run_child sleep "$delay"
done
