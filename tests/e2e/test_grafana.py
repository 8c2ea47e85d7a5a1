"""The Grafana provisioning of docker/compose.yaml (docker/grafana/): valid files, and every
panel's SQL, with the dashboard's variables set to a real advertiser and campaign, runs against
the stack's PostgreSQL and gives the numbers of GET /stats (the admin pages' numbers)."""
import json
import os
import re
import subprocess
from decimal import Decimal

import pytest

from ads_support import PSQL, pg_dsn, unique_location

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GRAFANA = os.path.join(ROOT, "docker", "grafana")
DASHBOARDS = os.path.join(GRAFANA, "dashboards")
DATASOURCE_UID = "billboard-pg"
VARIABLE = re.compile(r"\$\{(\w+)\}|\$(\w+)")


def dashboards():
    names = sorted(n for n in os.listdir(DASHBOARDS) if n.endswith(".json"))
    assert names, "no dashboard JSON in docker/grafana/dashboards"
    out = {}
    for name in names:
        with open(os.path.join(DASHBOARDS, name), encoding="utf-8") as f:
            out[name] = json.load(f)
    return out


def psql_rows(sql):
    """Rows (lists of text) of one query; fails the test on any error."""
    dsn = pg_dsn()
    if not dsn:
        pytest.skip("BILLBOARD_PG_DSN is not set")
    out = subprocess.run([PSQL, dsn, "-X", "-v", "ON_ERROR_STOP=1", "-At", "-F", "\t", "-c", sql],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, f"query failed: {out.stderr.strip()}\n{sql}"
    return [line.split("\t") for line in out.stdout.splitlines()]


def substitute(sql, values):
    def one(m):
        name = m.group(1) or m.group(2)
        assert name in values, f"unknown variable ${name} in {sql}"
        return values[name]
    return VARIABLE.sub(one, sql)


def panel_sql(dashboard):
    for panel in dashboard["panels"]:
        for target in panel["targets"]:
            yield panel["title"], target["rawSql"]


def test_dashboards_are_valid():
    """Every dashboard: a uid, a title, panels on the provisioned data source, each with SQL,
    and only variables it declares; provisioning files name that data source."""
    with open(os.path.join(GRAFANA, "provisioning", "datasources", "billboard.yaml"), encoding="utf-8") as f:
        assert f"uid: {DATASOURCE_UID}" in f.read()
    uids = set()
    for name, d in dashboards().items():
        assert d.get("uid") and d.get("title"), name
        assert d["uid"] not in uids, f"{name}: uid {d['uid']} used twice"
        uids.add(d["uid"])
        declared = {v["name"] for v in d["templating"]["list"]}
        assert declared, f"{name}: no id variable"
        ids = [p["id"] for p in d["panels"]]
        assert len(ids) == len(set(ids)), f"{name}: panel ids repeat"
        for panel in d["panels"]:
            assert panel["datasource"]["uid"] == DATASOURCE_UID, f"{name}: {panel['title']}"
            assert panel["targets"], f"{name}: {panel['title']} has no query"
        for title, sql in panel_sql(d):
            used = {a or b for a, b in VARIABLE.findall(sql)}
            assert used <= declared, f"{name}: {title} uses {used - declared}"


def test_variable_queries_list_ids(ads):
    """The variables' queries run and offer the ids (as __value) of what exists."""
    advertiser_id = ads.advertiser()
    campaign = ads.campaign(advertiser_id, unique_location())
    wanted = {"advertiser_id": advertiser_id, "campaign_id": campaign["campaign_id"]}
    for name, d in dashboards().items():
        for var in d["templating"]["list"]:
            rows = psql_rows(var["query"])
            assert wanted[var["name"]] in [row[0] for row in rows], f"{name}: ${var['name']}"


def test_panels_run_and_match_the_api(ads, api):
    """Each panel's SQL runs with the variables set; the totals and the daily rows are the
    numbers of GET /stats/advertisers/{id} and GET /stats/campaigns/{id}."""
    location = unique_location()
    advertiser_id = ads.advertiser()
    campaign = ads.campaign(advertiser_id, location, end=ads.today() + 3)
    other = ads.campaign(advertiser_id, location + "-other")
    for _ in range(3):
        ads.shown(ads.client(location), campaign)
    client = ads.client(location)
    ads.shown(client, campaign)
    ads.clicked(campaign, client)
    resp = api.post(f"/report/{campaign['campaign_id']}", json={"client_id": client, "message": "misleading"})
    assert resp.status_code == 201, resp.text
    ads.shown(ads.client(location + "-other"), other)
    values = {"advertiser_id": advertiser_id, "campaign_id": campaign["campaign_id"]}
    expected = {
        "billboard-advertiser": (ads.advertiser_stats(advertiser_id), ads.advertiser_daily(advertiser_id)),
        "billboard-campaign": (ads.campaign_stats(campaign["campaign_id"]), ads.campaign_daily(campaign["campaign_id"])),
    }
    fields = {"Impressions": "impressions_count", "Clicks": "clicks_count", "Conversion, %": "conversion",
              "Spend": "spent_total"}
    daily_fields = {"Impressions per day": "impressions_count", "Clicks per day": "clicks_count",
                    "Conversion per day, %": "conversion", "Spend per day": "spent_total"}
    checked = 0
    for name, d in dashboards().items():
        totals, daily = expected[d["uid"]]
        for title, sql in panel_sql(d):
            rows = psql_rows(substitute(sql, values))
            if title in fields:
                assert len(rows) == 1, f"{name}: {title}: {rows}"
                assert Decimal(rows[0][0]) == Decimal(totals[fields[title]]), f"{name}: {title}"
                checked += 1
            elif title in daily_fields:
                got = [(int(day), Decimal(v)) for day, v in rows]
                want = [(int(row["date"]), Decimal(row[daily_fields[title]])) for row in daily]
                assert got == want, f"{name}: {title}"
                checked += 1
            else:
                assert rows, f"{name}: {title} found nothing for {values}"
    assert checked == 16, f"expected 8 totals and 8 daily panels per pair of dashboards, checked {checked}"
    assert totals["impressions_count"] == 4 and totals["clicks_count"] == 1
