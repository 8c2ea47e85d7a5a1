# serve.sh -- the serving processes: the recorder, the FastCGI worker pool, nginx.
# Sourced by scripts/dev.sh (which sets ROOT, the constants and the settings); not run alone.

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

# render_nginx_conf -- nginx/nginx.conf.in for the local stack (everything as root under $VAR;
# docker/nginx-render.sh renders the same template for the nginx container).
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
    sed -e "s|@DAEMON@|on|g" -e "s|@USER@|root|g" \
        -e "s|@PID@|$esc_var/run/nginx.pid|g" -e "s|@ERROR_LOG@|$esc_var/log/nginx-error.log|g" \
        -e "s|@ACCESS_LOG@|$esc_var/log/nginx-access.log|g" -e "s|@TEMP@|$esc_var/nginx|g" \
        -e "s|@LISTEN@|127.0.0.1:$PORT|g" -e "s|@SOCKET@|$esc_var/run/api.sock|g" \
        -e "s|@STATIC@|$esc_root/static|g" -e "s|@S3_URL@|http://127.0.0.1:$S3_PORT|g" \
        -e "s|@DOCS@|$esc_root/docs|g" -e "s|@SWAGGER_UI@|$esc_root/node_modules/swagger-ui-dist|g" \
        -e "s|@S3_RESOLVER@|# (an address: no resolver)|g" \
        -e "s|@FCGI_KEEP_CONN@|$keep_conn|g" -e "s|@FCGI_KEEPALIVE@|$keepalive|g" nginx/nginx.conf.in
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

