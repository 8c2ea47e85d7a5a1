"""Control of the test stack's servers for the fault tests; not a test module.

The stack runs under $BILLBOARD_VAR (scripts/dev.sh): PostgreSQL's cluster in pgdata/, Redis
with its configuration in redis/redis.conf, multiwatch's pid in run/api.pid. Only processes
named by those files are ever signalled.
"""
import os
import signal
import subprocess
import time

import pytest
import requests

PG_BIN = "/usr/lib/postgresql/15/bin"


def var_dir():
    var = os.environ.get("BILLBOARD_VAR")
    if not var or not os.path.isdir(var):
        pytest.skip("BILLBOARD_VAR is not set: the fault tests need the stack's directory")
    return var


def _pid_from(path, name):
    with open(path) as f:
        pid = int(f.readline().strip())
    with open(f"/proc/{pid}/cmdline", "rb") as f:
        assert name.encode() in f.read(), f"pid {pid} from {path} is not {name}"
    return pid


def live_children(parent):
    """Pids of parent's children that are not zombies."""
    children = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        state, ppid = stat.rsplit(")", 1)[1].split()[:2]
        if int(ppid) == parent and state != "Z":
            children.append(int(entry))
    return sorted(children)


def workers():
    """The billboard-api worker pids (children of multiwatch)."""
    return live_children(_pid_from(os.path.join(var_dir(), "run", "api.pid"), "multiwatch"))


def rss_bytes(pid):
    with open(f"/proc/{pid}/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def kill_workers(count=None):
    pids = workers()
    for pid in pids[:count]:
        os.kill(pid, signal.SIGKILL)
    return pids[:count]


def kill_recorder():
    """SIGKILL of billboard-batch recorder (its supervisor starts it again a second later)."""
    path = os.path.join(var_dir(), "run", "recorder.pid")
    if not os.path.exists(path):
        return []
    pids = live_children(_pid_from(path, "supervise.sh"))
    for pid in pids:
        os.kill(pid, signal.SIGKILL)
    return pids


# --- PostgreSQL -------------------------------------------------------------------------


def _pg_ctl(*args):
    data = os.path.join(var_dir(), "pgdata")
    with open(os.path.join(var_dir(), "log", "postgres.log"), "ab") as log:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", f"{PG_BIN}/pg_ctl", *args, "-D", data],
            stdout=log, stderr=log, stdin=subprocess.DEVNULL, cwd="/", check=True, timeout=120,
        )


def pg_stop():
    _pg_ctl("stop", "-w", "-m", "immediate")


def pg_start():
    _pg_ctl("start", "-w", "-t", "60")


def pg_restart_immediate():
    _pg_ctl("restart", "-w", "-m", "immediate", "-t", "60")


# --- Redis ------------------------------------------------------------------------------


def redis_pid():
    return _pid_from(os.path.join(var_dir(), "run", "redis.pid"), "redis-server")


def redis_cli(*args):
    sock = os.path.join(var_dir(), "run", "redis.sock")
    return subprocess.run(["redis-cli", "-s", sock, *args], capture_output=True, text=True,
                          timeout=10)


def redis_kill():
    pid = redis_pid()
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while os.path.exists(f"/proc/{pid}") and time.monotonic() < deadline:
        time.sleep(0.05)


def redis_start():
    conf = os.path.join(var_dir(), "redis", "redis.conf")
    subprocess.run(["redis-server", conf], check=True, timeout=10)
    deadline = time.monotonic() + 10
    while redis_cli("ping").stdout.strip() != "PONG":
        assert time.monotonic() < deadline, "Redis did not come back"
        time.sleep(0.05)


# --- health -----------------------------------------------------------------------------


# Consecutive healthy answers that count as a healthy stack: more than the workers, so that
# each of them (some may still be backing off from a dependency) has answered.
HEALTHY_IN_A_ROW = 12


def wait_healthy(base_url, limit=30):
    """Seconds until GET /health answers 200 HEALTHY_IN_A_ROW times in a row (fails the test
    after `limit` seconds)."""
    start = time.monotonic()
    row = 0
    while row < HEALTHY_IN_A_ROW:
        try:
            ok = requests.get(base_url + "/health", timeout=2).status_code == 200
        except requests.RequestException:
            ok = False
        row = row + 1 if ok else 0
        assert time.monotonic() - start < limit, f"the stack was not healthy within {limit}s"
        if not ok:
            time.sleep(0.05)
    return time.monotonic() - start
