"""The review queue of the admin API (API.md §11): items, claims and leases, decisions,
double review, escalation, blocking and unblocking, audit and metrics."""
import threading
import uuid

import pytest

from admin_support import reported, set_item
from ads_support import pg_scalar, unique_location

ITEM_KEYS = {"campaign_id", "campaign", "advertiser", "status", "open_reports", "flagged",
             "first_reported_at", "claimed_by", "claim_expires_at", "reviews"}


def queue_item(session, campaign_id, expect_json):
    return expect_json(session.get(f"/admin/api/queue/{campaign_id}"), 200)


def claim(session, campaign_id):
    return session.post(f"/admin/api/queue/{campaign_id}/claim")


def decide(session, campaign_id, decision, note=None):
    return session.post(f"/admin/api/queue/{campaign_id}/decision", json={"decision": decision, "note": note})


def single_review(campaign_id):
    """Makes the item need one decision (no random draw for a second review)."""
    set_item(campaign_id, sampled="false")


def test_reports_make_one_item_per_campaign(ads, api, staff, expect_json):
    campaign, clients = reported(ads, api, reports=2)
    mod = staff.session("moderator")
    item = queue_item(mod, campaign["campaign_id"], expect_json)
    assert ITEM_KEYS <= set(item)
    assert item["status"] == "open" and item["open_reports"] == 2 and item["flagged"] is False
    assert item["campaign"]["campaign_id"] == campaign["campaign_id"]
    assert item["campaign"]["moderation"] == "ok"
    assert item["advertiser"]["advertiser_id"] == campaign["advertiser_id"]
    assert item["claimed_by"] is None and item["claim_expires_at"] is None and item["reviews"] == []
    assert sorted(r["client_id"] for r in item["reports"]) == sorted(clients)
    assert {r["state"] for r in item["reports"]} == {"sent"}
    # In the list too, with the total in X-Total-Count.
    resp = mod.get("/admin/api/queue", params={"status": "open", "size": 100})
    items = expect_json(resp, 200)
    assert int(resp.headers["X-Total-Count"]) >= 1
    assert all(i["status"] == "open" for i in items)
    for i in items:
        assert ITEM_KEYS <= set(i)


def test_queue_order_and_filters(ads, api, staff, expect_json, assert_error):
    flagged, _ = reported(ads, api)
    set_item(flagged["campaign_id"], flagged="true")
    mod = staff.session("moderator")
    items = expect_json(mod.get("/admin/api/queue", params={"flagged": "true", "size": 100}), 200)
    assert items and all(i["flagged"] for i in items)
    assert flagged["campaign_id"] in [i["campaign_id"] for i in items]
    everything = expect_json(mod.get("/admin/api/queue", params={"status": "open", "size": 100}), 200)
    flags = [i["flagged"] for i in everything]
    assert flags == sorted(flags, reverse=True), "flagged items come first"
    for params in ({"status": "nope"}, {"flagged": "yes"}, {"size": "-1"}, {"page": "0"}, {"size": "101"}):
        assert_error(mod.get("/admin/api/queue", params=params), 400)


def test_claim_extend_release(ads, api, staff, expect_json, assert_error):
    campaign, _ = reported(ads, api)
    cid = campaign["campaign_id"]
    mod, other = staff.session("moderator"), staff.session("moderator")
    item = expect_json(claim(mod, cid), 200)
    assert item["status"] == "claimed" and item["claimed_by"] == mod.login
    first_expiry = item["claim_expires_at"]
    assert {r["state"] for r in queue_item(mod, cid, expect_json)["reports"]} == {"under_review"}
    again = expect_json(claim(mod, cid), 200)
    assert again["claim_expires_at"] >= first_expiry
    assert_error(claim(other, cid), 409)
    assert_error(other.post(f"/admin/api/queue/{cid}/release"), 403)
    assert mod.post(f"/admin/api/queue/{cid}/release").status_code == 204
    assert queue_item(mod, cid, expect_json)["status"] == "open"
    assert expect_json(claim(other, cid), 200)["claimed_by"] == other.login


def test_two_sessions_claim_at_once_one_wins(ads, api, staff):
    for _ in range(3):
        campaign, _ = reported(ads, api)
        sessions = [staff.session("moderator") for _ in range(2)]
        results = [None, None]
        barrier = threading.Barrier(2)

        def go(i):
            barrier.wait()
            results[i] = claim(sessions[i], campaign["campaign_id"]).status_code

        threads = [threading.Thread(target=go, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(results) == [200, 409], results


def test_lease_expiry_returns_the_item(ads, api, staff, expect_json, assert_error):
    campaign, _ = reported(ads, api)
    cid = campaign["campaign_id"]
    mod, other = staff.session("moderator"), staff.session("moderator")
    expect_json(claim(mod, cid), 200)
    set_item(cid, claim_expires_at="now() - interval '1 second'")
    item = queue_item(other, cid, expect_json)
    assert item["status"] == "open" and item["claimed_by"] is None
    expect_json(claim(other, cid), 200)
    # The first holder's lease is gone: its decision is refused.
    assert_error(decide(mod, cid, "took_action"), 403)


def test_decision_needs_a_live_claim(ads, api, staff, assert_error):
    campaign, _ = reported(ads, api)
    mod = staff.session("moderator")
    assert_error(decide(mod, campaign["campaign_id"], "skipped"), 403)
    assert_error(decide(mod, str(uuid.uuid4()), "skipped"), 404)


def test_decision_bad_bodies(ads, api, staff, assert_error):
    campaign, _ = reported(ads, api)
    cid = campaign["campaign_id"]
    mod = staff.session("moderator")
    claim(mod, cid)
    for body, field in (({}, "decision"), ({"decision": "ban"}, "decision"),
                        ({"decision": "skipped", "note": 5}, "note"),
                        ({"decision": "skipped", "note": ""}, "note")):
        assert_error(mod.post(f"/admin/api/queue/{cid}/decision", json=body), 400, field)
    assert_error(mod.post_raw(f"/admin/api/queue/{cid}/decision", "{"), 400)
    assert_error(mod.post("/admin/api/queue/nope/claim"), 400, "campaign_id")
    assert pg_scalar(f"SELECT count(*) FROM review_decisions WHERE campaign_id = '{cid}'") == "0"


def test_took_action_blocks_the_campaign(ads, api, staff, expect_json, cx, assert_error):
    campaign, clients = reported(ads, api, reports=2)
    cid = campaign["campaign_id"]
    single_review(cid)
    mod = staff.session("moderator")
    expect_json(claim(mod, cid), 200)
    item = expect_json(decide(mod, cid, "took_action", "misleading"), 200)
    assert item["status"] == "decided" and item["open_reports"] == 0
    assert [r["decision"] for r in item["reviews"]] == ["took_action"]
    detail = queue_item(mod, cid, expect_json)
    assert {r["state"] for r in detail["reports"]} == {"took_action"}
    assert [h["action"] for h in detail["history"]][-2:] == ["decided", "blocked"]
    stored = cx.stored(campaign["advertiser_id"], cid)
    assert stored["moderation"] == "blocked"
    listed, _ = cx.listed(campaign["advertiser_id"])
    assert listed[0]["moderation"] == "blocked"
    # Never served again: neither as a repeat to its viewers nor to anyone new.
    for client_id in clients + [ads.client(campaign["targeting"]["location"])]:
        ads.not_shown(client_id, campaign)
    # A decided item takes no more claims or decisions.
    assert_error(claim(mod, cid), 403)
    # Admins unblock; moderators may not.
    assert_error(mod.post(f"/admin/api/campaigns/{cid}/unblock"), 403)
    admin = staff.session("admin")
    assert expect_json(admin.post(f"/admin/api/campaigns/{cid}/unblock"), 200)["moderation"] == "ok"
    ads.shown(clients[0], campaign)
    assert_error(admin.post(f"/admin/api/campaigns/{uuid.uuid4()}/unblock"), 404)


def test_skipped_keeps_the_campaign(ads, api, staff, expect_json, cx):
    campaign, clients = reported(ads, api)
    cid = campaign["campaign_id"]
    single_review(cid)
    mod = staff.session("moderator")
    claim(mod, cid)
    assert expect_json(decide(mod, cid, "skipped"), 200)["status"] == "decided"
    assert {r["state"] for r in queue_item(mod, cid, expect_json)["reports"]} == {"skipped"}
    assert cx.stored(campaign["advertiser_id"], cid)["moderation"] == "ok"
    ads.shown(clients[0], campaign)


def test_new_report_reopens_a_decided_item(ads, api, staff, expect_json):
    campaign, _ = reported(ads, api)
    cid = campaign["campaign_id"]
    single_review(cid)
    mod = staff.session("moderator")
    claim(mod, cid)
    expect_json(decide(mod, cid, "skipped"), 200)
    late = ads.client(campaign["targeting"]["location"])
    ads.shown(late, campaign)
    assert api.post(f"/report/{cid}", json={"client_id": late}).status_code == 201
    item = queue_item(mod, cid, expect_json)
    assert item["status"] == "open" and item["open_reports"] == 1 and item["reviews"] == []


@pytest.mark.parametrize("how", ["flagged", "sampled"])
def test_double_review_agreement(ads, api, staff, expect_json, assert_error, how):
    campaign, _ = reported(ads, api)
    cid = campaign["campaign_id"]
    set_item(cid, **({"flagged": "true"} if how == "flagged" else {"sampled": "true"}))
    first, second = staff.session("moderator"), staff.session("moderator")
    expect_json(claim(first, cid), 200)
    item = expect_json(decide(first, cid, "took_action"), 200)
    assert item["status"] == "open" and len(item["reviews"]) == 1
    assert item["campaign"]["moderation"] == "ok", "one decision of two blocks nothing"
    # The first reviewer cannot give the second decision.
    assert_error(claim(first, cid), 403)
    expect_json(claim(second, cid), 200)
    item = expect_json(decide(second, cid, "took_action"), 200)
    assert item["status"] == "decided" and item["campaign"]["moderation"] == "blocked"
    assert [r["reviewer"] for r in item["reviews"]] == [first.login, second.login]


def test_disagreement_escalates_to_an_admin(ads, api, staff, expect_json, assert_error):
    campaign, _ = reported(ads, api)
    cid = campaign["campaign_id"]
    set_item(cid, flagged="true")
    first, second = staff.session("moderator"), staff.session("moderator")
    claim(first, cid)
    expect_json(decide(first, cid, "took_action"), 200)
    claim(second, cid)
    item = expect_json(decide(second, cid, "skipped"), 200)
    assert item["status"] == "escalated" and item["campaign"]["moderation"] == "ok"
    escalated = expect_json(second.get("/admin/api/queue", params={"status": "escalated", "size": 100}), 200)
    assert cid in [i["campaign_id"] for i in escalated]
    third = staff.session("moderator")
    assert_error(claim(third, cid), 403)
    admin = staff.session("admin")
    expect_json(claim(admin, cid), 200)
    item = expect_json(decide(admin, cid, "skipped", "not offensive"), 200)
    assert item["status"] == "decided" and [r["kind"] for r in item["reviews"]] == ["review", "review", "escalation"]
    actions = [h["action"] for h in queue_item(admin, cid, expect_json)["history"]]
    assert "escalated" in actions and actions[-1] == "decided"


def test_blocked_campaign_not_served_under_concurrent_ads(ads, api, staff, expect_json):
    import time

    location = unique_location()
    campaign = ads.campaign(ads.advertiser(), location)
    viewers = ads.clients(40, location)
    ads.shown(viewers[0], campaign)
    cid = campaign["campaign_id"]
    assert api.post(f"/report/{cid}", json={"client_id": viewers[0]}).status_code == 201
    single_review(cid)
    mod = staff.session("moderator")
    claim(mod, cid)
    seen = []  # (start time, ad id or None)
    stop = threading.Event()

    def hammer(k):
        from conftest import Api

        with Api(api.base_url) as s:
            i = k
            while not stop.is_set():
                start = time.monotonic()
                resp = s.get("/ads", params={"client_id": viewers[i % len(viewers)]})
                ad = resp.json().get("ad_id") if resp.status_code == 200 else None
                seen.append((start, ad))
                i += 4

    threads = [threading.Thread(target=hammer, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    expect_json(decide(mod, cid, "took_action"), 200)
    decided = time.monotonic()
    time.sleep(1.0)
    stop.set()
    for t in threads:
        t.join()
    before = [ad for start, ad in seen if start < decided]
    after = [ad for start, ad in seen if start > decided]
    assert cid in before, "the campaign was being served before the decision"
    assert after and cid not in after, "served after the decision committed"


def test_audit_log_and_metrics(ads, api, staff, expect_json, assert_error):
    campaign, _ = reported(ads, api)
    cid = campaign["campaign_id"]
    single_review(cid)
    mod = staff.session("moderator")
    claim(mod, cid)
    expect_json(decide(mod, cid, "took_action"), 200)
    resp = mod.get("/admin/api/audit", params={"size": 10})
    entries = expect_json(resp, 200)
    assert int(resp.headers["X-Total-Count"]) >= 3
    assert set(entries[0]) == {"at", "actor", "action", "campaign_id", "detail"}
    mine = [(e["actor"], e["action"]) for e in entries if e["campaign_id"] == cid]
    assert (mod.login, "decided") in mine and (mod.login, "claimed") in mine
    # Append-only, even for someone with SQL access.
    out = pg_scalar_fails("DELETE FROM audit_log")
    assert "append-only" in out
    metrics = expect_json(mod.get("/admin/api/moderation/metrics"), 200)
    assert set(metrics) >= {"open", "claimed", "escalated", "decided_today", "time_to_decision_s",
                            "decisions", "agreement_rate", "per_reviewer"}
    assert metrics["decided_today"] >= 1 and metrics["decisions"]["took_action"] >= 1
    assert set(metrics["time_to_decision_s"]) == {"p50", "p90"}
    me = [p for p in metrics["per_reviewer"] if p["login"] == mod.login]
    assert me and me[0]["decisions"] == 1 and me[0]["took_action"] == 1
    assert_error(mod.get("/admin/api/audit", params={"size": "x"}), 400)


def pg_scalar_fails(sql):
    import subprocess

    from ads_support import PSQL, pg_dsn

    out = subprocess.run([PSQL, pg_dsn(), "-Atc", sql], capture_output=True, text=True, timeout=30)
    assert out.returncode != 0, "the statement should have failed"
    return out.stderr


def test_browse_advertisers_and_overview(ads, api, staff, expect_json, assert_error):
    campaign, _ = reported(ads, api)
    name = expect_json(api.get(f"/advertisers/{campaign['advertiser_id']}"), 200)["name"]
    mod = staff.session("moderator")
    resp = mod.get("/admin/api/advertisers", params={"search": name.upper()})
    found = expect_json(resp, 200)
    assert [a["advertiser_id"] for a in found] == [campaign["advertiser_id"]]
    assert found[0]["campaigns"] == 1 and found[0]["impressions"] == 1
    assert int(resp.headers["X-Total-Count"]) == 1
    assert expect_json(mod.get("/admin/api/advertisers", params={"search": "%_%' OR 1=1 --" + uuid.uuid4().hex}), 200) == []
    assert_error(mod.get("/admin/api/advertisers", params={"search": "x" * 300}), 400, "search")
    overview = expect_json(mod.get("/admin/api/overview"), 200)
    assert set(overview) >= {"today", "overall", "fill_rate", "campaigns"}
    assert overview["overall"]["impressions"] >= 1 and overview["campaigns"]["running"] >= 1


# Every admin route: 401 without a session, 403 for a moderator where admins only are allowed.
ADMIN_ROUTES = [
    ("POST", "/admin/api/logout", "moderator"),
    ("GET", "/admin/api/me", "moderator"),
    ("POST", "/admin/api/users", "admin"),
    ("GET", "/admin/api/queue", "moderator"),
    ("GET", "/admin/api/queue/{id}", "moderator"),
    ("POST", "/admin/api/queue/{id}/claim", "moderator"),
    ("POST", "/admin/api/queue/{id}/release", "moderator"),
    ("POST", "/admin/api/queue/{id}/decision", "moderator"),
    ("POST", "/admin/api/campaigns/{id}/unblock", "admin"),
    ("GET", "/admin/api/audit", "moderator"),
    ("GET", "/admin/api/moderation/metrics", "moderator"),
    ("GET", "/admin/api/advertisers", "moderator"),
    ("GET", "/admin/api/overview", "moderator"),
    ("GET", "/admin/api/overview/daily", "moderator"),
    ("GET", "/admin/api/users", "admin"),
]


@pytest.mark.parametrize("method, path, role", ADMIN_ROUTES)
def test_admin_routes_need_a_session_and_the_role(staff, assert_error, method, path, role):
    path = path.replace("{id}", str(uuid.uuid4()))
    anon = staff.anonymous()
    assert_error(anon.request(method, path, json={}), 401)
    anon.cookies.set("bb_session", "f" * 64, path="/admin")
    assert_error(anon.request(method, path, json={}), 401)
    if role == "admin":
        assert_error(staff.session("moderator").request(method, path, json={}), 403)
