"""billboard-sim's relevance-constrained LP bound (bench/sim_lp.c, --bound-relevance).

Runs $BILLBOARD_BUILD/billboard-sim (set by scripts/dev.sh test) on small worlds; needs no
stack. The simulator is built when GLPK is there (libglpk-dev is in dev.sh's packages).
"""
import os
import re
import subprocess

import pytest

# Small worlds: each LP solves in well under a second, also under the sanitizers.
SMALL = ("--clients", "60", "--campaigns", "8", "--days", "5")
# Families whose LP differs: no repeat columns, clickable repeats, several requests a day.
FAMILIES = {
    "today": (),
    "repeat1": ("--repeat-click", "1"),
    "blackbox": ("--scores", "lognormal", "--click-by", "percentile", "--repeat-click", "0.3",
                 "--traffic", "3"),
}
SEEDS = ("1", "11")


def sim_path():
    build = os.environ.get("BILLBOARD_BUILD")
    if not build:
        pytest.skip("BILLBOARD_BUILD is not set (scripts/dev.sh test sets it)")
    path = os.path.join(build, "billboard-sim")
    if not os.access(path, os.X_OK):
        pytest.skip(f"{path} is not built (configure found no GLPK)")
    return path


def sim(*args, check=True):
    return subprocess.run((sim_path(),) + args, check=check, capture_output=True, text=True,
                          timeout=300)


def fields(line):
    return dict(kv.split("=", 1) for kv in line.split() if "=" in kv)


def lp_bound(out):
    m = re.search(r"^# lp: .*\bbound=([0-9.]+)", out, re.M)
    assert m, out
    return float(m.group(1))


def frontier(out):
    return [fields(line) for line in out.splitlines() if line.startswith("# lp_rel: ")]


def policies(out):
    """policy -> (expected, percentile, served) of each result line."""
    requests = int(re.search(r"^# world: .*\brequests=(\d+)", out, re.M).group(1))
    rows = {}
    for line in out.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        col = line.split()
        rows[col[0]] = (float(col[3]), float(col[7]), round(float(col[8]) * requests))
    return rows


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("family", FAMILIES)
def test_floor_zero_is_the_unconstrained_bound(family, seed):
    """R = 0 without a fill row: the answer-only repeats change nothing."""
    out = sim("--seed", seed, "--bound", "--policy", "v2", "--bound-relevance", "0", *SMALL,
              *FAMILIES[family]).stdout
    (point,) = frontier(out)
    assert point["status"] == "optimal"
    assert abs(float(point["bound"]) - lp_bound(out)) <= 0.01, out


@pytest.mark.parametrize("family", FAMILIES)
def test_floors_cost_revenue_and_one_is_out_of_reach(family):
    """Bounds fall as R rises; R = 1 with v2's fill is infeasible, without it far lower."""
    out = sim("--seed", "1", "--bound", "--policy", "v2", "--bound-relevance",
              "0,0.3,0.5,0.7,1", "--bound-fill", "v2", *SMALL, *FAMILIES[family]).stdout
    points = frontier(out)
    assert [p["status"] for p in points][-1] == "infeasible", out
    bounds = [float(p["bound"]) for p in points if p["status"] == "optimal"]
    assert bounds == sorted(bounds, reverse=True), out
    for p in points:
        if p["status"] == "optimal":
            assert float(p["relevance"]) >= float(p["R"]) - 1e-6, p
            assert float(p["answers"]) >= float(p["min_answers"]) - 1e-6, p

    out = sim("--seed", "1", "--bound", "--policy", "v2", "--bound-relevance", "1", *SMALL,
              *FAMILIES[family]).stdout
    (point,) = frontier(out)
    assert point["status"] == "optimal" and float(point["relevance"]) > 0.999, point
    assert float(point["bound"]) < 0.75 * lp_bound(out), out


@pytest.mark.parametrize("family", FAMILIES)
def test_bound_covers_every_policy_at_its_own_relevance(family):
    """Each policy, played, is a point the LP admits: its own relevance and fill as floors."""
    out = sim("--seed", "1", "--policy", "all", *SMALL, *FAMILIES[family]).stdout
    for name, (expected, percentile, served) in policies(out).items():
        floor = max(0.0, percentile - 0.0001)  # printed to 4 decimals
        run = sim("--seed", "1", "--policy", "v2", "--bound-relevance", f"{floor:.4f}",
                  "--bound-fill", str(served), *SMALL, *FAMILIES[family]).stdout
        (point,) = frontier(run)
        assert point["status"] == "optimal", (name, run)
        assert float(point["bound"]) >= expected - 0.01, (name, expected, run)


@pytest.mark.parametrize("seed,extra,scaled", [
    ("11", (), False),  # the baseline's percentile is below 0.75: the floor is 0.60
    ("1", ("--advertisers", "4"), True),  # above 0.75: the floor is 80% of it
])
def test_target_floor_is_the_issues_relevance_target(seed, extra, scaled):
    """"target" is 0.60 or 80% of the most-relevant baseline's percentile, the larger."""
    out = sim("--seed", seed, "--policy", "all", "--bound-relevance", "target,0.6",
              "--bound-fill", "v2", *SMALL, *extra).stdout
    relevant = policies(out)["relevant"][1]
    target, given = frontier(out)
    assert target["from"] == "target" and given["from"] == "given", out
    assert (0.80 * relevant > 0.60) == scaled, relevant
    assert abs(float(target["R"]) - max(0.60, 0.80 * relevant)) <= 1e-4, (relevant, target)
    if scaled:  # a higher floor: a bound no higher, met by the LP's own answers
        assert target["status"] == given["status"] == "optimal", out
        assert float(target["bound"]) <= float(given["bound"]), out
        assert float(target["relevance"]) >= float(target["R"]) - 1e-4, target
    else:
        assert target["R"] == given["R"] and target["status"] == given["status"], out


@pytest.mark.parametrize("args", [
    ("--bound-fill", "v2"),
    ("--bound-relevance", "1.5"),
    ("--bound-relevance", "0.5,,0.6"),
    ("--bound-relevance", "0.5,"),
    ("--bound-relevance", "best"),
    ("--bound-relevance", "0.5", "--bound-fill", "-3"),
    ("--bound-relevance", "0.5", "--mode", "http"),
])
def test_bad_frontier_flags_are_refused(args):
    res = sim(*args, *SMALL, check=False)
    assert res.returncode == 2, res
    assert "billboard-sim:" in res.stderr and res.stdout == ""
