"""Ad-text generation (API.md §8): POST /generate/ad_text, GET .../result, and the runner
`billboard-batch jobs` with the built-in generator and with a language model (the stub
tests/e2e/adtext_stub.py): its scripted failures, a runner killed mid-job, two runners at once,
retention. The test stack runs no runner of its own: each test runs the ones it needs."""
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from admin_support import batch_path
from ads_support import pg_scalar

STUB = os.path.join(os.path.dirname(os.path.abspath(__file__)), "adtext_stub.py")
DONE_LINE = re.compile(r"^jobs: ([0-9a-f-]{36}) (SUCCESS|FAILURE) \(([^,]+), attempt (\d+)\)", re.M)
IN_FLIGHT_MAX = 5
RESULT_MAX = 400
MODEL = "stub-model"


def submit(api, body, key=None):
    headers = {"Idempotency-Key": key} if key is not None else {}
    return api.post("/generate/ad_text", json=body, headers=headers)


def accepted(api, body, key=None):
    resp = submit(api, body, key)
    assert resp.status_code == 202, resp.text
    data = resp.json()
    assert set(data) == {"task_id", "status"}
    uuid.UUID(data["task_id"])
    return data


def result(api, task_id):
    resp = api.get(f"/generate/ad_text/{task_id}/result")
    assert resp.status_code == 200, resp.text
    data = resp.json()
    assert set(data) == {"task_id", "status", "result", "error", "generator"}
    assert data["task_id"] == task_id
    return data


def runner_env(stub=None, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("BILLBOARD_LLM_")}
    if stub is not None:
        env.update(BILLBOARD_LLM_BASE_URL=f"http://127.0.0.1:{stub.port}/v1",
                   BILLBOARD_LLM_MODEL=MODEL, BILLBOARD_LLM_TIMEOUT_MS="1000",
                   BILLBOARD_LLM_ATTEMPTS="3", BILLBOARD_JOBS_DEADLINE_S="10")
    env.update({k: str(v) for k, v in extra.items()})
    return env


def run_once(stub=None, **extra):
    out = subprocess.run([batch_path(), "jobs", "--once"], capture_output=True, text=True,
                         timeout=120, env=runner_env(stub, **extra))
    assert out.returncode == 0, out.stdout + out.stderr
    return out.stdout


def finished(stdout):
    return [(m.group(1), m.group(2), m.group(3), int(m.group(4))) for m in DONE_LINE.finditer(stdout)]


def drain():
    """Runs whatever earlier tests left pending with the built-in generator."""
    run_once()
    assert pg_scalar("SELECT count(*) FROM jobs WHERE status = 'PENDING'") == "0"


def wait_status(api, task_id, want, timeout=20):
    deadline = time.monotonic() + timeout
    while True:
        data = result(api, task_id)
        if data["status"] in want or time.monotonic() > deadline:
            return data
        time.sleep(0.1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Stub:
    def __init__(self):
        self.port = free_port()
        self.proc = subprocess.Popen([sys.executable, STUB, str(self.port)],
                                     stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout.readline().strip() == "ready"

    def get(self, path):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=5) as r:
            return json.load(r)

    def tally(self):
        return self.get("/tally")

    def close(self):
        tally = self.tally()
        var = os.environ.get("BILLBOARD_VAR")
        if var and os.path.isdir(os.path.join(var, "log")):
            with open(os.path.join(var, "log", "adtext-stub-tally.jsonl"), "a") as f:
                f.write(json.dumps(tally, sort_keys=True) + "\n")
        self.proc.terminate()
        self.proc.wait(timeout=10)


@pytest.fixture
def stub():
    s = Stub()
    yield s
    s.close()


@pytest.fixture
def procs():
    """Runner processes started by a test; killed at the end if still alive."""
    started = []
    yield started
    for p in started:
        if p.poll() is None:
            p.kill()
            p.wait(timeout=10)


def tag():
    return uuid.uuid4().hex[:10]


# ---- validation ------------------------------------------------------------------------------

BAD_BODIES = [
    ({"advertiser_name": "Acme"}, "ad_title"),
    ({"advertiser_name": "Acme", "ad_title": ""}, "ad_title"),
    ({"advertiser_name": "Acme", "ad_title": "   "}, "ad_title"),
    ({"advertiser_name": "Acme", "ad_title": "x" * 201}, "ad_title"),
    ({"advertiser_name": "Acme", "ad_title": 42}, "ad_title"),
    ({"advertiser_name": "Acme", "ad_title": None}, "ad_title"),
    ({"advertiser_name": "", "ad_title": "Bread"}, "advertiser_name"),
    ({"advertiser_name": " \t", "ad_title": "Bread"}, "advertiser_name"),
    ({"advertiser_name": "n" * 201, "ad_title": "Bread"}, "advertiser_name"),
    ({"advertiser_name": ["Acme"], "ad_title": "Bread"}, "advertiser_name"),
    ({"ad_title": "Bread"}, "advertiser_"),
    ({"advertiser_name": "Acme", "advertiser_id": str(uuid.uuid4()), "ad_title": "Bread"},
     "advertiser_"),
    ({"advertiser_id": "not-a-uuid", "ad_title": "Bread"}, "advertiser_id"),
    ({"advertiser_id": 7, "ad_title": "Bread"}, "advertiser_id"),
    ([], "body"),
    ("Bread", "body"),
]


@pytest.mark.parametrize("body,field", BAD_BODIES)
def test_bad_bodies_answer_400_and_store_nothing(api, body, field):
    before = pg_scalar("SELECT count(*) FROM jobs")
    resp = api.post("/generate/ad_text", json=body)
    assert resp.status_code == 400, resp.text
    assert field in resp.json()["detail"]
    assert pg_scalar("SELECT count(*) FROM jobs") == before


def test_malformed_json_and_bad_keys_answer_400(api):
    assert api.post_raw("/generate/ad_text", '{"ad_title": ').status_code == 400
    body = {"advertiser_name": "Acme", "ad_title": "Bread " + tag()}
    for key in ("k" * 201, "with space", "ключ"):
        resp = api.post("/generate/ad_text", json=body,
                        headers={"Idempotency-Key": key.encode("utf-8")})
        assert resp.status_code == 400, resp.text
        assert "Idempotency-Key" in resp.json()["detail"]
    assert pg_scalar(f"SELECT count(*) FROM jobs WHERE ad_title = '{body['ad_title']}'") == "0"


def test_unknown_advertiser_404(api):
    missing = str(uuid.uuid4())
    resp = submit(api, {"advertiser_id": missing, "ad_title": "Bread"})
    assert resp.status_code == 404, resp.text
    assert missing in resp.json()["detail"]


def test_result_unknown_404_malformed_400(api):
    resp = api.get(f"/generate/ad_text/{uuid.uuid4()}/result")
    assert resp.status_code == 404, resp.text
    assert api.get("/generate/ad_text/not-a-uuid/result").status_code == 400
    assert api.post(f"/generate/ad_text/{uuid.uuid4()}/result").status_code == 405


# ---- idempotency and the in-flight limit ----------------------------------------------------------

def test_idempotency_key(api):
    name = "Idem " + tag()
    body = {"advertiser_name": name, "ad_title": "Fresh bread"}
    key = "key-" + tag()
    first = accepted(api, body, key)
    assert first["status"] == "PENDING"
    again = accepted(api, dict(reversed(list(body.items()))), key)  # same fields, other order
    assert again["task_id"] == first["task_id"]
    assert pg_scalar(f"SELECT count(*) FROM jobs WHERE advertiser_name = '{name}'") == "1"
    other = submit(api, {"advertiser_name": name, "ad_title": "Other bread"}, key)
    assert other.status_code == 422, other.text
    assert "Idempotency-Key" in other.json()["detail"]
    # Without a key, or with another key, the same body is a new task.
    assert accepted(api, body)["task_id"] != first["task_id"]
    assert accepted(api, body, key + "-2")["task_id"] != first["task_id"]
    drain()
    # After the work: the same key answers the same task, now finished.
    done = accepted(api, body, key)
    assert done == {"task_id": first["task_id"], "status": "SUCCESS"}


def test_in_flight_limit_429(api, create_advertiser):
    drain()
    name = "Busy " + tag()
    for i in range(IN_FLIGHT_MAX):
        accepted(api, {"advertiser_name": name, "ad_title": f"Title {i}"})
    resp = submit(api, {"advertiser_name": name, "ad_title": "One too many"})
    assert resp.status_code == 429, resp.text
    assert int(resp.headers["Retry-After"]) > 0
    assert pg_scalar(f"SELECT count(*) FROM jobs WHERE advertiser_name = '{name}'") == str(IN_FLIGHT_MAX)
    # Another advertiser is not held back; an idempotent replay of a stored task is not refused.
    accepted(api, {"advertiser_name": name + " other", "ad_title": "Title"})
    adv = create_advertiser()
    key = "busy-" + tag()
    tasks = [accepted(api, {"advertiser_id": adv["advertiser_id"], "ad_title": f"T{i}"},
                      key if i == 0 else None) for i in range(IN_FLIGHT_MAX)]
    resp = submit(api, {"advertiser_id": adv["advertiser_id"], "ad_title": "T9"})
    assert resp.status_code == 429
    assert accepted(api, {"advertiser_id": adv["advertiser_id"], "ad_title": "T0"}, key)["task_id"] == \
        tasks[0]["task_id"]
    drain()
    accepted(api, {"advertiser_name": name, "ad_title": "Now there is room"})
    drain()


def test_concurrent_requests_same_key_make_one_task(api, base_url):
    body = {"advertiser_name": "Race " + tag(), "ad_title": "Bread"}
    key = "race-" + tag()

    def post(_):
        return requests.post(base_url + "/generate/ad_text", json=body,
                             headers={"Idempotency-Key": key}, timeout=10)

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(post, range(8)))
    assert {a.status_code for a in answers} == {202}
    assert len({a.json()["task_id"] for a in answers}) == 1
    assert pg_scalar(f"SELECT count(*) FROM jobs WHERE idem_key = '{key}'") == "1"
    drain()


def test_concurrent_requests_respect_the_limit(api, base_url):
    drain()
    name = "Crowd " + tag()

    def post(i):
        return requests.post(base_url + "/generate/ad_text",
                             json={"advertiser_name": name, "ad_title": f"T{i}"}, timeout=10)

    with ThreadPoolExecutor(8) as pool:
        codes = sorted(a.status_code for a in pool.map(post, range(12)))
    assert codes == [202] * IN_FLIGHT_MAX + [429] * (12 - IN_FLIGHT_MAX)
    drain()


# ---- the built-in generator --------------------------------------------------------------------

def test_builtin_generator(api, create_advertiser):
    drain()
    adv = create_advertiser(name="Пекарня " + tag())
    ru = accepted(api, {"advertiser_id": adv["advertiser_id"], "ad_title": "Свежий хлеб каждое утро"})
    en_name = "Acme " + tag()
    en = accepted(api, {"advertiser_name": en_name, "ad_title": "Winter tyres"})
    assert result(api, ru["task_id"])["status"] == "PENDING"
    out = run_once()
    done = {t: (st, gen) for t, st, gen, _ in finished(out)}
    assert done[ru["task_id"]] == ("SUCCESS", "builtin")
    assert done[en["task_id"]] == ("SUCCESS", "builtin")
    r = result(api, ru["task_id"])
    assert r["status"] == "SUCCESS" and r["error"] is None and r["generator"] == "builtin"
    assert adv["name"] in r["result"] and "Свежий хлеб каждое утро" in r["result"]
    assert re.search("[а-яё]{4}", r["result"].replace(adv["name"], "").replace("Свежий хлеб каждое утро", ""))
    r = result(api, en["task_id"])
    assert en_name in r["result"] and "Winter tyres" in r["result"]
    assert not re.search("[а-яё]", r["result"])
    # Deterministic: the same inputs give the same text.
    again = accepted(api, {"advertiser_name": en_name, "ad_title": "Winter tyres"})
    run_once()
    assert result(api, again["task_id"])["result"] == r["result"]


def follow_runner(procs, poll_ms):
    """A built-in --follow runner, past its first pass (its start-up line and a moment)."""
    p = subprocess.Popen([batch_path(), "jobs", "--follow"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True,
                         env=runner_env(BILLBOARD_JOBS_POLL_MS=poll_ms))
    procs.append(p)
    assert "jobs: runner" in p.stderr.readline()
    time.sleep(0.5)
    return p


def stop_runner(p):
    """SIGTERM: the runner exits 0; the tasks it finished."""
    p.send_signal(signal.SIGTERM)
    out, err = p.communicate(timeout=10)
    assert p.returncode == 0, err
    return [t for t, *_ in finished(out)]


def test_follow_runner_wakes_on_notify(api, procs):
    drain()
    # A poll interval of a minute: only the NOTIFY can make the job finish within seconds.
    p = follow_runner(procs, 60000)
    task = accepted(api, {"advertiser_name": "Follow " + tag(), "ad_title": "Quick"})
    r = wait_status(api, task["task_id"], ("SUCCESS", "FAILURE"), timeout=5)
    assert r["status"] == "SUCCESS", r
    assert stop_runner(p) == [task["task_id"]]


def test_follow_runner_polls_when_no_notification_comes(api, procs):
    drain()
    p = follow_runner(procs, 300)
    # Stored behind the API's back: no NOTIFY, so only the poll finds it.
    task = str(uuid.uuid4())
    pg_scalar("INSERT INTO jobs (job_id, kind, input, advertiser_name, ad_title, owner) "
              f"VALUES ('{task}', 'ad_text', '{{}}', 'Quiet', 'Silent night', 'name:Quiet') RETURNING 1")
    r = wait_status(api, task, ("SUCCESS", "FAILURE"), timeout=5)
    assert r["status"] == "SUCCESS", r
    assert stop_runner(p) == [task]


def test_retention_removes_old_finished_jobs(api):
    drain()
    task = accepted(api, {"advertiser_name": "Old " + tag(), "ad_title": "Bread"})
    kept = accepted(api, {"advertiser_name": "New " + tag(), "ad_title": "Bread"})
    run_once()
    pg_scalar(f"UPDATE jobs SET finished_at = now() - interval '2 days' "
              f"WHERE job_id = '{task['task_id']}' RETURNING 1")
    out = run_once(BILLBOARD_JOBS_RETENTION_S=86400)
    assert re.search(r"[1-9]\d* purged", out), out
    assert api.get(f"/generate/ad_text/{task['task_id']}/result").status_code == 404
    assert result(api, kept["task_id"])["status"] == "SUCCESS"


# ---- the language model (stub) -----------------------------------------------------------------

EXPECT = {
    # scenario: (status, a piece of result or error, answers the stub began)
    "ok": ("SUCCESS", "Stub text in en. Order now!", {"200": 2}),  # and the Russian one
    "rate": ("SUCCESS", "Stub text in en. Order now!", {"429": 1, "200": 1}),
    "flaky": ("SUCCESS", "Stub text in en. Order now!", {"500": 1, "200": 1}),
    "stall": ("FAILURE", "timed out", {"sleep": 3}),
    "garbage": ("FAILURE", "not JSON", {"200": 1}),
    "huge": ("FAILURE", "exceeds", {"200": 1}),
    "quota": ("FAILURE", "insufficient quota", {"429": 1}),
    "long": ("SUCCESS", "Buy now! very very", {"200": 1}),
}


def test_llm_scenarios(api, stub):
    drain()
    tasks = {}
    for scenario in EXPECT:
        tasks[scenario] = accepted(api, {"advertiser_name": f"Stub {scenario} {tag()}",
                                         "ad_title": f"Gadget scenario={scenario}"})["task_id"]
    ru = accepted(api, {"advertiser_name": "Stub ru " + tag(),
                        "ad_title": "Новый гаджет scenario=ok"})["task_id"]
    start = time.monotonic()
    out = run_once(stub)
    assert time.monotonic() - start < 60
    done = {t: (st, gen) for t, st, gen, _ in finished(out)}
    tally = stub.tally()
    for scenario, (status, piece, answers) in EXPECT.items():
        r = result(api, tasks[scenario])
        assert r["status"] == status, (scenario, r)
        assert r["generator"] == MODEL
        assert done[tasks[scenario]] == (status, MODEL)
        if status == "SUCCESS":
            assert piece in r["result"] and r["error"] is None, (scenario, r)
            assert not re.search(r'[*"#`]', r["result"]), r["result"]
            assert len(r["result"]) <= RESULT_MAX
        else:
            assert r["result"] is None and piece in r["error"], (scenario, r)
        assert tally[scenario] == answers, (scenario, tally)
    long = result(api, tasks["long"])["result"]
    assert long.endswith("…") and len(long) > RESULT_MAX - 40
    assert result(api, ru)["result"] == "Stub text in ru. Order now!"


def kill_runner_mid_job(api, stub, procs, name, **env):
    """Submits a job the stub never answers, starts a runner on it, and SIGKILLs the runner
    while it waits for the model; the task id."""
    task = accepted(api, {"advertiser_name": name + " " + tag(),
                          "ad_title": "Gadget scenario=hang"})["task_id"]
    seen = stub.get("/seen")["seen"]
    runner = subprocess.Popen([batch_path(), "jobs", "--follow"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True,
                              env=runner_env(stub, BILLBOARD_LLM_TIMEOUT_MS=60000, **env))
    procs.append(runner)
    deadline = time.monotonic() + 10
    while stub.get("/seen")["seen"] == seen:
        assert time.monotonic() < deadline, "the runner never called the model"
        time.sleep(0.05)
    assert result(api, task)["status"] == "RUNNING"
    runner.kill()
    out, _ = runner.communicate(timeout=10)
    assert finished(out) == []
    return task


def test_runner_killed_mid_job_is_retried_once(api, stub, procs):
    drain()
    task = kill_runner_mid_job(api, stub, procs, "Killed", BILLBOARD_JOBS_LEASE_S=3)
    # Runner B (built-in) takes the job only once A's lease has expired.
    outputs = []
    deadline = time.monotonic() + 20
    while result(api, task)["status"] == "RUNNING":
        assert time.monotonic() < deadline, "the job was never retried"
        outputs.append(run_once(BILLBOARD_JOBS_LEASE_S=3))
        time.sleep(0.3)
    r = result(api, task)
    assert r["status"] == "SUCCESS" and r["generator"] == "builtin", r
    runs = [f for out in outputs for f in finished(out) if f[0] == task]
    assert runs == [(task, "SUCCESS", "builtin", 2)]
    assert pg_scalar(f"SELECT attempts FROM jobs WHERE job_id = '{task}'") == "2"


def test_runner_killed_every_attempt_fails_readably(api, stub, procs):
    drain()
    task = kill_runner_mid_job(api, stub, procs, "Doomed", BILLBOARD_JOBS_LEASE_S=2,
                               BILLBOARD_JOBS_ATTEMPTS=1)
    assert run_once(BILLBOARD_JOBS_ATTEMPTS=1).count(task) == 0  # the lease still holds
    time.sleep(2.5)
    run_once(BILLBOARD_JOBS_ATTEMPTS=1)
    r = result(api, task)
    assert r["status"] == "FAILURE", r
    assert "gave up after 1 attempts" in r["error"] and r["result"] is None


def test_concurrent_runners_never_run_the_same_job(api, stub, procs):
    drain()
    n, k = 60, 4
    # Instant answers: the runners spend their time claiming, where a race would show.
    tasks = {accepted(api, {"advertiser_name": f"Pair {i} {tag()}",
                            "ad_title": f"Gadget {i} scenario=quick"})["task_id"] for i in range(n)}
    runners = [subprocess.Popen([batch_path(), "jobs", "--once"], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, env=runner_env(stub))
               for _ in range(k)]
    procs.extend(runners)
    outs = [p.communicate(timeout=120)[0] for p in runners]
    assert all(p.returncode == 0 for p in runners)
    ran = [[t for t, *_ in finished(out)] for out in outs]
    assert sum(1 for r in ran if r) >= 2, f"the runners did not overlap: {ran}"
    assert sorted(sum(ran, [])) == sorted(tasks)  # each job once, by one runner
    assert stub.tally()["quick"] == {"200": n}
    for t in tasks:
        assert result(api, t)["status"] == "SUCCESS"
    ids = ",".join(f"'{t}'" for t in tasks)
    assert pg_scalar(f"SELECT max(attempts) FROM jobs WHERE job_id IN ({ids})") == "1"


def test_runner_past_its_lease_cannot_overwrite(api, stub, procs):
    """A runner frozen past its lease: another finishes the job; the first one's late outcome
    is discarded, so the job finishes exactly once."""
    drain()
    task = accepted(api, {"advertiser_name": "Frozen " + tag(),
                          "ad_title": "Gadget scenario=hang"})["task_id"]
    seen = stub.get("/seen")["seen"]
    a = subprocess.Popen([batch_path(), "jobs", "--follow"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True,
                         env=runner_env(stub, BILLBOARD_JOBS_LEASE_S=3, BILLBOARD_LLM_TIMEOUT_MS=60000,
                                        BILLBOARD_JOBS_POLL_MS=60000))
    procs.append(a)
    deadline = time.monotonic() + 10
    while stub.get("/seen")["seen"] == seen:
        assert time.monotonic() < deadline, "the runner never called the model"
        time.sleep(0.05)
    a.send_signal(signal.SIGSTOP)
    time.sleep(3.5)
    out = run_once(BILLBOARD_JOBS_LEASE_S=3)
    assert finished(out) == [(task, "SUCCESS", "builtin", 2)]
    before = result(api, task)
    a.send_signal(signal.SIGCONT)
    time.sleep(1.5)  # its model call is past the deadline: it gives up and tries to store that
    a.send_signal(signal.SIGTERM)
    out, err = a.communicate(timeout=10)
    assert a.returncode == 0, err
    assert finished(out) == []
    assert "1 lost" in out, out
    assert result(api, task) == before
