# commands.sh -- the up, down and status commands.
# Sourced by scripts/dev.sh (which sets ROOT, the constants and the settings); not run alone.
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
    if [[ -e $VAR/run/bot.pid ]]; then
        pid=$(bot_pid) || { pid="" all=1; }
        status_line bot "$pid" "billboard-bot, log bot.log"
    fi
    pid=$(workers_pid) || { pid="" all=1; }
    n=0
    [[ -z $pid ]] || n=$(ps -o pid= --ppid "$pid" | wc -l)
    status_line workers "$pid" "$n worker processes"
    pid=$(nginx_pid) || { pid="" all=1; }
    status_line nginx "$pid" "http://127.0.0.1:$PORT"
    return "$all"
}

