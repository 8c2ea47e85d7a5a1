"""Worker pool: multiwatch replaces a killed FastCGI worker and service resumes.

Needs BILLBOARD_VAR (the stack's var directory): $BILLBOARD_VAR/run/api.pid holds
the pid of multiwatch, whose children are the billboard-api worker processes.
"""
import os
import signal
import time

import pytest
import requests

from stack_support import live_children

RECOVERY_SECONDS = 10  # multiwatch restarts a dead child after ~1 s; 10 s is a generous bound


def multiwatch_pid():
    var = os.environ.get("BILLBOARD_VAR")
    if not var:
        pytest.skip("BILLBOARD_VAR is not set: cannot find the multiwatch pid file")
    pid_file = os.path.join(var, "run", "api.pid")
    assert os.path.exists(pid_file), f"{pid_file} does not exist: is the stack running?"
    with open(pid_file) as f:
        pid = int(f.read().strip())
    assert os.path.exists(f"/proc/{pid}"), f"multiwatch pid {pid} from {pid_file} is not running"
    return pid


def answers(api):
    try:
        return api.get("/health", timeout=2).status_code == 200
    except requests.RequestException:
        return False


def test_killed_worker_is_replaced_and_service_resumes(api, make_client, expect_json):
    parent = multiwatch_pid()
    before = live_children(parent)
    assert before, f"multiwatch (pid {parent}) has no worker children"
    assert answers(api), "the stack does not answer GET /health before the test"

    victim = before[0]
    try:
        os.kill(victim, signal.SIGKILL)
    except PermissionError:
        pytest.skip(f"not allowed to signal worker pid {victim}")

    deadline = time.monotonic() + RECOVERY_SECONDS
    while True:
        ok = answers(api)
        now = live_children(parent)
        if ok and len(now) == len(before) and victim not in now:
            break
        assert time.monotonic() < deadline, (
            f"{RECOVERY_SECONDS}s after killing worker {victim}: health answers={ok}, "
            f"workers before={before}, now={now}"
        )
        time.sleep(0.1)

    # 50 sequential requests that touch the database, all answered.
    for _ in range(25):
        client = make_client()
        assert expect_json(api.post("/clients/bulk", json=[client]), 201) == [client]
        assert expect_json(api.get(f"/clients/{client['client_id']}"), 200) == client
