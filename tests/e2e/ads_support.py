"""Helpers shared by the ads, clicks and statistics e2e modules (API.md §4, §5); not a test module.

The stack is shared: other tests create campaigns (some without any targeting, which match
every client, priced up to 1e9 per impression) and move the clock. So every test here:

- makes its own advertiser and clients (random UUIDs) and targets its campaigns at a unique
  random `location` that only its own clients have, so that its campaigns reach nobody else;
- prices the campaigns it wants shown at BIG (1e11 per impression and per click, 100 times
  anything other tests create), so that whenever one of them is eligible it wins the ranking
  on price alone (revenue first; even as a free repeat its expected click revenue, 2% of
  1e11, beats a 1e9 impression), and when it is not shown the only explanation is that it is
  not eligible;
- keeps every advertiser's total spending below 1e12 (the largest single price), so the
  statistics' sums never reach a range the server is not meant to handle in these tests;
- reads the day from GET /time and only ever moves it forward by a day or two.

Only the tests about relevance itself (test_ads.py::test_ml_score_*, test_redis_flush.py) need
the ML scores to decide: everywhere else a campaign of the test wins on price alone, with
the client's relevance at 0.
"""
import json
import os
import re
import shutil
import subprocess
import uuid
from decimal import ROUND_HALF_UP, Decimal

import pytest

from campaign_support import LOWER_UUID, MONEY_TOKEN, Campaigns

# A price that outbids every campaign other tests create (they go up to 1e9 per impression).
BIG = 10**11
# The largest price: as a click price it keeps a cheap impression on top (at relevance 0 the
# expected click revenue is 2% of it), in tests where nobody clicks.
TOP = 10**12
NO_AD = "no ad available"

AD_FIELDS = ["ad_id", "advertiser_id", "ad_title", "ad_text", "ad_image"]
STAT_FIELDS = [
    "impressions_count",
    "clicks_count",
    "conversion",
    "spent_impressions",
    "spent_clicks",
    "spent_total",
]
MONEY_STAT_FIELDS = ["spent_impressions", "spent_clicks", "spent_total"]
CONVERSION_TOKEN = re.compile(r"\d+(\.\d{1,2})?")
INT_TOKEN = re.compile(r"\d+")

PSQL = "/usr/lib/postgresql/15/bin/psql"


def unique_location():
    return f"ads-e2e-{uuid.uuid4().hex}"


def describe(resp):
    return f"{resp.request.method} {resp.request.path_url} -> {resp.status_code} {resp.text[:300]!r}"


def conversion_of(clicks, impressions):
    """clicks / impressions * 100 rounded to two decimals (0 without impressions)."""
    if impressions == 0:
        return Decimal(0)
    return (Decimal(clicks) * 100 / Decimal(impressions)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def stat(impressions=0, clicks=0, spent_impressions=0, spent_clicks=0, date=None):
    """The stat object the server must return, with money as Decimal."""
    si, sc = Decimal(str(spent_impressions)), Decimal(str(spent_clicks))
    row = {
        "impressions_count": impressions,
        "clicks_count": clicks,
        "conversion": conversion_of(clicks, impressions),
        "spent_impressions": si,
        "spent_clicks": sc,
        "spent_total": si + sc,
    }
    if date is not None:
        row["date"] = date
    return row


def zero_days(first, last):
    return [stat(date=day) for day in range(first, last + 1)]


# --- PostgreSQL and Redis, for the tests that look behind the API -------------------------


def pg_dsn():
    return os.environ.get("BILLBOARD_PG_DSN")


def pg_scalar(sql):
    """One value of a query run with psql against the stack's PostgreSQL (skip if unknown)."""
    dsn = pg_dsn()
    if not dsn:
        pytest.skip("BILLBOARD_PG_DSN is not set")
    psql = PSQL if os.path.exists(PSQL) else shutil.which("psql")
    if psql is None:
        pytest.skip("psql is not installed")
    out = subprocess.run([psql, dsn, "-Atc", sql], capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, f"psql failed: {out.stderr.strip()}"
    return out.stdout.strip()


def pg_count(table, campaign_id):
    assert LOWER_UUID.fullmatch(campaign_id)
    return int(pg_scalar(f"SELECT count(*) FROM {table} WHERE campaign_id = '{campaign_id}'"))


def redis_flushall():
    sock = os.environ.get("BILLBOARD_REDIS_SOCKET")
    if not sock:
        pytest.skip("BILLBOARD_REDIS_SOCKET is not set")
    cli = shutil.which("redis-cli")
    if cli is None:
        pytest.skip("redis-cli is not installed")
    out = subprocess.run([cli, "-s", sock, "FLUSHALL"], capture_output=True, text=True, timeout=30)
    assert out.returncode == 0 and out.stdout.strip() == "OK", f"FLUSHALL: {out.stdout!r} {out.stderr!r}"


# --- the API -----------------------------------------------------------------------------


class Ads:
    """Advertisers, targeted campaigns, clients, ads, clicks and statistics, all checked."""

    def __init__(self, api, expect_json, assert_error):
        self.api = api
        self.expect_json = expect_json
        self.assert_error = assert_error
        self.cx = Campaigns(api, expect_json, assert_error)

    # --- time -----------------------------------------------------------------------

    def today(self):
        return self.cx.today()

    def advance(self, days=1):
        """Moves the clock `days` forward from today; returns the new day."""
        target = self.today() + days
        now = self.cx.advance_to(target)
        assert now == target, f"the clock moved past {target} meanwhile (now {now})"
        return now

    # --- entities -------------------------------------------------------------------

    def advertiser(self):
        advertiser_id = str(uuid.uuid4())
        body = [{"advertiser_id": advertiser_id, "name": f"ads-e2e-{advertiser_id[:8]}"}]
        self.expect_json(self.api.post("/advertisers/bulk", json=body), 201)
        return advertiser_id

    def campaign(self, advertiser_id, location, start=None, end=None, **fields):
        """A campaign targeted at `location` (plus `targeting` keys given in fields), priced BIG.

        start defaults to today, end to start; pass targeting=... to replace the whole
        targeting (then `location` is only a default for it).
        """
        if start is None:
            start = self.today()
        if end is None:
            end = start
        targeting = {"location": location}
        targeting.update(fields.pop("targeting", {}))
        body = {
            "impressions_limit": 1000,
            "clicks_limit": 1000,
            "cost_per_impression": BIG,
            "cost_per_click": BIG,
            "ad_title": f"title {uuid.uuid4().hex[:8]}",
            "ad_text": f"text {uuid.uuid4().hex}",
            "start_date": start,
            "end_date": end,
            "targeting": targeting,
        }
        body.update(fields)
        return self.expect_json(self.cx.post(advertiser_id, body), 201)

    def update(self, campaign, body):
        return self.cx.updated(campaign["advertiser_id"], campaign["campaign_id"], body)

    def delete(self, campaign):
        resp = self.cx.delete(campaign["advertiser_id"], campaign["campaign_id"])
        assert resp.status_code == 204, describe(resp)

    def clients(self, n, location, scored=(), **fields):
        """n stored clients in `location` (fields override), each with score 100 for the
        advertisers in `scored`; returns their ids."""
        items = []
        for _ in range(n):
            client = {
                "client_id": str(uuid.uuid4()),
                "login": f"login-{uuid.uuid4().hex[:12]}",
                "age": 30,
                "location": location,
                "gender": "FEMALE",
            }
            client.update(fields)
            items.append(client)
        if items:
            self.expect_json(self.api.post("/clients/bulk", json=items), 201)
        for client in items:
            for advertiser_id in scored:
                self.score(client["client_id"], advertiser_id, 100)
        return [client["client_id"] for client in items]

    def client(self, location, scored=(), **fields):
        (client_id,) = self.clients(1, location, scored, **fields)
        return client_id

    def score(self, client_id, advertiser_id, score):
        body = {"client_id": client_id, "advertiser_id": advertiser_id, "score": score}
        assert self.expect_json(self.api.post("/ml-scores", json=body), 200) == body

    # --- ads and clicks -------------------------------------------------------------

    def show(self, client_id):
        return self.api.get("/ads", params={"client_id": client_id})

    def ad(self, client_id):
        """GET /ads for the client: the ad (shape checked), or None for 404 "no ad available"."""
        resp = self.show(client_id)
        if resp.status_code == 404:
            detail = self.assert_error(resp, 404)
            assert detail == NO_AD, f"404 for a known client must be {NO_AD!r}: {describe(resp)}"
            return None
        ad = self.expect_json(resp, 200)
        assert_ad_shape(ad)
        return ad

    def ad_id(self, client_id):
        ad = self.ad(client_id)
        return None if ad is None else ad["ad_id"]

    def shown(self, client_id, campaign):
        """GET /ads must return this campaign's ad (checked field by field)."""
        ad = self.ad(client_id)
        assert ad is not None and ad["ad_id"] == campaign["campaign_id"], (
            f"client {client_id} should get campaign {campaign['campaign_id']}, got {ad}"
        )
        assert ad == ad_of(campaign)
        return ad

    def not_shown(self, client_id, campaign):
        """GET /ads must not return this campaign (another ad or no ad at all is fine)."""
        ad = self.ad(client_id)
        assert ad is None or ad["ad_id"] != campaign["campaign_id"], (
            f"client {client_id} must not get campaign {campaign['campaign_id']}: {ad}"
        )
        return ad

    def click(self, ad_id, client_id):
        return self.api.post(f"/ads/{ad_id}/click", json={"client_id": client_id})

    def clicked(self, campaign, client_id):
        resp = self.click(campaign["campaign_id"], client_id)
        assert resp.status_code == 204, describe(resp)
        assert resp.content == b"", f"204 with a body: {describe(resp)}"

    # --- statistics -----------------------------------------------------------------

    def _stat_rows(self, path, daily):
        resp = self.api.get(path)
        self.expect_json(resp, 200)
        body = json.loads(resp.text, parse_float=str, parse_int=str)
        rows = body if daily else [body]
        assert isinstance(rows, list), f"daily stats must be an array: {describe(resp)}"
        return [parse_stat(row, daily, path) for row in rows]

    def campaign_stats(self, campaign_id):
        return self._stat_rows(f"/stats/campaigns/{campaign_id}", False)[0]

    def campaign_daily(self, campaign_id):
        return self._stat_rows(f"/stats/campaigns/{campaign_id}/daily", True)

    def advertiser_stats(self, advertiser_id):
        """Totals from both paths, which must agree."""
        main = self._stat_rows(f"/stats/advertisers/{advertiser_id}/campaigns", False)[0]
        alias = self._stat_rows(f"/stats/advertisers/{advertiser_id}", False)[0]
        assert main == alias, f"/stats/advertisers/{advertiser_id}[/campaigns] disagree: {main} vs {alias}"
        return main

    def advertiser_daily(self, advertiser_id):
        """Daily rows from both paths, which must agree; checks they are days 0..today."""
        main = self._stat_rows(f"/stats/advertisers/{advertiser_id}/campaigns/daily", True)
        alias = self._stat_rows(f"/stats/advertisers/{advertiser_id}/daily", True)
        assert main == alias, f"/stats/advertisers/{advertiser_id}[/campaigns]/daily disagree"
        today = self.today()
        assert [row["date"] for row in main] == list(range(0, today + 1)), (
            f"advertiser daily must be days 0..{today}: {[row['date'] for row in main]}"
        )
        return main


def parse_stat(row, daily, where):
    """A stat object with its number tokens checked; counts as int, money as Decimal."""
    assert isinstance(row, dict), f"{where}: stat is not an object: {row!r}"
    fields = STAT_FIELDS + (["date"] if daily else [])
    missing = [field for field in fields if field not in row]
    assert not missing, f"{where}: stat misses {missing}: {row}"
    out = {}
    for field in ["impressions_count", "clicks_count"] + (["date"] if daily else []):
        token = row[field]
        assert isinstance(token, str) and INT_TOKEN.fullmatch(token), f"{where}: {field} = {token!r}"
        out[field] = int(token)
    token = row["conversion"]
    assert isinstance(token, str) and CONVERSION_TOKEN.fullmatch(token), (
        f"{where}: conversion must be a number with at most 2 decimals: {token!r}"
    )
    out["conversion"] = Decimal(token)
    for field in MONEY_STAT_FIELDS:
        token = row[field]
        assert isinstance(token, str) and MONEY_TOKEN.fullmatch(token), (
            f"{where}: {field} must be a plain number with at most 6 decimals: {token!r}"
        )
        out[field] = Decimal(token)
    return out


def assert_ad_shape(ad):
    assert isinstance(ad, dict), ad
    assert sorted(ad) == sorted(AD_FIELDS), f"ad keys {sorted(ad)}, expected {sorted(AD_FIELDS)}"
    assert isinstance(ad["ad_id"], str) and LOWER_UUID.fullmatch(ad["ad_id"]), ad
    assert isinstance(ad["advertiser_id"], str) and LOWER_UUID.fullmatch(ad["advertiser_id"]), ad
    assert isinstance(ad["ad_title"], str) and ad["ad_title"], ad
    assert isinstance(ad["ad_text"], str) and ad["ad_text"], ad
    assert ad["ad_image"] is None or isinstance(ad["ad_image"], str), ad


def ad_of(campaign):
    """The GET /ads answer for a campaign."""
    return {
        "ad_id": campaign["campaign_id"],
        "advertiser_id": campaign["advertiser_id"],
        "ad_title": campaign["ad_title"],
        "ad_text": campaign["ad_text"],
        "ad_image": campaign["ad_image"],
    }

