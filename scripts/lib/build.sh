# build.sh -- building out of tree with autotools.
# Sourced by scripts/dev.sh (which sets ROOT, the constants and the settings); not run alone.
# --------------------------------------------------------------------------------------------
# Build

# build DIR CONFIGURE_ARG... -- autoreconf when needed, configure out of tree, make.
build() {
    local dir=$1
    shift
    local stamp="$dir/.dev-configure-args" want="$*" had

    if [[ ! -x configure || configure.ac -nt configure || Makefile.am -nt configure ]]; then
        step "autoreconf"
        mkdir -p build-aux m4       # git keeps no empty directories
        autoreconf -fi || die "autoreconf failed"
    fi

    mkdir -p "$dir"
    had=$(cat "$stamp" 2>/dev/null || true)
    if [[ ! -f $dir/Makefile || configure -nt $dir/Makefile || $had != "$want" ]]; then
        step "configure ${dir#"$ROOT"/}/ $want"
        # Objects built with other flags would survive a reconfigure.
        if [[ -f $dir/Makefile && $had != "$want" ]]; then
            make -C "$dir" -s clean >/dev/null 2>&1 || true
        fi
        if ! (cd "$dir" && "$ROOT/configure" "$@" >configure.out 2>&1); then
            show_log "$dir/configure.out" 30
            die "configure failed (see ${dir#"$ROOT"/}/config.log)"
        fi
        printf '%s\n' "$want" >"$stamp"
    fi

    step "make (${dir#"$ROOT"/}/)"
    make -C "$dir" -j"$JOBS" || die "build failed in ${dir#"$ROOT"/}/"
}

require_binaries() {
    local bin
    for bin in billboard-api billboard-batch; do
        [[ -x $BUILD/$bin ]] || die "$BUILD/$bin is missing: build first (drop BILLBOARD_NO_BUILD)"
    done
}

