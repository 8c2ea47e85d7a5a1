#!/usr/bin/env bash
# build-check.sh -- runs the build stage of docker/Dockerfile on this machine, without Docker:
# the stage's commands (autoreconf, configure, make, make check, make install-strip) in a
# scratch copy of the checkout, with GLPK hidden from configure as it is absent from the
# stage's package list. Checks that every package of that list exists in the Debian archive.
#
#   docker/build-check.sh [SCRATCH_DIR]     (default: a new directory under /tmp, removed after)
#
# Needs the build stage's packages installed (scripts/dev.sh installs a superset).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
DOCKERFILE=$ROOT/docker/Dockerfile

die() {
    printf 'build-check.sh: error: %s\n' "$*" >&2
    exit 1
}

if (($#)); then
    SCRATCH=$(mkdir -p "$1" && cd "$1" && pwd -P)
else
    SCRATCH=$(mktemp -d /tmp/billboard-build-check.XXXXXX)
    trap 'rm -rf "$SCRATCH"' EXIT
fi

# The build stage's instructions, one a line: from "FROM ... AS build" to the next FROM, with
# continuation lines joined and comments dropped.
stage=$(awk '/^FROM .* AS build/ { on = 1; next } /^FROM / { on = 0 } on' "$DOCKERFILE" |
    grep -v '^[[:space:]]*#' | sed -e ':a' -e '/\\$/{N; s/\\\n//; ba}')
[[ -n $stage ]] || die "no build stage (FROM ... AS build) in $DOCKERFILE"

# The packages: each must be known to apt (a misspelt or non-Debian package fails the image).
packages=$(sed -n 's/.*apt-get install -y --no-install-recommends\([^&]*\).*/\1/p' <<<"$stage")
[[ -n $packages ]] || die "no apt-get install line in the build stage"
for pkg in $packages; do
    apt-cache show "$pkg" >/dev/null 2>&1 || die "package $pkg (Dockerfile build stage) is not in the Debian archive"
    # As in scripts/dev.sh: Node.js from elsewhere brings its own npm, which then counts.
    case $pkg in
    nodejs | npm) command -v "${pkg/nodejs/node}" >/dev/null && continue ;;
    esac
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' ||
        die "package $pkg is not installed here: install the build stage's packages first"
done

# COPY . . -- what the build context holds: the files git tracks or would track.
mkdir -p "$SCRATCH/src"
(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard |
    xargs -0 cp -p --parents -t "$SCRATCH/src" 2>/dev/null) || true
[[ -f $SCRATCH/src/configure.ac ]] || die "could not copy the checkout to $SCRATCH/src"

# GLPK is not in the stage's package list: configure must not find it here either.
export ac_cv_header_glpk_h=no ac_cv_lib_glpk_glp_create_prob=no

n=0
while IFS= read -r line; do
    [[ $line == RUN* ]] || continue
    cmd=${line#RUN }
    [[ $cmd == *apt-get* ]] && continue
    cmd=${cmd//DESTDIR=\/staging/DESTDIR=$SCRATCH/staging}
    n=$((n + 1))
    printf '==> build stage command %d: %s\n' "$n" "$cmd"
    (cd "$SCRATCH/src" && sh -ec "$cmd") || die "build stage command $n failed: $cmd"
done <<<"$stage"
((n > 0)) || die "no build command in the build stage"

for bin in billboard-api billboard-batch; do
    [[ -x $SCRATCH/staging/usr/local/bin/$bin ]] || die "the build stage installed no $bin"
done
[[ -x $SCRATCH/staging/usr/local/bin/billboard-bot ]] || die "the build stage installed no billboard-bot"
printf 'build-check.sh: the Dockerfile build stage works here (%d commands)\n' "$n"
