"""Losing Redis loses nothing (DESIGN.md "Data"; API.md §4, §2, §5).

Redis only caches what PostgreSQL knows (the day, the catalogue, every client's seen and
clicked campaigns and ML scores), so a FLUSHALL in the middle of serving must not cause an
error, a double-counted impression, a forgotten click or a stale ML score.
"""
import concurrent.futures

import requests

from ads_support import TOP, pg_count, redis_flushall, stat, unique_location


# Per impression and per click: the campaign wins a first show on price alone (above other
# tests' 1e9 impressions), and 20 impressions and 10 clicks stay below 1e12 in total.
PRICE = 5 * 10**9
CLICK = 8 * 10**10


def test_serving_survives_a_redis_flush(ads, base_url):
    loc = unique_location()
    adv = ads.advertiser()
    today = ads.today()
    top = ads.campaign(adv, loc, start=today, end=today + 1, cost_per_impression=PRICE, cost_per_click=CLICK)
    ads.campaign(adv, loc, start=today, end=today + 1, cost_per_impression=1, cost_per_click=0)
    clients = ads.clients(20, loc, scored=[adv])
    clicked_before, seen_before, fresh = clients[:5], clients[5:10], clients[10:]

    for client in clicked_before + seen_before:
        ads.shown(client, top)
    for client in clicked_before:
        ads.clicked(top, client)

    redis_flushall()

    # Repeats (seen before the flush) and first shows, many at once.
    def serve(client):
        with requests.Session() as session:
            resp = session.get(f"{base_url}/ads", params={"client_id": client}, timeout=10)
            return client, resp.status_code, resp.text

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(serve, seen_before + fresh + seen_before))
    failed = [a for a in answers if a[1] != 200]
    assert not failed, f"after the flush every one of them should get an ad: {failed[:5]}"
    # A first show goes to the price; a repeat is chosen for relevance, not price, so who saw
    # the campaign before may get another ad (the totals below show it was not charged again).
    failed = [a for a in answers if a[0] in fresh and f'"{top["campaign_id"]}"' not in a[2]]
    assert not failed, f"after the flush every new client should get {top['campaign_id']}: {failed[:5]}"

    # Clicks made before the flush are still known: the clicked ad yields to the other one.
    for client in clicked_before:
        ad = ads.ad(client)
        assert ad is not None and ad["ad_id"] != top["campaign_id"], (client, ad)
    for client in fresh[:5]:
        ads.clicked(top, client)
    ads.clicked(top, clicked_before[0])  # a repeat from before the flush: nothing changes

    health = ads.api.get("/health")
    assert health.status_code == 200, health.text

    cid = top["campaign_id"]
    totals = ads.campaign_stats(cid)
    assert totals == stat(20, 10, 20 * PRICE, 10 * CLICK), totals
    assert pg_count("impressions", cid) == totals["impressions_count"]
    assert pg_count("clicks", cid) == totals["clicks_count"]


def test_ml_score_update_right_after_a_flush_is_visible(ads):
    loc = unique_location()
    first_adv, second_adv = ads.advertiser(), ads.advertiser()
    # Two equally priced campaigns per advertiser: only the ML scores decide between them.
    firsts = {ads.campaign(first_adv, loc)["campaign_id"] for _ in range(2)}
    seconds = {ads.campaign(second_adv, loc)["campaign_id"] for _ in range(2)}
    # TOP-priced, nothing to earn once seen: a warm-up takes one request on price alone, so
    # that the request that builds the client's cache is not the one that checks the scores
    # (test_ads.py::test_ml_score_counts_on_the_first_request checks that one).
    def warm_up():
        return ads.campaign(ads.advertiser(), loc, cost_per_impression=TOP, cost_per_click=0)

    before = warm_up()
    client = ads.client(loc)
    ads.score(client, first_adv, 100)
    ads.score(client, second_adv, 1)
    ads.shown(client, before)
    assert ads.ad_id(client) in firsts  # the scores decide, from the client's cached state
    after = warm_up()

    redis_flushall()
    ads.score(client, second_adv, 10_000)

    ads.shown(client, after)
    assert ads.ad_id(client) in seconds, "the score posted right after the flush was not used"
    assert ads.ad_id(client) in seconds
