#!/bin/sh
# sim.sh -- the ranking scoreboard: billboard-sim on a fixed set of seeds, in-process, for
# our ranking ("ours") and the two baselines, each against the LP upper bound. Prints one table
# (policy x seed) and, last, one line:
#   summary: revenue_vs_bound=<min over seeds of ours' expected revenue / bound>
#            max_overshoot=<max over seeds and campaigns of ours' overshoot>
# It builds nothing: it runs ${BILLBOARD_BUILD:-build}/billboard-sim (relative to the checkout
# unless absolute). SIM_SEEDS (default "1 2 3 4 5 6 7 8") and SIM_JOBS (parallel runs,
# default 2) may be set; other arguments are passed to billboard-sim.
set -eu

here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
top=$(dirname -- "$here")
build=${BILLBOARD_BUILD:-build}
case $build in
/*) ;;
*) build=$top/$build ;;
esac
sim=$build/billboard-sim
if [ ! -x "$sim" ]; then
	echo "sim.sh: $sim is missing; build it first (make billboard-sim in the build" \
	    "directory) or point BILLBOARD_BUILD at the build directory" >&2
	exit 1
fi
seeds=${SIM_SEEDS:-1 2 3 4 5 6 7 8}
jobs=${SIM_JOBS:-2}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# One run per seed, $jobs at a time; a failed run leaves its seed in $tmp/failed.
printf '%s\n' $seeds | xargs -P "$jobs" -I '{}' sh -c \
    'sim=$1 s=$2 t=$3; shift 3
	"$sim" --seed "$s" --bound --policy all "$@" >"$t/$s.out" 2>"$t/$s.err" ||
	    echo "$s" >>"$t/failed"' sh "$sim" '{}' "$tmp" "$@"
if [ -s "$tmp/failed" ]; then
	for s in $(cat "$tmp/failed"); do
		echo "sim.sh: billboard-sim --seed $s failed:" >&2
		cat "$tmp/$s.err" >&2
	done
	exit 1
fi

for s in $seeds; do
	cat "$tmp/$s.out"
done | awk '
/^# world:/ {
	for (i = 3; i <= NF; i++)
		if ($i ~ /^seed=/)
			seed = substr($i, 6)
	next
}
/^# lp:/ {
	for (i = 3; i <= NF; i++) {
		split($i, kv, "=")
		lp[seed, kv[1]] = kv[2]
	}
	next
}
/^#/ || NF == 0 { next }
{
	p = $1; s = $2
	if (!(p in seen)) { seen[p] = 1; order[++npol] = p }
	if (!(s in sseen)) { sseen[s] = 1; sorder[++nseed] = s }
	rev[p, s] = $3; exp_[p, s] = $4; bnd[p, s] = $5
	rel[p, s] = $7; fill[p, s] = $8; over[p, s] = $9; over5[p, s] = $10
}
END {
	if (npol == 0) {
		print "sim.sh: billboard-sim printed no results" > "/dev/stderr"
		exit 1
	}
	printf "%-6s %4s %11s %11s %11s %7s %9s %6s %8s %5s\n", "policy", "seed", "revenue",
	    "expected", "bound", "%bound", "relevance", "fill", "max_over", "over5"
	for (a = 1; a <= npol; a++) {
		p = order[a]
		sr = sb = srel = 0; mo = 0; minr = 2
		for (b = 1; b <= nseed; b++) {
			s = sorder[b]
			r = bnd[p, s] > 0 ? exp_[p, s] / bnd[p, s] : 0
			printf "%-6s %4s %11.2f %11.2f %11.2f %6.1f%% %9.4f %6.4f %8.4f %5d\n", p, s,
			    rev[p, s], exp_[p, s], bnd[p, s], 100 * r, rel[p, s], fill[p, s],
			    over[p, s], over5[p, s]
			sr += rev[p, s]; sb += r; srel += rel[p, s]
			if (over[p, s] > mo) mo = over[p, s]
			if (r < minr) minr = r
		}
		printf "%-6s %4s %11.2f %11s %11s %6.1f%% %9.4f %6s %8.4f %5s  (min %%bound %.1f%%)\n",
		    p, "mean", sr / nseed, "", "", 100 * sb / nseed, srel / nseed, "", mo, "",
		    100 * minr
		if (p == "ours") { ours_min = minr; ours_over = mo; have_ours = 1 }
	}
	printf "lp solve time (s):"
	for (b = 1; b <= nseed; b++)
		printf " %s=%s", sorder[b], lp[sorder[b], "solve_s"]
	printf "\n"
	if (!have_ours) {
		print "sim.sh: no results for policy ours" > "/dev/stderr"
		exit 1
	}
	printf "summary: revenue_vs_bound=%.3f max_overshoot=%.3f\n", ours_min, ours_over
}'
