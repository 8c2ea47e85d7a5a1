# stack.sh -- the whole stack, the admin account and the helpers only `up` runs.
# Sourced by scripts/dev.sh (which sets ROOT, the constants and the settings); not run alone.
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
  api docs http://127.0.0.1:$PORT/docs   metrics http://127.0.0.1:$PORT/metrics
  logs     $var_rel/log/{api,batch,recorder,moderate,jobs,bot,nginx-access,nginx-error,postgres,redis,s3rver}.log
  psql     $PG_BIN/psql "$BILLBOARD_PG_DSN"
  redis    redis-cli -s $var_rel/run/redis.sock
  s3       $BILLBOARD_S3_ENDPOINT (bucket billboard, key S3RVER / secret S3RVER)
  stop     scripts/dev.sh down
EOF
}

