# test.sh -- the test command: build, fuzz smoke, unit and end-to-end passes.
# Sourced by scripts/dev.sh (which sets ROOT, the constants and the settings); not run alone.

on_exit() {
    if ((STACK_UP)); then
        STACK_UP=0
        echo "stopping the test stack" >&2
        stop_stack || true
    fi
}

# logs_have_reports -- print the sanitizer and assertion reports found in $VAR/log; true
# when there is any.
logs_have_reports() {
    local file status=1
    for file in "$VAR"/log/*.log*; do
        [[ -f $file ]] || continue
        if grep -q -E "$SAN_PATTERN" "$file"; then
            printf '==== %s ====\n' "${file#"$ROOT"/}" >&2
            grep -n -E -A 25 "$SAN_PATTERN" "$file" | head -n 300 >&2
            status=0
        fi
    done
    return "$status"
}

# logs_have_throttling -- print nginx's refusals, by the limits normal traffic must stay under
# (writes, clicks, login), of the suite's own address (127.0.0.1; test_rate_limits.py floods
# from 127.0.0.2, and test_hardening.py floods the clock zone on purpose); true when there is
# any.
logs_have_throttling() {
    local file=$VAR/log/nginx-error.log lines
    [[ -f $file ]] || return 1
    lines=$(grep -E 'limiting requests.* zone "(writes|clicks|login)", client: 127\.0\.0\.1,' "$file") ||
        return 1
    printf '%s\n' "$lines" | head -n 20 >&2 || true
}

# build_checks -- once per `test`: a short run of every fuzz target (tests/fuzz/run.sh, clang
# with ASan + UBSan) and the Dockerfile's build stage without Docker (docker/build-check.sh).
build_checks() {
    step "fuzz smoke run (tests/fuzz/run.sh -n $FUZZ_SMOKE_RUNS, every target)"
    rm -rf "$ROOT/build-fuzz/smoke-corpus"
    tests/fuzz/run.sh -n "$FUZZ_SMOKE_RUNS" -c "$ROOT/build-fuzz/smoke-corpus" ||
        die "a fuzz target failed (above)"
    step "the Dockerfile's build stage, without Docker (docker/build-check.sh)"
    docker/build-check.sh "$ROOT/build-docker" >"$ROOT/build-docker.log" 2>&1 || {
        show_log "$ROOT/build-docker.log" 40
        die "the Dockerfile's build stage fails here (build-docker.log)"
    }
}

# run_pass NAME BUILD_DIR CONFIGURE_ARG... -- one complete test pass (globals: RUN_UNIT,
# PYTEST_ARGS).
run_pass() {
    local name=$1 rc=0
    BUILD=$(abs_path "$2")
    shift 2
    step "pass '$name': ${BUILD#"$ROOT"/}/ with configure $*"
    build "$BUILD" "$@"

    if ((RUN_UNIT)); then
        step "unit tests (make check)"
        if ! make -C "$BUILD" -j"$JOBS" check; then
            find "$BUILD" -name test-suite.log -exec cat {} + >&2
            die "pass '$name': unit tests failed"
        fi
        if grep -qs '^# TOTAL: 0' "$BUILD/test-suite.log"; then
            warn "make check ran no unit tests"
        fi
        step "formatting (make format-check)"
        make -C "$BUILD" -s format-check || die "pass '$name': clang-format wants changes (make format)"
    fi

    step "fresh stack in ${VAR#"$ROOT"/}/"
    stop_stack      # leftovers of an interrupted run
    wipe_var
    STACK_UP=1
    start_stack

    step "end-to-end tests (pytest tests/e2e)"
    BILLBOARD_URL="http://127.0.0.1:$PORT" BILLBOARD_VAR="$VAR" \
        BILLBOARD_BUILD="$BUILD" BILLBOARD_BATCH="$BUILD/billboard-batch" \
        "$PYTHON" -m pytest -q tests/e2e "${PYTEST_ARGS[@]}" </dev/null || rc=$?
    ((rc == 0)) || show_log "$VAR/log/api.log" 60

    STACK_UP=0
    stop_stack

    if logs_have_reports; then
        die "pass '$name': sanitizer or assertion reports in ${VAR#"$ROOT"/}/log (above)"
    fi
    if logs_have_throttling; then
        die "pass '$name': nginx rate-limited the test suite's own requests (above)"
    fi
    case $rc in
    0) step "pass '$name' passed" ;;
    5) die "pass '$name': pytest collected no end-to-end tests in tests/e2e" ;;
    *) die "pass '$name': end-to-end tests failed (pytest exit $rc)" ;;
    esac
}

cmd_test() {
    local passes=() arg
    RUN_UNIT=1
    PYTEST_ARGS=()
    while (($#)); do
        arg=$1
        shift
        case $arg in
        plain | asan) passes+=("$arg") ;;
        --no-unit) RUN_UNIT=0 ;;
        --)
            PYTEST_ARGS=("$@")
            break
            ;;
        *) die "test: unknown argument '$arg' (see scripts/dev.sh help)" ;;
        esac
    done
    ((${#passes[@]})) || passes=(plain asan)

    require_root
    compgen -G 'tests/e2e/test_*.py' >/dev/null || compgen -G 'tests/e2e/*_test.py' >/dev/null ||
        die "no end-to-end tests: tests/e2e/test_*.py is missing"

    export BILLBOARD_VAR=${BILLBOARD_TEST_VAR:-var/test}
    export BILLBOARD_PORT=${BILLBOARD_TEST_PORT:-18080}
    export BILLBOARD_PG_PORT=${BILLBOARD_TEST_PG_PORT:-54321}
    export BILLBOARD_S3_PORT=${BILLBOARD_TEST_S3_PORT:-14569}
    load_settings
    # Sanitizer reports go to each process's stderr: $VAR/log/api.log and batch.log.
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=0

    install_packages
    install_node_modules
    trap on_exit EXIT
    trap 'exit 130' INT TERM
    ((RUN_UNIT == 0)) || build_checks

    for arg in "${passes[@]}"; do
        case $arg in
        plain) run_pass plain build --enable-werror ;;
        asan) run_pass asan build-asan --enable-werror --enable-sanitizers --enable-debug ;;
        esac
    done
    step "all passes passed: ${passes[*]}"
}

