# stores.sh -- PostgreSQL, Redis, the S3 server and the migrations.
# Sourced by scripts/dev.sh (which sets ROOT, the constants and the settings); not run alone.
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

