"""`billboard-batch moderate` (API.md §9, §11): classifying reports, screening campaigns, the LLM
classifier (against tests/e2e/llm_stub.py), concurrent runs and a run killed mid-batch."""
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from admin_support import batch, batch_path, reported
from ads_support import pg_scalar

SUMMARY = re.compile(r"moderate: (\d+) reports, (\d+) campaigns screened, (\d+) flagged, [\d.]+ s")
STUB = os.path.join(os.path.dirname(os.path.abspath(__file__)), "llm_stub.py")
MARKER = "zqxj-stub-flag"


def moderate(*args, env=None):
    out = batch("moderate", *args, timeout=300) if env is None else subprocess.run(
        [batch_path(), "moderate", *args], capture_output=True, text=True, timeout=300, env=env)
    assert out.returncode == 0, out.stdout + out.stderr
    m = SUMMARY.search(out.stdout)
    assert m, f"no summary line: {out.stdout!r}"
    return int(m.group(1)), int(m.group(2)), int(m.group(3)), out


def drain():
    """Classifies whatever earlier tests left, so a test counts only its own rows."""
    moderate()
    assert unclassified() == 0


def unclassified():
    return int(pg_scalar("SELECT count(*) FROM reports WHERE flagged IS NULL"))


def report_flags(campaign_id):
    return pg_scalar(f"SELECT string_agg(coalesce(flagged::text, 'null'), ',' ORDER BY created_at) "
                     f"FROM reports WHERE campaign_id = '{campaign_id}'")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Stub:
    def __init__(self, *knobs):
        self.port = free_port()
        self.proc = subprocess.Popen([sys.executable, STUB, str(self.port), *knobs],
                                     stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout.readline().strip() == "ready"

    def env(self, **extra):
        env = dict(os.environ, BILLBOARD_LLM_BASE_URL=f"http://127.0.0.1:{self.port}/v1",
                   BILLBOARD_LLM_TIMEOUT_MS="5000")
        env.update(extra)
        return env

    def count(self):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/count", timeout=5) as r:
            return json.load(r)["count"]

    def close(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


@pytest.fixture
def stub_factory():
    made = []

    def make(*knobs):
        stub = Stub(*knobs)
        made.append(stub)
        return stub

    yield make
    for stub in made:
        stub.close()


def test_reports_are_classified_and_flag_their_item(ads, api, staff, expect_json):
    drain()
    bad, _ = reported(ads, api, messages=["this ad is a fucking scam"])
    good, _ = reported(ads, api, messages=["the picture is blurry"])
    reports, _, flagged, out = moderate()
    assert reports == 2 and flagged >= 1, out.stdout
    assert report_flags(bad["campaign_id"]) == "true"
    assert report_flags(good["campaign_id"]) == "false"
    mod = staff.session("moderator")
    item = expect_json(mod.get(f"/admin/api/queue/{bad['campaign_id']}"), 200)
    assert item["flagged"] is True and item["reports"][0]["flagged"] is True
    assert expect_json(mod.get(f"/admin/api/queue/{good['campaign_id']}"), 200)["flagged"] is False
    # Nothing is classified twice.
    assert moderate()[0] == 0


def test_changed_campaign_texts_are_screened(ads, api, staff, expect_json, assert_error):
    drain()
    location = f"screen-{os.getpid()}-{time.monotonic_ns()}"
    advertiser = ads.advertiser()
    clean = ads.campaign(advertiser, location, ad_text="Fresh flowers every morning")
    offensive = ads.campaign(advertiser, location, ad_text="Я тебя убью, если не купишь")
    _, screened, _, out = moderate()
    assert screened >= 2, out.stdout
    mod = staff.session("moderator")
    item = expect_json(mod.get(f"/admin/api/queue/{offensive['campaign_id']}"), 200)
    assert item["source"] == "screening" and item["flagged"] is True and item["open_reports"] == 0
    assert_error(mod.get(f"/admin/api/queue/{clean['campaign_id']}"), 404)
    assert moderate()[1] == 0, "unchanged texts are not screened again"
    ads.update(clean, {"ad_text": "No blacks, no dogs"})
    _, screened, flagged, _ = moderate()
    assert screened == 1 and flagged == 1
    assert expect_json(mod.get(f"/admin/api/queue/{clean['campaign_id']}"), 200)["source"] == "screening"


def test_llm_classifier(ads, api, stub_factory):
    drain()
    stub = stub_factory()
    flagged_by_llm, _ = reported(ads, api, messages=[f"looks odd {MARKER}"])
    clean_by_llm, _ = reported(ads, api, messages=["this ad is a fucking scam"])
    reports, _, _, out = moderate(env=stub.env())
    assert reports == 2 and "llm" in out.stdout
    assert report_flags(flagged_by_llm["campaign_id"]) == "true"
    assert report_flags(clean_by_llm["campaign_id"]) == "false"  # the stub's verdict, not ours
    assert pg_scalar(f"SELECT category FROM reports WHERE campaign_id = '{flagged_by_llm['campaign_id']}'") == "threat"


def test_llm_retry_after_is_honoured(ads, api, stub_factory):
    drain()
    stub = stub_factory("--fail", "2")
    campaign, _ = reported(ads, api, messages=[f"{MARKER}"])
    started = time.monotonic()
    reports, _, _, out = moderate(env=stub.env())
    assert reports == 1 and "fallback" not in out.stdout, out.stdout + out.stderr
    assert time.monotonic() - started >= 2.0, "two 429 answers with Retry-After: 1"
    assert report_flags(campaign["campaign_id"]) == "true"


@pytest.mark.parametrize("knob", ["--garbage", "--huge"])
def test_llm_bad_answers_fall_back(ads, api, stub_factory, knob):
    drain()
    stub = stub_factory(knob)
    campaign, _ = reported(ads, api, messages=["this ad is a fucking scam"])
    reports, _, _, out = moderate(env=stub.env())
    assert reports == 1 and "fallback" in out.stdout
    assert report_flags(campaign["campaign_id"]) == "true"  # the built-in classifier's verdict


def test_llm_unreachable_falls_back(ads, api):
    drain()
    campaign, _ = reported(ads, api, messages=["the picture is blurry"])
    env = dict(os.environ, BILLBOARD_LLM_BASE_URL=f"http://127.0.0.1:{free_port()}/v1",
               BILLBOARD_LLM_ATTEMPTS="2")
    reports, _, _, out = moderate(env=env)
    assert reports == 1 and "fallback" in out.stdout
    assert report_flags(campaign["campaign_id"]) == "false"


def test_two_concurrent_runs_classify_each_report_once(ads, api, stub_factory):
    drain()
    made = [reported(ads, api, reports=6)[0] for _ in range(5)]
    assert unclassified() == 30
    stub = stub_factory("--delay", "0.05")
    env = stub.env()
    procs = [subprocess.Popen([batch_path(), "moderate", "--batch", "4"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), outs
    counts = [tuple(int(g) for g in SUMMARY.search(o[0]).groups()) for o in outs]
    assert sum(c[0] for c in counts) == 30, counts
    assert all(c[0] > 0 for c in counts), f"both runs should have worked: {counts}"
    # One model call per report and per screened campaign: nothing classified twice.
    assert stub.count() == sum(c[0] + c[1] for c in counts)
    assert unclassified() == 0
    for campaign in made:
        assert report_flags(campaign["campaign_id"]) == ",".join(["false"] * 6)


def test_run_killed_mid_batch_loses_nothing(ads, api, stub_factory):
    drain()
    campaigns = [reported(ads, api, reports=2)[0] for _ in range(3)]
    stub = stub_factory("--delay", "0.4")
    proc = subprocess.Popen([batch_path(), "moderate", "--batch", "10"], env=stub.env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while stub.count() < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert stub.count() >= 2, "the run should be inside its batch"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    # The batch died uncommitted: its reports are as they were.
    time.sleep(0.5)
    assert unclassified() == 6
    reports, _, _, _ = moderate()
    assert reports == 6 and unclassified() == 0
    for campaign in campaigns:
        assert report_flags(campaign["campaign_id"]) == "false,false"
