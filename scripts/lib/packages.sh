# packages.sh -- Debian packages and node modules.
# Sourced by scripts/dev.sh (which sets ROOT, the constants and the settings); not run alone.
# --------------------------------------------------------------------------------------------
# Packages and node modules

deb_installed() {
    local cmd=${DEB_COMMAND[$1]:-}
    [[ -n $cmd ]] && command -v "$cmd" >/dev/null && return 0
    [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) == "install ok installed" ]]
}

install_packages() {
    local pkg missing=() created_policy=0 rc=0
    for pkg in "${DEB_PACKAGES[@]}"; do
        deb_installed "$pkg" || missing+=("$pkg")
    done
    ((${#missing[@]})) || return 0

    step "installing Debian packages: ${missing[*]}"
    # Without systemd, postinst scripts would try to start the system's own PostgreSQL,
    # Redis and nginx; policy-rc.d answering 101 forbids that during the install.
    if [[ ! -e $POLICY_RC ]]; then
        printf '#!/bin/sh\n# dev.sh: no service starts during package installs\nexit 101\n' >"$POLICY_RC"
        chmod 0755 "$POLICY_RC"
        created_policy=1
    fi
    apt-get update -qq || rc=$?
    if ((rc == 0)); then
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
            "${missing[@]}" || rc=$?
    fi
    ((created_policy)) && rm -f "$POLICY_RC"
    ((rc == 0)) || die "apt-get failed (exit $rc)"
}

install_node_modules() {
    local engine
    # playwright-core (the browser tests) drives Debian's chromium: never download a browser.
    export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
    if [[ ! -d node_modules/@20minutes/s3rver ||
        package-lock.json -nt node_modules/.package-lock.json ]]; then
        step "installing node modules (npm ci)"
        engine=$(npm_engine_args)
        npm ci --no-audit --no-fund --loglevel=error ${engine:+"$engine"}
    fi
    vendor_admin_assets
}

# vendor_admin_assets -- the chart library the admin pages load, copied next to them from
# node_modules (static/admin/vendor/ is not committed; nothing is loaded from elsewhere).
vendor_admin_assets() {
    mkdir -p static/admin/vendor
    cp node_modules/uplot/dist/uPlot.iife.min.js node_modules/uplot/dist/uPlot.min.css static/admin/vendor/
}

# npm_engine_args -- npm ci's argument for this Node, if any. @20minutes/s3rver 4.x (and
# commander 14 under it) declare Node >= 20, but what s3rver does for us runs on the Node 18
# that Debian 12 ships (the end-to-end tests pass with it): on Node < 20 the declaration is not
# enforced, even when an npmrc sets engine-strict.
npm_engine_args() {
    local major
    major=$(node -p 'process.versions.node.split(".")[0]')
    ((major >= 20)) || printf '%s\n' --engine-strict=false
}

