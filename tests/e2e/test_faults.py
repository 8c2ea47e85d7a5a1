"""Fault tests: no acknowledged event is lost, no 500, and the stack recovers quickly.

Under concurrent load of fresh clients (GET /ads, then clicks), each fault is injected in
turn: SIGKILL of one worker, SIGKILL of every worker, SIGKILL of the recorder (group commit),
Redis FLUSHALL, SIGKILL of Redis and a restart, and an immediate PostgreSQL restart. Afterwards what the API acknowledged (200 with
an ad, 204 for a click) is compared, per client, with the rows in PostgreSQL and with the
statistics. Outages may answer 503; nginx's 502 is allowed only for a request in flight in a
killed worker. The tally is printed and written to $BILLBOARD_VAR/log/faults.txt.
"""
import collections
import os
import random
import threading
import time
import uuid

import pytest
import requests

import stack_support as stack
from ads_support import pg_scalar, unique_location

THREADS = 4
LOAD_SECONDS = 1.5  # of load before and after each fault
RECOVERY_LIMIT = 5.0  # seconds from the end of a fault to a healthy stack
CAMPAIGNS = 5


class Load:
    """Threads that each make fresh clients, ask for an ad and click half of the ads."""

    def __init__(self, base_url, location):
        self.base_url = base_url
        self.location = location
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.statuses = collections.Counter()
        self.errors = collections.Counter()  # transport errors by kind
        self.impressions = set()  # (client_id, ad_id) answered 200
        self.clicks = set()  # (client_id, ad_id) answered 204
        self.clients = []
        self.threads = [threading.Thread(target=self.run, daemon=True) for _ in range(THREADS)]

    def call(self, session, method, path, what, **kwargs):
        try:
            resp = session.request(method, self.base_url + path, timeout=30, **kwargs)
        except requests.RequestException as e:
            with self.lock:
                self.errors[f"{what}: {type(e).__name__}"] += 1
            return None
        with self.lock:
            self.statuses[(what, resp.status_code)] += 1
        return resp

    def run(self):
        session = requests.Session()
        while not self.stop.is_set():
            client_id = str(uuid.uuid4())
            client = {"client_id": client_id, "login": "fault", "age": 30,
                      "location": self.location, "gender": "FEMALE"}
            resp = self.call(session, "POST", "/clients/bulk", "client", json=[client])
            if resp is None or resp.status_code != 201:
                continue
            with self.lock:
                self.clients.append(client_id)
            resp = self.call(session, "GET", f"/ads?client_id={client_id}", "ads")
            if resp is None or resp.status_code != 200:
                continue
            ad_id = resp.json()["ad_id"]
            with self.lock:
                self.impressions.add((client_id, ad_id))
            if random.random() < 0.5:
                resp = self.call(session, "POST", f"/ads/{ad_id}/click", "click",
                                 json={"client_id": client_id})
                if resp is not None and resp.status_code == 204:
                    with self.lock:
                        self.clicks.add((client_id, ad_id))

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for t in self.threads:
            t.join(timeout=60)


def rows(table, location):
    """(client_id, campaign_id) pairs of table for the clients of the load (all of them, and
    only they, live in `location`, a name this test made up), from PostgreSQL."""
    out = pg_scalar(f"SELECT string_agg(t.client_id || ':' || t.campaign_id, ' ') FROM {table} t "
                    f"JOIN clients c USING (client_id) WHERE c.location = '{location}'")
    return {tuple(pair.split(":")) for pair in out.split()} if out else set()


def test_faults_lose_nothing_and_never_answer_500(api, base_url, cx, adv, expect_json):
    stack.var_dir()
    stack.wait_healthy(base_url)
    location = unique_location()
    today = cx.today()
    campaigns = [
        cx.create(adv, start=today, length=30, impressions_limit=1_000_000,
                  clicks_limit=1_000_000, cost_per_impression=1000, cost_per_click=1000,
                  targeting={"location": location})["campaign_id"]
        for _ in range(CAMPAIGNS)
    ]
    faults = [
        ("SIGKILL one worker", lambda: stack.kill_workers(1)),
        ("SIGKILL every worker", lambda: stack.kill_workers()),
        ("SIGKILL the recorder", stack.kill_recorder),
        ("Redis FLUSHALL", lambda: stack.redis_cli("FLUSHALL")),
        ("SIGKILL Redis, restart", lambda: (stack.redis_kill(), time.sleep(0.5),
                                             stack.redis_start())),
        ("PostgreSQL restart -m immediate", stack.pg_restart_immediate),
    ]
    recovery = {}
    with Load(base_url, location) as load:
        time.sleep(LOAD_SECONDS)
        for name, inject in faults:
            inject()
            recovery[name] = stack.wait_healthy(base_url, limit=30)
            time.sleep(LOAD_SECONDS)
    stack.wait_healthy(base_url)

    assert load.clients, "the load made no client at all"
    stored_impressions = rows("impressions", location)
    stored_clicks = rows("clicks", location) | rows("unbilled_clicks", location)
    lost_impressions = load.impressions - stored_impressions
    lost_clicks = load.clicks - stored_clicks
    unacknowledged = stored_impressions - load.impressions
    by_status = collections.Counter()
    for (_, status), n in load.statuses.items():
        by_status[status] += n
    tally = (
        f"faults: clients={len(load.clients)} impressions acknowledged={len(load.impressions)} "
        f"stored={len(stored_impressions)} lost={len(lost_impressions)} "
        f"stored-unacknowledged={len(unacknowledged)}; clicks acknowledged={len(load.clicks)} "
        f"stored={len(stored_clicks)} lost={len(lost_clicks)}; statuses={dict(sorted(by_status.items()))} "
        f"({', '.join(f'{w} {s}: {n}' for (w, s), n in sorted(load.statuses.items()))}) "
        f"transport-errors={dict(load.errors)}; recovery="
        + ", ".join(f"{name}: {secs:.2f}s" for name, secs in recovery.items())
    )
    print(tally)
    with open(os.path.join(stack.var_dir(), "log", "faults.txt"), "a") as f:
        f.write(tally + "\n")

    assert not lost_impressions, f"acknowledged impressions missing in PostgreSQL: {tally}"
    assert not lost_clicks, f"acknowledged clicks missing in PostgreSQL: {tally}"
    assert by_status[500] == 0, f"answers 500 during faults: {tally}"
    assert set(by_status) <= {200, 201, 204, 404, 502, 503}, f"unexpected statuses: {tally}"
    slow = {name: secs for name, secs in recovery.items() if secs > RECOVERY_LIMIT}
    assert not slow, f"not healthy within {RECOVERY_LIMIT}s of a fault: {tally}"
    # An impression stored but never acknowledged is one whose answer was lost in flight: its
    # worker was killed (502), or its commit's reply was lost with PostgreSQL and the retry
    # found PostgreSQL still down (503).
    lost_in_flight = by_status[502] + load.statuses[("ads", 503)] + sum(load.errors.values())
    assert len(unacknowledged) <= lost_in_flight, tally

    # The statistics agree with the rows (no cache can make them disagree after faults).
    for campaign_id in campaigns:
        stats = expect_json(api.get(f"/stats/campaigns/{campaign_id}"), 200)
        count = int(pg_scalar(f"SELECT count(*) FROM impressions WHERE campaign_id = '{campaign_id}'"))
        clicks = int(pg_scalar(f"SELECT count(*) FROM clicks WHERE campaign_id = '{campaign_id}'"))
        assert (stats["impressions_count"], stats["clicks_count"]) == (count, clicks)
