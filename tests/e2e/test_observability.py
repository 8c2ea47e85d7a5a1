"""GET /metrics (summed over every worker, valid Prometheus text), X-Request-Id on every answer,
and the workers' log: one JSON object per line, carrying the request's id."""
import json
import os
import re
import shutil
import subprocess

import pytest

from ads_support import BIG, pg_scalar, unique_location
from test_images import SAMPLES, campaign, image_path, storage_down, upload, uploaded  # noqa: F401

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REQUEST_ID = re.compile(r"^[0-9a-f]{32}$")
SAMPLE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)$")


def scrape(api):
    resp = api.get("/metrics")
    assert resp.status_code == 200, resp.text[:300]
    assert resp.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    return resp.text


def samples(text):
    """{'name{labels}': value} of every sample line."""
    out = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        m = SAMPLE.match(line)
        assert m, f"not a sample line: {line!r}"
        out[(m.group(1) + (m.group(2) or ""))] = float(m.group(3))
    return out


def delta(before, after, key):
    return after.get(key, 0) - before.get(key, 0)


def test_metrics_pass_promtool(api, ads):
    # A little of everything first, so that every family has samples.
    ads.ad(ads.client(unique_location()))
    api.get("/no/such/endpoint")
    promtool = shutil.which("promtool")
    assert promtool, "promtool is missing (Debian package prometheus, in DEB_PACKAGES)"
    text = scrape(api)
    out = subprocess.run([promtool, "check", "metrics"], input=text, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stdout + out.stderr
    values = samples(text)
    assert values["billboard_postgres_up"] == 1
    for family in ("billboard_impressions_total", "billboard_spend_total",
                   'billboard_moderation_queue_items{state="open"}',
                   'billboard_jobs{status="PENDING"}',
                   'billboard_dependency_errors_total{dependency="postgres"}'):
        assert family in values, family
    # No ids in labels: every label value is a route pattern or a small fixed word.
    assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-", text)


def test_counts_are_summed_over_every_worker(api, ads):
    # Each request opens a new connection to nginx, which hands it to any worker. Campaigns
    # of other tests that target everyone may answer, so the answers are counted here too.
    requests_n = 24
    client = ads.client(unique_location())
    before = samples(scrape(api))
    answers = [ads.ad(client) for _ in range(requests_n)]
    after = samples(scrape(api))
    no_ad = sum(1 for a in answers if a is None)

    assert delta(before, after, "billboard_ads_requests_total") == requests_n
    assert delta(before, after, "billboard_ads_no_ad_total") == no_ad
    route = 'route="/ads",method="GET"'
    assert delta(before, after, f'billboard_http_requests_total{{{route},status="4xx"}}') == no_ad
    assert delta(before, after, f'billboard_http_requests_total{{{route},status="2xx"}}') == requests_n - no_ad
    assert delta(before, after, f"billboard_http_request_duration_seconds_count{{{route}}}") == requests_n
    # The histogram is cumulative and ends with every request.
    buckets = [v for k, v in after.items()
               if k.startswith(f"billboard_http_request_duration_seconds_bucket{{{route},")]
    assert buckets == sorted(buckets)
    assert buckets[-1] == after[f"billboard_http_request_duration_seconds_count{{{route}}}"]
    # PostgreSQL's totals, read at scrape time (nothing else runs meanwhile).
    assert after["billboard_impressions_total"] == float(
        pg_scalar("SELECT coalesce(sum(impressions), 0) FROM campaign_counters"))
    assert after["billboard_unbilled_clicks_total"] == float(pg_scalar("SELECT count(*) FROM unbilled_clicks"))


def test_spend_is_every_charged_price(api, ads):
    # Kept beside the counters (sql/021_counters_spend.sql), not summed over the events at
    # each scrape: two impressions and one billed click move it, a click past the clicks
    # limit (unbilled) does not, and it stays the sum of every price recorded with an event.
    location = unique_location()
    campaign = ads.campaign(ads.advertiser(), location, clicks_limit=1,
                            cost_per_impression=BIG, cost_per_click=2 * BIG)
    first, second = ads.clients(2, location)
    before = samples(scrape(api))
    ads.shown(first, campaign)
    ads.shown(second, campaign)
    ads.clicked(campaign, first)
    ads.clicked(campaign, second)  # beyond clicks_limit
    after = samples(scrape(api))
    assert delta(before, after, "billboard_spend_total") == pytest.approx(4 * BIG)
    assert ads.campaign_stats(campaign["campaign_id"])["spent_total"] == 4 * BIG
    cid = campaign["campaign_id"]
    assert pg_scalar(f"SELECT spend = {4 * BIG} FROM campaign_counters WHERE campaign_id = '{cid}'") == "t"
    # Exact, over every campaign of the session.
    assert pg_scalar("SELECT (SELECT sum(spend) FROM campaign_counters) = "
                     "(SELECT coalesce(sum(price), 0) FROM impressions) + "
                     "(SELECT coalesce(sum(price), 0) FROM clicks)") == "t"


def test_the_spend_backfill_agrees_with_the_counters(ads):
    # sql/022 recomputes every campaign's spend from its events; run again on a database whose
    # spend the event functions kept, it must change nothing (and so the two agree).
    location = unique_location()
    campaign = ads.campaign(ads.advertiser(), location)
    client = ads.client(location)
    ads.shown(client, campaign)
    ads.clicked(campaign, client)
    spends = "SELECT string_agg(campaign_id || '=' || spend, ',' ORDER BY campaign_id) FROM campaign_counters"
    before = pg_scalar(spends)
    with open(os.path.join(ROOT, "sql", "022_counters_spend_backfill.sql"), encoding="utf-8") as f:
        pg_scalar(f.read())
    assert pg_scalar(spends) == before
    assert f"{campaign['campaign_id']}={2 * BIG}." in before


def test_catalogue_rebuilds_are_counted(api, ads):
    before = samples(scrape(api))
    ads.campaign(ads.advertiser(), unique_location())  # a new catalogue version
    ads.ad(ads.client(unique_location()))
    after = samples(scrape(api))
    assert delta(before, after, "billboard_catalog_rebuilds_total") >= 1


@pytest.mark.parametrize("method,path", [
    ("GET", "/time"),                      # a worker's answer
    ("GET", "/no/such/endpoint"),          # the router's 404
    ("DELETE", "/time"),                   # the router's 405
    ("GET", "/media/nothing"),             # nginx's own JSON 404
    ("GET", "/admin/"),                    # a static file
])
def test_every_answer_carries_a_request_id(api, method, path):
    ids = set()
    for _ in range(3):
        resp = api.request(method, path)
        rid = resp.headers.get("X-Request-Id", "")
        assert REQUEST_ID.match(rid), f"{method} {path}: X-Request-Id {rid!r}"
        ids.add(rid)
    assert len(ids) == 3, "request ids repeat"


def api_log_lines():
    path = os.path.join(os.environ["BILLBOARD_VAR"], "log", "api.log")
    with open(path, encoding="utf-8", errors="strict") as f:
        return f.read().splitlines()


def test_a_failed_request_is_logged_with_its_id(api, uploaded, assert_error, storage_down):  # noqa: F811
    resp = api.delete(image_path(uploaded))
    assert_error(resp, 503)
    rid = resp.headers["X-Request-Id"]
    mine = [json.loads(line) for line in api_log_lines() if rid in line]
    assert mine, f"no log line with request id {rid}"
    assert all(r["request_id"] == rid and r["level"] in ("warn", "error") for r in mine), mine
    assert any("-> 503" in r["msg"] for r in mine), mine
    # The outage is counted too.
    values = samples(scrape(api))
    assert values['billboard_dependency_errors_total{dependency="object_storage"}'] >= 1


def test_log_lines_are_json_objects(api):
    # A client's bytes in a logged path cannot break the format (nginx decodes %0a).
    api.get("/ads", params={"client_id": "x"})
    records = [line for line in api_log_lines() if line.startswith("{")]
    assert records, "the workers logged nothing"
    for line in records:
        record = json.loads(line)
        assert {"ts", "pid", "level", "msg"} <= record.keys(), line
        assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", record["ts"]), line


def test_overview_fill_rate_is_the_share_of_ads_answered(api, ads, staff, expect_json):
    # The overview's fill rate reads the same shared counters as /metrics. Two scrapes around
    # the overview bound it: nothing else requests ads meanwhile in this suite's order.
    place = unique_location()
    ads.campaign(ads.advertiser(), place)  # so that this client is shown an ad
    client = ads.client(place)
    for _ in range(3):
        ads.ad(client)
    ads.ad(ads.client(unique_location()))  # nobody targets this place only: maybe no ad
    mod = staff.session("moderator")
    before = samples(scrape(api))
    rate = expect_json(mod.get("/admin/api/overview"), 200)["fill_rate"]
    after = samples(scrape(api))
    requests_n = after["billboard_ads_requests_total"]
    assert requests_n == before["billboard_ads_requests_total"]
    shown = requests_n - after["billboard_ads_no_ad_total"]
    assert isinstance(rate, float) and 0 < rate <= 1
    assert abs(rate - shown / requests_n) < 1e-9
