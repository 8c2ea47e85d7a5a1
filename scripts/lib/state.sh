# state.sh -- the state directory and where the PostgreSQL cluster lives.
# Sourced by scripts/dev.sh (which sets ROOT, the constants and the settings); not run alone.
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

