"""Statistics: /stats/campaigns/{id}[/daily], /stats/advertisers/{id}[/campaigns][/daily] (API.md §5)."""
from decimal import Decimal

import pytest

from ads_support import BIG, TOP, stat, unique_location, zero_days
from e2e_cases import BAD_UUIDS


CAMPAIGN_PATHS = ["/stats/campaigns/{}", "/stats/campaigns/{}/daily"]
ADVERTISER_PATHS = [
    "/stats/advertisers/{}",
    "/stats/advertisers/{}/campaigns",
    "/stats/advertisers/{}/daily",
    "/stats/advertisers/{}/campaigns/daily",
]


# --- 400 and 404 ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", CAMPAIGN_PATHS + ADVERTISER_PATHS)
@pytest.mark.parametrize("bad_id", [v for _, v in BAD_UUIDS], ids=[k for k, _ in BAD_UUIDS])
def test_malformed_id_is_400(api, assert_error, path, bad_id):
    assert_error(api.get(path.format(bad_id)), 400)


@pytest.mark.parametrize("path", CAMPAIGN_PATHS + ADVERTISER_PATHS)
def test_unknown_id_is_404(api, assert_error, new_uuid, path):
    assert_error(api.get(path.format(new_uuid())), 404)


@pytest.mark.parametrize("path", CAMPAIGN_PATHS)
def test_advertiser_id_is_not_a_campaign(ads, assert_error, path):
    adv = ads.advertiser()
    ads.campaign(adv, unique_location())
    assert_error(ads.api.get(path.format(adv)), 404)


# --- nothing happened yet --------------------------------------------------------------------


def test_new_campaign_has_zero_totals(ads):
    campaign = ads.campaign(ads.advertiser(), unique_location())
    assert ads.campaign_stats(campaign["campaign_id"]) == stat()


def test_campaign_daily_is_empty_before_start(ads):
    today = ads.today()
    campaign = ads.campaign(ads.advertiser(), unique_location(), start=today + 1, end=today + 3)
    assert ads.campaign_daily(campaign["campaign_id"]) == []
    assert ads.campaign_stats(campaign["campaign_id"]) == stat()


def test_campaign_daily_starts_on_start_date_and_stops_today(ads):
    today = ads.today()
    campaign = ads.campaign(ads.advertiser(), unique_location(), start=today, end=today + 5)
    assert ads.campaign_daily(campaign["campaign_id"]) == zero_days(today, today)


def test_advertiser_without_campaigns_has_zeros(ads):
    adv = ads.advertiser()
    assert ads.advertiser_stats(adv) == stat()
    assert ads.advertiser_daily(adv) == zero_days(0, ads.today())


def test_upper_case_ids_are_accepted(ads):
    loc = unique_location()
    adv = ads.advertiser()
    campaign = ads.campaign(adv, loc)
    ads.shown(ads.client(loc, scored=[adv]), campaign)
    assert ads.campaign_stats(campaign["campaign_id"].upper()) == stat(1, 0, BIG)
    assert ads.advertiser_stats(adv.upper()) == stat(1, 0, BIG)


# --- totals, conversion, money -----------------------------------------------------------------


def test_conversion_is_rounded_to_two_decimals(ads):
    adv = ads.advertiser()
    campaigns = {}
    for clicks in (1, 2):  # of 3 impressions each
        loc = unique_location()
        campaign = ads.campaign(adv, loc, cost_per_click=1)
        clients = ads.clients(3, loc, scored=[adv])
        for client in clients:
            ads.shown(client, campaign)
        for client in clients[:clicks]:
            ads.clicked(campaign, client)
        campaigns[clicks] = campaign["campaign_id"]

    low = ads.campaign_stats(campaigns[1])
    assert low == stat(3, 1, 3 * BIG, 1), low
    assert low["conversion"] == Decimal("33.33")
    high = ads.campaign_stats(campaigns[2])
    assert high == stat(3, 2, 3 * BIG, 2), high
    assert high["conversion"] == Decimal("66.67")
    total = ads.advertiser_stats(adv)
    assert total == stat(6, 3, 6 * BIG, 3), total
    assert total["conversion"] == Decimal("50")
    today = ads.today()
    assert ads.campaign_daily(campaigns[1])[-1] == stat(3, 1, 3 * BIG, 1, date=today)
    assert ads.advertiser_daily(adv)[today]["conversion"] == Decimal("50")


def test_money_sums_are_exact(ads):
    adv = ads.advertiser()
    cheap_shows, cheap_clicks = [], []
    # Impressions at 0.1 and 0.2 (the TOP click price keeps them on top; nobody clicks) ...
    for price in (0.1, 0.2):
        loc = unique_location()
        campaign = ads.campaign(adv, loc, cost_per_impression=price, cost_per_click=TOP)
        ads.shown(ads.client(loc, scored=[adv]), campaign)
        cheap_shows.append(campaign["campaign_id"])
    # ... and clicks at 0.1 and 0.2 (on BIG impressions).
    for price in (0.1, 0.2):
        loc = unique_location()
        campaign = ads.campaign(adv, loc, cost_per_click=price)
        client = ads.client(loc, scored=[adv])
        ads.shown(client, campaign)
        ads.clicked(campaign, client)
        cheap_clicks.append(campaign["campaign_id"])

    assert ads.campaign_stats(cheap_shows[0]) == stat(1, 0, "0.1", 0)
    assert ads.campaign_stats(cheap_shows[1]) == stat(1, 0, "0.2", 0)
    assert ads.campaign_stats(cheap_clicks[0]) == stat(1, 1, BIG, "0.1")
    assert ads.campaign_stats(cheap_clicks[1]) == stat(1, 1, BIG, "0.2")
    total = ads.advertiser_stats(adv)
    assert total == stat(4, 2, 2 * BIG + Decimal("0.3"), "0.3"), total
    spent = [str(total[k]) for k in ("spent_impressions", "spent_clicks", "spent_total")]
    assert spent == ["200000000000.3", "0.3", "200000000000.6"], spent


def test_totals_cover_every_campaign_of_the_advertiser_only(ads):
    adv, other = ads.advertiser(), ads.advertiser()
    loc = unique_location()
    mine = [ads.campaign(adv, loc, cost_per_impression=BIG + 10 * i) for i in range(2)]
    theirs = ads.campaign(other, loc, cost_per_impression=BIG + 20)
    client = ads.client(loc)
    # Three different campaigns, most expensive first, each a first show.
    order = [theirs, mine[1], mine[0]]
    assert [ads.ad_id(client) for _ in range(3)] == [c["campaign_id"] for c in order]
    ads.clicked(mine[0], client)
    assert ads.advertiser_stats(adv) == stat(2, 1, 2 * BIG + 10, BIG)
    assert ads.advertiser_stats(other) == stat(1, 0, BIG + 20)


def test_deleted_campaign_stats_are_404_but_still_in_the_advertiser_totals(ads, assert_error):
    loc = unique_location()
    adv = ads.advertiser()
    kept, deleted = ads.campaign(adv, loc), ads.campaign(adv, unique_location())
    ads.shown(ads.client(loc, scored=[adv]), kept)
    gone_client = ads.client(deleted["targeting"]["location"], scored=[adv])
    ads.shown(gone_client, deleted)
    ads.clicked(deleted, gone_client)
    ads.delete(deleted)

    for path in CAMPAIGN_PATHS:
        assert_error(ads.api.get(path.format(deleted["campaign_id"])), 404)
    assert ads.campaign_stats(kept["campaign_id"]) == stat(1, 0, BIG)
    assert ads.advertiser_stats(adv) == stat(2, 1, 2 * BIG, BIG)
    today = ads.today()
    assert ads.advertiser_daily(adv)[today] == stat(2, 1, 2 * BIG, BIG, date=today)


def test_sums_beyond_the_largest_price_are_reported(ads):
    """Prices go up to 1e12; two impressions at that price spend 2e12, which must read back."""
    loc = unique_location()
    adv = ads.advertiser()
    top = 10**12
    campaign = ads.campaign(adv, loc, cost_per_impression=top, cost_per_click=top)
    first, second = ads.clients(2, loc, scored=[adv])
    ads.shown(first, campaign)
    ads.shown(second, campaign)
    ads.clicked(campaign, first)
    expected = stat(2, 1, 2 * top, top)
    assert ads.campaign_stats(campaign["campaign_id"]) == expected
    assert ads.advertiser_stats(adv) == expected


# --- daily rows ----------------------------------------------------------------------------------


def test_daily_rows_are_per_day_and_zero_filled(ads):
    """One day forward. Three campaigns: running, ended today, starting tomorrow."""
    adv = ads.advertiser()
    t = ads.today()
    locs = [unique_location() for _ in range(3)]
    running = ads.campaign(adv, locs[0], start=t, end=t + 3)
    ending = ads.campaign(adv, locs[1], start=t, end=t, cost_per_impression=BIG / 10)
    starting = ads.campaign(adv, locs[2], start=t + 1, end=t + 2, cost_per_click=BIG / 10)
    r1, r2 = ads.clients(2, locs[0], scored=[adv])
    (e1,) = ads.clients(1, locs[1], scored=[adv])
    (s1,) = ads.clients(1, locs[2], scored=[adv])

    ads.shown(r1, running)
    ads.clicked(running, r1)
    ads.shown(e1, ending)
    assert ads.campaign_daily(starting["campaign_id"]) == []
    assert ads.campaign_daily(running["campaign_id"]) == [stat(1, 1, BIG, BIG, date=t)]

    assert ads.advance(1) == t + 1
    ads.shown(r2, running)
    ads.shown(s1, starting)
    ads.clicked(starting, s1)

    assert ads.campaign_daily(running["campaign_id"]) == [
        stat(1, 1, BIG, BIG, date=t),
        stat(1, 0, BIG, 0, date=t + 1),
    ]
    assert ads.campaign_daily(ending["campaign_id"]) == [stat(1, 0, BIG / 10, 0, date=t)]
    assert ads.campaign_daily(starting["campaign_id"]) == [stat(1, 1, BIG, BIG / 10, date=t + 1)]

    daily = ads.advertiser_daily(adv)
    expected = zero_days(0, t - 1) + [
        stat(2, 1, BIG + BIG / 10, BIG, date=t),
        stat(2, 1, 2 * BIG, BIG / 10, date=t + 1),
    ]
    assert daily == expected
    assert ads.advertiser_stats(adv) == stat(4, 2, 3 * BIG + BIG / 10, BIG + BIG / 10)
    assert ads.campaign_stats(running["campaign_id"]) == stat(2, 1, 2 * BIG, BIG)
