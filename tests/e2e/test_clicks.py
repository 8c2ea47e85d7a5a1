"""Clicks: POST /ads/{ad_id}/click (API.md §4, §0, §5)."""
import json
from decimal import Decimal

import pytest

from ads_support import BIG, stat, unique_location
from e2e_cases import BAD_UUIDS, BAD_UUIDS_BODY_ONLY, MALFORMATIONS, NOT_A_STRING, malform


@pytest.fixture
def shown(ads):
    """(campaign, client_id): a BIG campaign already shown to the client (not clicked)."""
    loc = unique_location()
    adv = ads.advertiser()
    campaign = ads.campaign(adv, loc)
    client = ads.client(loc, scored=[adv])
    ads.shown(client, campaign)
    return campaign, client


def assert_no_click(ads, campaign):
    assert ads.campaign_stats(campaign["campaign_id"])["clicks_count"] == 0


# --- 400: the body and the path ----------------------------------------------------------


@pytest.mark.parametrize("how", MALFORMATIONS)
def test_malformed_json_is_400(ads, shown, assert_error, how):
    campaign, client = shown
    text = malform(json.dumps({"client_id": client}), how)
    assert_error(ads.api.post_raw(f"/ads/{campaign['campaign_id']}/click", text), 400)
    assert_no_click(ads, campaign)


@pytest.mark.parametrize(
    "body", [[], "x", 5, None, True], ids=["array", "string", "number", "null", "bool"]
)
def test_body_that_is_not_an_object_is_400(ads, shown, assert_error, body):
    campaign, client = shown
    assert_error(ads.api.post(f"/ads/{campaign['campaign_id']}/click", json=body), 400)
    assert_no_click(ads, campaign)


def test_array_holding_the_object_is_400(ads, shown, assert_error):
    campaign, client = shown
    assert_error(ads.api.post(f"/ads/{campaign['campaign_id']}/click", json=[{"client_id": client}]), 400)
    assert_no_click(ads, campaign)


def test_missing_client_id_is_400(ads, shown, assert_error):
    campaign, client = shown
    resp = ads.api.post(f"/ads/{campaign['campaign_id']}/click", json={"client": client})
    assert_error(resp, 400, "client_id")
    assert_no_click(ads, campaign)


@pytest.mark.parametrize(
    "value",
    [v for _, v in BAD_UUIDS + BAD_UUIDS_BODY_ONLY + NOT_A_STRING],
    ids=[k for k, _ in BAD_UUIDS + BAD_UUIDS_BODY_ONLY + NOT_A_STRING],
)
def test_bad_client_id_is_400(ads, new_uuid, assert_error, value):
    # Shape is checked before existence: an unknown ad does not turn this into a 404.
    assert_error(ads.api.post(f"/ads/{new_uuid()}/click", json={"client_id": value}), 400, "client_id")


@pytest.mark.parametrize("bad_id", [v for _, v in BAD_UUIDS], ids=[k for k, _ in BAD_UUIDS])
def test_malformed_ad_id_is_400(ads, shown, assert_error, bad_id):
    _, client = shown
    assert_error(ads.click(bad_id, client), 400)


# --- 404 and 403 -----------------------------------------------------------------------------


def test_unknown_ad_is_404(ads, shown, new_uuid, assert_error):
    _, client = shown
    assert_error(ads.click(new_uuid(), client), 404)


def test_unknown_client_is_404(ads, shown, new_uuid, assert_error):
    campaign, _ = shown
    assert_error(ads.click(campaign["campaign_id"], new_uuid()), 404)
    assert_no_click(ads, campaign)


def test_click_on_deleted_campaign_is_404(ads, shown, assert_error):
    campaign, client = shown
    ads.delete(campaign)
    assert_error(ads.click(campaign["campaign_id"], client), 404)


def test_click_by_client_never_shown_the_ad_is_403(ads, shown, assert_error):
    campaign, _ = shown
    stranger = ads.client(campaign["targeting"]["location"])  # eligible, but never shown it
    assert_error(ads.click(campaign["campaign_id"], stranger), 403)
    assert_no_click(ads, campaign)


def test_click_on_an_ad_shown_to_another_client_only_is_403(ads, shown, assert_error):
    campaign, _ = shown
    elsewhere = ads.client(unique_location())
    assert_error(ads.click(campaign["campaign_id"], elsewhere), 403)


# --- 204: recorded once, priced at the moment ---------------------------------------------------


def test_first_click_is_204_and_recorded(ads, shown):
    campaign, client = shown
    ads.clicked(campaign, client)
    assert ads.campaign_stats(campaign["campaign_id"]) == stat(1, 1, BIG, BIG)


def test_repeated_click_is_204_and_changes_nothing(ads, shown):
    campaign, client = shown
    ads.clicked(campaign, client)
    ads.update(campaign, {"cost_per_click": 7})
    ads.clicked(campaign, client)
    ads.clicked(campaign, client.upper())
    assert ads.campaign_stats(campaign["campaign_id"]) == stat(1, 1, BIG, BIG)


def test_upper_case_ids_are_accepted(ads, shown):
    campaign, client = shown
    resp = ads.click(campaign["campaign_id"].upper(), client.upper())
    assert resp.status_code == 204, f"{resp.status_code} {resp.text[:300]!r}"
    assert ads.campaign_stats(campaign["campaign_id"]) == stat(1, 1, BIG, BIG)


def test_click_is_charged_the_price_of_the_moment(ads):
    loc = unique_location()
    adv = ads.advertiser()
    campaign = ads.campaign(adv, loc, cost_per_click=0.1)
    first, second = ads.clients(2, loc, scored=[adv])
    ads.shown(first, campaign)
    ads.shown(second, campaign)
    ads.clicked(campaign, first)
    campaign = ads.update(campaign, {"cost_per_click": 0.2})
    ads.clicked(campaign, second)
    ads.clicked(campaign, first)  # a repeat: not charged again at the new price
    totals = ads.campaign_stats(campaign["campaign_id"])
    assert totals == stat(2, 2, 2 * BIG, Decimal("0.3")), totals
    assert str(totals["spent_total"]) == "200000000000.3"


def test_clicks_beyond_clicks_limit_are_answered_but_not_charged(ads):
    """The click budget is a hard cap: a click past it is acknowledged (204), not recorded."""
    loc = unique_location()
    adv = ads.advertiser()
    campaign = ads.campaign(adv, loc, impressions_limit=5, clicks_limit=1)
    first, second = ads.clients(2, loc, scored=[adv])
    ads.shown(first, campaign)
    ads.shown(second, campaign)
    ads.clicked(campaign, first)
    ads.clicked(campaign, second)  # 204, but the campaign's one click is spent
    assert ads.campaign_stats(campaign["campaign_id"]) == stat(2, 1, 2 * BIG, BIG)
    ads.clicked(campaign, second)  # still nothing: no double refusal, no charge
    assert ads.campaign_stats(campaign["campaign_id"]) == stat(2, 1, 2 * BIG, BIG)


def test_click_after_the_campaign_ended_is_recorded_on_the_day_of_the_click(ads):
    loc = unique_location()
    adv = ads.advertiser()
    today = ads.today()
    campaign = ads.campaign(adv, loc, start=today, end=today)  # its last day is today
    client = ads.client(loc, scored=[adv])
    ads.shown(client, campaign)

    assert ads.advance(1) == today + 1
    ads.clicked(campaign, client)

    cid = campaign["campaign_id"]
    assert ads.campaign_stats(cid) == stat(1, 1, BIG, BIG)
    # The campaign's daily rows stop at its end_date; the click is dated the day after.
    assert ads.campaign_daily(cid) == [stat(1, 0, BIG, 0, date=today)]
    daily = ads.advertiser_daily(adv)
    assert daily[today] == stat(1, 0, BIG, 0, date=today)
    assert daily[today + 1] == stat(0, 1, 0, BIG, date=today + 1)
    assert ads.advertiser_stats(adv) == stat(1, 1, BIG, BIG)
